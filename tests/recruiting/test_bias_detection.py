"""recruiting.bias.check_bias: flags with position, category label, why it matters and a suggestion."""

import pytest

from recruiting.bias import CATEGORY_LABELS, SEVERITIES, check_bias


@pytest.mark.parametrize(
    "text, category, phrase",
    [
        ("Young and energetic, strong Go.", "age", "Young and energetic"),
        ("Graduated in 1989, so the energy level may not match.", "age", "Graduated in 1989"),
        ("Great culture fit.", "culture_fit", "culture fit"),
        ("Not a native speaker.", "race_ethnicity", "native speaker"),
        ("Wears a hijab, not sure about client visits.", "race_ethnicity", "hijab"),
        ("Uses a wheelchair.", "disability", "Uses a wheelchair"),
        ("She is pregnant.", "family_status", "pregnant"),
        ("He has kids.", "family_status", "has kids"),
        ("Very attractive.", "appearance", "attractive"),
        ("A woman in that role would get eaten alive.", "gender", "A woman"),
    ],
)
def test_biased_phrases_are_flagged_with_position_label_and_reason(text, category, phrase):
    report = check_bias(text)
    [flag] = [flag for flag in report.flags if flag["category"] == category]
    assert flag["phrase"] == phrase
    assert text[flag["start"] : flag["end"]] == phrase
    assert flag["label"] == CATEGORY_LABELS[category]
    assert flag["why"]
    assert report.bias_filtered is True
    assert report.sanitized_text.startswith("[Sentence withheld: it commented on ")


@pytest.mark.parametrize(
    "text",
    [
        "Shipped a native iOS app.",
        "Set up single sign-on for the admin.",
        "Merged the fix to the master branch after review.",
        "Killed the parent process cleanly when a child process hung.",
        "Strong on black-box testing and fuzzing.",
        "Senior engineer material: owned the migration end to end.",
        "Stayed married to his first design a bit too long before taking the hint.",
        "Used Beautiful Soup for the scraping part of the take-home.",
        "Gets handsome compensation at his current role, so we'd need to stretch.",
        "Explained JVM GC generations — young gen, old gen — really clearly.",
        "Built parental-leave rules for an HR SaaS product.",
        "Coaches a kids' football team at weekends.",
        "Refactored the old codebase.",
        "He seems confident and calm under pressure.",
        "She/her pronouns listed by the candidate.",
        "Fluent in German as required for the Berlin, Germany office.",
    ],
)
def test_word_senses_and_pronouns_alone_are_not_flagged(text):
    report = check_bias(text)
    assert report.flags == []
    assert report.severity == "none"
    assert report.sanitized_text == text
    assert report.bias_filtered is False


def test_culture_fit_is_its_own_coded_category_not_race():
    categories = {flag["category"] for flag in check_bias("Great culture fit, strong SQL.").flags}
    assert categories == {"culture_fit"}
    assert CATEGORY_LABELS["culture_fit"] == "Coded 'culture fit' language"


def test_severity_follows_the_worst_flag():
    assert check_bias("Solid answers.").severity == "none"
    assert check_bias("Young and energetic.").severity == "medium"
    assert check_bias("She is pregnant.").severity == "high"
    assert check_bias("Great culture fit, strong SQL.").severity in SEVERITIES


def test_empty_text_is_clean():
    report = check_bias("")
    assert (report.flags, report.severity, report.sanitized_text, report.bias_filtered) == ([], "none", "", False)
