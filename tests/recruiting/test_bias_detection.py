"""recruiting.bias.check_bias: phrase-level flags with context, severity and a sanitized text."""

from collections import Counter

import pytest

from recruiting.bias import SEVERITIES, check_bias
from tests.recruiting.bias_corpus import CORPUS

CATEGORIES = ("age", "gender", "race_ethnicity", "disability", "appearance", "family_status")


def test_corpus_precision_and_recall_per_category():
    assert len(CORPUS) >= 150
    true_positive, false_positive, false_negative = Counter(), Counter(), Counter()
    misses = []
    for sentence, expected in CORPUS:
        found = {flag["category"] for flag in check_bias(sentence).flags}
        for category in CATEGORIES:
            if category in found and category in expected:
                true_positive[category] += 1
            elif category in found:
                false_positive[category] += 1
                misses.append(f"false {category}: {sentence}")
            elif category in expected:
                false_negative[category] += 1
                misses.append(f"missed {category}: {sentence}")
    print(f"\nBias corpus: {len(CORPUS)} sentences")
    print(f"{'category':<16}{'precision':>10}{'recall':>8}{'tp':>5}{'fp':>5}{'fn':>5}")
    failures = []
    for category in CATEGORIES:
        tp, fp, fn = true_positive[category], false_positive[category], false_negative[category]
        precision = tp / (tp + fp) if tp + fp else 1.0
        recall = tp / (tp + fn) if tp + fn else 1.0
        print(f"{category:<16}{precision:>10.3f}{recall:>8.3f}{tp:>5}{fp:>5}{fn:>5}")
        if precision < 0.95 or recall < 0.90:
            failures.append(category)
    print("\n".join(misses))
    assert not failures, misses


@pytest.mark.parametrize(
    "text, category, phrase",
    [
        ("Young and energetic, strong Go.", "age", "Young and energetic"),
        ("He seems unsure about indexes.", "gender", "He seems"),
        ("Great culture fit.", "race_ethnicity", "culture fit"),
        ("Not a native speaker.", "race_ethnicity", "native"),
        ("Uses a wheelchair.", "disability", "Uses a wheelchair"),
        ("She is pregnant.", "family_status", "pregnant"),
        ("He has kids.", "family_status", "has kids"),
        ("Very attractive.", "appearance", "attractive"),
    ],
)
def test_issue_examples_are_flagged_with_position(text, category, phrase):
    report = check_bias(text)
    [flag] = [flag for flag in report.flags if flag["category"] == category]
    assert flag["phrase"] == phrase
    assert text[flag["start"] : flag["end"]] == phrase
    assert set(flag) >= {"category", "phrase", "start", "end", "suggestion"}
    assert report.bias_filtered is True
    assert phrase not in report.sanitized_text


@pytest.mark.parametrize(
    "text",
    [
        "Shipped a native iOS app.",
        "Set up single sign-on for the admin.",
        "A healthy test suite.",
        "Refactored the old codebase.",
        "Worked on a mature product.",
        "He/him pronouns listed by the candidate.",
    ],
)
def test_neutral_uses_are_not_flagged(text):
    report = check_bias(text)
    assert report.flags == []
    assert report.severity == "none"
    assert report.sanitized_text == text
    assert report.bias_filtered is False


def test_replacements_preserve_case():
    assert check_bias("He seems calm. he seems kind.").sanitized_text == "They seem calm. they seem kind."
    assert check_bias("GREAT CULTURE FIT").sanitized_text == "GREAT TEAM-VALUES MATCH"
    assert check_bias("Native speaker of Dutch.").sanitized_text == "Fluent speaker of Dutch."


def test_removed_phrases_leave_readable_text():
    assert check_bias("Very attractive and strong on Go.").sanitized_text == "Strong on Go."
    assert check_bias("Young candidate, strong SQL.").sanitized_text == "Candidate, strong SQL."


def test_severity_follows_the_worst_flag():
    assert check_bias("Solid answers.").severity == "none"
    assert check_bias("He seems solid.").severity == "low"
    assert check_bias("Young and energetic.").severity == "medium"
    assert check_bias("She is pregnant.").severity == "high"
    assert {check_bias(sentence).severity for sentence, _ in CORPUS} <= set(SEVERITIES)


def test_empty_text_is_clean():
    report = check_bias("")
    assert (report.flags, report.severity, report.sanitized_text, report.bias_filtered) == ([], "none", "", False)
