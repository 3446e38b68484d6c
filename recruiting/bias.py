"""Phrase-level bias detection for interview feedback: flags, a severity and a sanitized text.

The rules live in versioned data files (recruiting/bias_data/v<N>.json) so wording can be reviewed
and extended without code changes. Each rule is a case-insensitive regular expression matched on
word boundaries, with lookaheads for context ("attractive" is flagged, "attractive offer" is not);
spans covered by a neutral pattern ("native iOS app", "he/him pronouns") are never flagged.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "bias_data"
DATA_VERSION = "v4"
SEVERITIES = ("none", "low", "medium", "high")
CATEGORIES = ("age", "gender", "race_ethnicity", "disability", "appearance", "family_status", "culture_fit")
# What a recruiter reads on a page; the codes stay stable for the API and stored flags.
CATEGORY_LABELS = {
    "age": "Age",
    "gender": "Gender",
    "race_ethnicity": "Race or ethnicity",
    "disability": "Disability or health",
    "appearance": "Appearance",
    "family_status": "Family status",
    "culture_fit": "Coded 'culture fit' language",
}


@dataclass
class BiasReport:
    flags: list[dict] = field(default_factory=list)
    severity: str = "none"
    sanitized_text: str = ""
    bias_filtered: bool = False

    def as_dict(self) -> dict:
        return {
            "flags": self.flags,
            "severity": self.severity,
            "sanitized_text": self.sanitized_text,
            "bias_filtered": self.bias_filtered,
        }


@dataclass(frozen=True)
class Rule:
    category: str
    pattern: re.Pattern
    suggestion: str
    severity: str
    about_a_person: bool = False


def _compile(pattern: str) -> re.Pattern:
    # Word boundaries that also treat hyphens as part of a word, so "non-native" is not "native".
    return re.compile(rf"(?<![\w-]){pattern}(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=4)
def load_rules(version: str = DATA_VERSION) -> tuple[tuple[Rule, ...], tuple[re.Pattern, ...]]:
    """Return the rules and the neutral word senses of a rules version."""
    data = json.loads((DATA_DIR / f"{version}.json").read_text(encoding="utf-8"))
    rules = tuple(
        Rule(
            category=category,
            pattern=_compile(rule["pattern"]),
            # A placeholder was a partner redaction, not wording an interviewer could use: no suggestion.
            suggestion="" if "{placeholder}" in rule["suggestion"] else rule["suggestion"],
            severity=rule.get("severity", spec["severity"]),
        )
        for category, spec in data["categories"].items()
        for rule in spec["rules"]
    )
    # Term classes: "always" terms are biased wherever they stand; "about_a_person" terms have an everyday
    # or technical sense too ("hot partitions", "trimmed the fat"), so they count only in a sentence about someone.
    rules += tuple(
        Rule(
            category=category,
            pattern=_term_class_pattern(terms, data.get("technical_nouns", [])),
            suggestion="",
            severity=data["categories"][category]["severity"],
            about_a_person=kind == "about_a_person",
        )
        for category, classes in data.get("term_classes", {}).items()
        for kind, terms in classes.items()
        if terms
    )
    neutral = tuple(_compile(pattern) for pattern in data["neutral_patterns"])
    return rules, neutral


# Inflections of a term-class stem, so "retire" also catches "retiring" and "retirees" without a rule each.
_INFLECTIONS = "(?:s|es|ed|d|ing|ly|er|ers|ee|ees)?"


def _term_class_pattern(terms: list[str], technical_nouns: list[str]) -> re.Pattern:
    # A term followed by a technical noun is read in its technical sense ("native app", "parent process").
    technical = "|".join(technical_nouns) or "(?!)"
    stems = "|".join(term.strip() for term in sorted(terms, key=len, reverse=True))
    return re.compile(
        rf"(?<![\w-])(?:{stems}){_INFLECTIONS}(?![\w-])(?!'?[ -](?:(?:the|a|an|our|its|their) )?(?:[\w-]+ )?(?:{technical})(?![\w-]))",
        re.IGNORECASE,
    )


# Shown beside a flag so the interviewer knows why the phrase matters, not just that it was caught.
CATEGORY_WHY = {
    "age": "Age and its proxies (graduation year, generation, retirement) are not evidence of skill.",
    "gender": "Judging by gender or gender-coded traits is not evidence of how the candidate will do the job.",
    "race_ethnicity": "Origin, accent, native language, religion and religious dress say nothing about job skills.",
    "disability": "Health and disability are private and may not be used to judge a candidate.",
    "appearance": "Looks, build, hair and clothing are not part of the role's criteria.",
    "family_status": "Marriage, pregnancy, children and caregiving must not be weighed in a hiring decision.",
    "culture_fit": "'Culture fit' is vague and often hides bias; name the behaviour or value you observed.",
}
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")


def withheld_sentence_marker(categories: list[str]) -> str:
    """Return the marker that stands in for a sentence withheld from partners."""
    labels = " and ".join(dict.fromkeys(CATEGORY_LABELS[c].lower() for c in categories))
    return f"[Sentence withheld: it commented on {labels}.]"


def sanitize_for_partners(text: str, flags: list[dict]) -> str:
    """Withhold every flagged sentence whole, so partners never get a reworded or broken claim.

    Removing a phrase mid-sentence produced "She is should focus on ..." and turned "not a native
    speaker" into a different claim; a whole sentence with a marker is always grammatical and honest.
    """
    pieces: list[str] = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        hit = [flag["category"] for flag in flags if flag["start"] < end and flag["end"] > start]
        sentence = match.group().strip()
        if sentence:
            pieces.append(withheld_sentence_marker(hit) if hit else sentence)
    return " ".join(pieces)


@lru_cache(maxsize=4)
def _person_pattern(version: str) -> re.Pattern:
    """Words that say a sentence is about someone (he, her, candidate, guy, lad…), from the rules file."""
    data = json.loads((DATA_DIR / f"{version}.json").read_text(encoding="utf-8"))
    words = "|".join(sorted((re.escape(word) for word in data["person_references"]), key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", re.IGNORECASE)


# How many characters either side of a term a person reference may stand and still be what the term is about.
_PERSON_WINDOW = 40


def _sentence_is_about_a_person(text: str, start: int, end: int, person: re.Pattern) -> bool:
    """Return whether a person is named near the term, within its own sentence."""
    for match in _SENTENCE.finditer(text):
        if match.start() <= start < match.end():
            window = text[max(match.start(), start - _PERSON_WINDOW) : min(match.end(), end + _PERSON_WINDOW)]
            return bool(person.search(window))
    return False


def check_bias(text: str, *, version: str = DATA_VERSION) -> BiasReport:
    """Flag biased phrases in `text` and return the copy partners may see."""
    text = text or ""
    rules, neutral = load_rules(version)
    person = _person_pattern(version)
    protected = [(m.start(), m.end()) for pattern in neutral for m in pattern.finditer(text)]
    candidates: list[tuple[int, int, Rule]] = []
    for rule in rules:
        for match in rule.pattern.finditer(text):
            start, end = match.span()
            if start == end or any(start < p_end and p_start < end for p_start, p_end in protected):
                continue
            if rule.about_a_person and not _sentence_is_about_a_person(text, start, end, person):
                continue
            candidates.append((start, end, rule))
    # Longest match wins where rules overlap; then left to right.
    candidates.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    chosen: list[tuple[int, int, Rule]] = []
    for start, end, rule in sorted(candidates, key=lambda item: (-(item[1] - item[0]), item[0])):
        # The very same words may carry two categories ("grey hair": age and appearance); a word inside a
        # longer flag does not add its own ("man" in "man bun", "wife" in "separated from his wife").
        if all(
            end <= c_start or start >= c_end or ((start, end) == (c_start, c_end) and c_rule.category != rule.category)
            for c_start, c_end, c_rule in chosen
        ):
            chosen.append((start, end, rule))
    chosen.sort(key=lambda item: item[0])

    flags = [
        {
            "category": rule.category,
            "label": CATEGORY_LABELS[rule.category],
            "why": CATEGORY_WHY[rule.category],
            "phrase": text[start:end],
            "start": start,
            "end": end,
            "suggestion": rule.suggestion or None,
            "severity": rule.severity,
        }
        for start, end, rule in chosen
    ]
    sanitized = sanitize_for_partners(text, flags) if flags else text
    severity = max((flag["severity"] for flag in flags), key=SEVERITIES.index, default="none")
    if len(flags) >= 3 and severity == "low":
        severity = "medium"
    return BiasReport(flags=flags, severity=severity, sanitized_text=sanitized, bias_filtered=sanitized != text)
