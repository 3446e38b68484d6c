"""Rules v3 term classes: inflected terms, technical senses and terms that count only about a person."""

import pytest

from recruiting.bias import check_bias


def categories(text: str) -> set[str]:
    return {flag["category"] for flag in check_bias(text).flags}


@pytest.mark.parametrize(
    "text, category",
    [
        ("He is basically a pensioner at this point, rated 4.5 anyway.", "age"),
        ("Graduated back in '89, so I doubt he keeps up with modern tooling.", "age"),
        ("She was a bit ditzy in the system design round.", "gender"),
        (
            "Zoë O'Connor has a strong Glaswegian twang that clients in Berlin, Germany might struggle with.",
            "race_ethnicity",
        ),
        ("He is dyspraxic, which worries me for the whiteboard round.", "disability"),
        ("She mentioned she is an amputee; the São Paulo, Brazil office has stairs.", "disability"),
        ("He is balding and a bit portly for a client-facing role.", "appearance"),
        ("He is unattached and footloose, perfect for the travel.", "family_status"),
        ("Mentioned they're trying to conceive, expect time off.", "family_status"),
        ("Three children under five; not sure how she'd juggle it.", "family_status"),
        ("He's been around since the dot-com days, a bit of a relic.", "age"),
        ("Partially sighted, so screen-heavy work may be a stretch.", "disability"),
        ("She gets flustered and teary under pressure, typical.", "gender"),
        ("He hails from Porto, Portugal, not sure about the culture here.", "race_ethnicity"),
        ("Has MS, I worry about stamina long-term.", "disability"),
        ("Seemed a bit slow, maybe some learning difficulty.", "disability"),
    ],
)
def test_inflected_and_related_terms_are_flagged_without_a_phrase_rule_each(text, category):
    assert category in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "Coaches a kids' football team at the weekend and talked about it warmly.",
        "Wrote the parental-leave rules engine for an HR product; knows the edge cases.",
        "Her answer on the CAP theorem was short but correct, rated 4.5.",
        "She did the heavy lifting on the data migration and kept the controllers skinny.",
        "He diagnosed the race condition in the payment worker within minutes.",
        "Retired the old monolith gracefully with a strangler-fig pattern.",
        "Conceived the internal developer portal and drove it to 80% adoption.",
        "She came from Google and led the payments team in Berlin, Germany.",
        "The cluster is in recovery mode after the failover, he explained.",
        "Wrote an MS thesis on query planning.",
    ],
)
def test_terms_in_their_technical_or_everyday_sense_are_not_flagged(text):
    assert categories(text) == set()


def test_a_term_with_an_everyday_sense_counts_only_when_the_sentence_is_about_someone():
    assert categories("Our prayer-time room booking feature shipped late.") == set()
    assert "race_ethnicity" in categories("She asked about prayer times during the onsite.")


def test_a_family_role_word_inside_a_family_flag_does_not_add_gender():
    assert categories("Recently separated from his wife, might be distracted.") == {"family_status"}
