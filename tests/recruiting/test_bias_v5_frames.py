"""Rules v5: terms judged in a frame about the candidate, relatives' roles, and technical senses for every rule."""

import pytest

from recruiting.bias import check_bias


def categories(text: str) -> set[str]:
    return {flag["category"] for flag in check_bias(text).flags}


@pytest.mark.parametrize(
    "text, category",
    [
        ("He's short, which may hurt his presence in the boardroom.", "appearance"),
        ("Towering guy, quite imposing in the room.", "appearance"),
        ("Not the most polished-looking candidate we've had.", "appearance"),
        ("Seemed a bit manic, honestly, talking a mile a minute.", "disability"),
        ("A bit slow, if you get what I mean, not all there.", "disability"),
        ("Talks a bit street for a client-facing role, if you know what I mean.", "race_ethnicity"),
        ("He's an older Black man; some clients may find him intimidating.", "age"),
        ("Bit of a princess about the take-home deadline.", "gender"),
        ("She's expecting, so the timing is awkward.", "family_status"),
        ("Single and mobile, relocation won't be an issue.", "family_status"),
    ],
)
def test_an_everyday_word_said_of_the_candidate_is_flagged(text, category):
    assert category in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "Gave a short, clear summary of the trade-offs.",
        "The build is huge, so he split it into three stages.",
        "Our old deployment scripts confused her at first, but she figured them out.",
        "Her old manager at Zalando gave a glowing reference.",
        "The energy in the room picked up once we got to the system design part.",
        "Was expecting a 500 from the endpoint and wrote a test for it.",
        "Single sign-on and a single-page admin, both shipped by Zoë in São Paulo.",
        "Young project, so he'd help shape the conventions from scratch.",
    ],
)
def test_the_same_words_about_things_are_not_flagged(text):
    assert categories(text) == set()


@pytest.mark.parametrize(
    "text, category",
    [
        ("Wears a turban; clients in the Midwest might find that distracting.", "race_ethnicity"),
        ("Has a very Nigerian way of speaking, clients may struggle.", "race_ethnicity"),
        ("Uses a cane, so the office stairs could be a problem.", "disability"),
    ],
)
def test_a_terse_note_has_the_candidate_as_its_implied_subject(text, category):
    assert category in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "Her son has autism and needs her a lot.",
        "His mother has dementia and lives with him, so evenings are out.",
        "Lives with and cares for his disabled sister.",
        "He goes to his dad's dialysis appointments twice a week.",
    ],
)
def test_a_relatives_health_is_the_candidates_family_status_not_disability(text):
    assert categories(text) == {"family_status"}


def test_the_interviewers_own_relatives_are_not_the_candidates_family():
    assert categories("She's about the same age as my mum, which made the pairing a bit awkward.") == {"age"}


@pytest.mark.parametrize(
    "text",
    [
        "Led the rewrite of a hospital scheduling system in Bordeaux.",
        "Worked on a childcare booking platform for a nursery chain in Leeds.",
        "He married the two data models with a clean adapter layer.",
        "The legacy service is on life support, and he had a plan to retire it.",
        "Moved from Java to Go two years ago and is fluent in both.",
        "Came from Stripe, where he ran the payouts team.",
        "She localised the app into Brazilian Portuguese and Vietnamese.",
        "Overqualified in scope: he ran a platform org of 60, and the Staff opening fits better.",
    ],
)
def test_technical_and_job_relevant_senses_hold_for_every_rule(text):
    assert categories(text) == set()


def test_an_observance_is_not_read_as_a_language_skill():
    assert "race_ethnicity" in categories("She fasts during the day in Ramadan, so lunch-and-learns might not work.")


@pytest.mark.parametrize(
    "text",
    [
        "She's recovering from surgery and may need time off.",
        "Walks with a cane, the stairs may be hard.",
        "Spent a week in hospital in March; not sure he is fully fit.",
        "His therapy sessions are on Thursdays, so that day is out.",
        "Had a head injury a few years back and mentioned memory issues.",
    ],
)
def test_a_health_word_counts_when_the_candidate_has_takes_or_uses_it(text):
    assert "disability" in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "Built medical imaging pipelines for a hospital group in Lyon.",
        "Worked in hospitality for three years before switching to software.",
        "Uses ORMs as a crutch rather than learning SQL properly.",
        "The release was unstable until she fixed the flaky tests.",
        "Gave a sober assessment of the trade-offs.",
        "He had a stroke of luck with the cache hit rate, then explained why.",
        "The build is still green after her refactor.",
        "Held at 40 requests per second; latency stayed at 50 ms.",
        "A nagging doubt about the schema made her add a migration test.",
        "She is emotionally intelligent and great at nurturing junior engineers.",
        "Her people skills are excellent, rated 4.5.",
        "He retired the old monolith with a strangler-fig pattern.",
    ],
)
def test_everyday_senses_of_health_age_and_gender_words_are_not_flagged(text):
    assert categories(text) == set()


def test_a_stated_age_still_counts_when_no_quantity_follows():
    assert "age" in categories("At 63 I would be worried about his stamina.")
    assert "age" in categories("He is nearly 60, and slowing down.")


@pytest.mark.parametrize(
    "text",
    [
        "Our clients in construction may not take a woman seriously on site.",
        "Hired a woman last time and she left after a year, so I'm wary.",
        "Sweet girl but I can't see her managing contractors.",
        "The team is all blokes, she might feel out of place.",
    ],
)
def test_a_gendered_noun_counts_in_a_sentence_that_judges(text):
    assert "gender" in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "The woman from the recruiting agency joined the debrief late.",
        "He said his manager, a woman named Priya, gave him room to grow.",
        "Her design for the women's health app was thoughtful and well tested.",
        "The guys at the vendor shipped a broken SDK, and he worked around it calmly.",
    ],
)
def test_a_gendered_noun_that_only_names_someone_is_not_flagged(text):
    assert categories(text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "Looks good to me: his solution looked like a standard LRU cache.",
        "He cut his teeth on Perl and ripped out the ORM in his last role.",
        "She was engaged throughout, asked sharp questions, and separated the read and write paths.",
        "After the honeymoon period at her last job she led the on-call rota.",
        "At the height of the outage he kept the incident channel calm; stunning results.",
    ],
)
def test_everyday_senses_of_appearance_and_family_words_are_not_flagged(text):
    assert categories(text) == set()


@pytest.mark.parametrize(
    "text, category",
    [
        ("Much heavier than his LinkedIn photo.", "appearance"),
        ("He's very tall, quite imposing for the junior devs.", "appearance"),
        ("Recently separated, which could be a distraction for him.", "family_status"),
        ("Just got engaged, so expect a long honeymoon.", "family_status"),
    ],
)
def test_the_same_words_said_of_the_candidate_are_flagged(text, category):
    assert category in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "Recently diagnosed, not sure with what, but it sounded serious.",
        "Back from a long hospital stay in the spring.",
        "Surgery next month, so she'll be off for weeks.",
        "Cancer survivor, might need time off for checkups.",
        "Mobility is limited, so the office stairs are a concern.",
    ],
)
def test_a_terse_note_about_the_candidates_health_is_flagged(text):
    assert "disability" in categories(text)


@pytest.mark.parametrize(
    "text",
    [
        "She diagnosed the flaky test in ten minutes.",
        "Diagnosed why the cache missed, clearly.",
        "He is recovering the cluster from backups.",
    ],
)
def test_diagnosing_and_recovering_things_are_not_health(text):
    assert categories(text) == set()


def test_a_terse_list_of_traits_still_names_age():
    assert "age" in categories("Hungry, young, cheap: exactly the profile we want for this team.")
