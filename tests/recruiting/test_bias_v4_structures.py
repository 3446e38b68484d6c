"""Rules v4: national origin, era and early-career proxies, gender nouns and the absence of family ties as structures."""

import pytest

from recruiting.bias import check_bias


def categories(text: str) -> set[str]:
    return {flag["category"] for flag in check_bias(text).flags}


@pytest.mark.parametrize(
    "text, category",
    [
        ("Zoë moved here from Sierra Leone last year, so check her references twice.", "race_ethnicity"),
        ("He is originally from Eastern Europe and the clients are traditional.", "race_ethnicity"),
        ("Not a local, and it shows in how she writes.", "race_ethnicity"),
        ("A Ukrainian lad, very direct, might rub people up the wrong way.", "race_ethnicity"),
        ("He graduated in the nineties, so the cloud work may be new to him.", "age"),
        ("Fresh out of uni and too green to run the on-call rota.", "age"),
        ("A bit old-school in how he talks about code review.", "age"),
        ("We want someone earlier in their career who costs less.", "age"),
        ("Childless at forty, so she can give the role everything.", "age"),
        ("The client asked for a gentleman at the front desk.", "gender"),
        ("Lacks the drive you'd expect from a guy in enterprise sales.", "gender"),
        ("Not very photogenic for a role that fronts our videos.", "appearance"),
        ("A big lad, might intimidate the reception staff.", "appearance"),
        ("No partner or children, so relocating to São Paulo, Brazil is easy for him.", "family_status"),
        ("She is a young mum and will be distracted.", "family_status"),
    ],
)
def test_structures_that_v3_missed_are_flagged(text, category):
    assert category in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "He married the legacy API with the new event bus elegantly.",
        "He built accessibility features for blind users of the app.",
        "She turned parental leave policy feedback into a feature of the HR tool.",
        "Fluent Japanese as required; she did the whole interview in Japanese.",
        "Speaks Portuguese and Spanish, useful for the Brazil accounts.",
        "Polish the onboarding copy before the release.",
        "She worked on the greenfield billing service in Berlin, Germany.",
        "He is a senior engineer who came from Google with a 4.5 rating.",
    ],
)
def test_technical_and_job_relevant_senses_stay_unflagged(text):
    assert categories(text) == set()


def test_a_wheelchair_user_is_still_a_person_not_a_product_audience():
    assert "disability" in categories("He is a wheelchair user, so site visits might be hard.")
