"""Rules v6: listed modifiers of a technical noun, terms said of a thing, and proxies v5 missed on a fresh batch."""

import pytest

from recruiting.bias import check_bias


def categories(text: str) -> set[str]:
    return {flag["category"] for flag in check_bias(text).flags}


@pytest.mark.parametrize(
    "text",
    [
        # A term listed with other modifiers of a technical noun keeps the technical sense.
        "Explained the runtime's young and old generations clearly.",
        "Short, crisp answers on the design questions.",
        # A term said of a technical or organisational subject is not said of the candidate.
        "The framework is too old for the new runtime, so she proposed an upgrade.",
        "The codebase is three years old and she would own most of it.",
        "Wrote the pension calculator for a payroll startup.",
        "Spent four years at a Brazilian fintech on card payments.",
        "The cable run is six feet long, he measured it.",
        "The app looks native on both platforms.",
    ],
)
def test_technical_and_organisational_senses_are_not_flagged(text):
    assert categories(text) == set()


@pytest.mark.parametrize(
    "text, expected",
    [
        # The frame for things does not hide a judgement about the people a group is made of.
        ("The team is all blokes, she might feel uncomfortable there.", {"gender"}),
        # Two clauses joined by "and" are not one list of modifiers.
        ("He's old and the codebase moves fast.", {"age"}),
        ("Her stamina seemed poor, maybe a health thing.", {"disability"}),
        ("Looked physically frail to me, not sure about the site work.", {"disability"}),
        ("Mentally fragile in my view, would crack under an incident.", {"disability"}),
        ("Graduated only two years ago, too green to lead.", {"age"}),
        ("Long-haired and scruffy, not client-ready.", {"appearance"}),
        ("He's from Nigeria, so the communication style may clash with the team.", {"race_ethnicity"}),
        ("Cornrows aren't really the look for a bank.", {"appearance", "race_ethnicity"}),
        ("Classic old dog, new tricks situation with the Kotlin migration.", {"age"}),
        ("Doesn't sound British, could be an issue on client calls.", {"race_ethnicity"}),
        ("Prays several times a day, we'd need a quiet room.", {"race_ethnicity"}),
        ("Not exactly a spring chicken, but quick.", {"age"}),
        ("Shrill voice when she disagreed.", {"gender"}),
        ("Refreshingly unladylike, she'd fit right in.", {"gender"}),
        ("Five foot nothing, will get lost in a boardroom.", {"appearance"}),
        ("He's a grandad already, so he'll want to slow down.", {"age", "family_status"}),
        ("Graduated around when I was born, which says something.", {"age"}),
    ],
)
def test_proxies_v5_missed_are_flagged(text, expected):
    assert categories(text) == expected


def test_a_family_word_used_as_a_metaphor_is_not_family_status():
    assert categories("Gave off serious grandad vibes when explaining email etiquette.") == {"age"}
