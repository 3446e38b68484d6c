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
DATA_VERSION = "v1"
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


def _compile(pattern: str) -> re.Pattern:
    # Word boundaries that also treat hyphens as part of a word, so "non-native" is not "native".
    return re.compile(rf"(?<![\w-]){pattern}(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=4)
def load_rules(version: str = DATA_VERSION) -> tuple[tuple[Rule, ...], tuple[re.Pattern, ...]]:
    data = json.loads((DATA_DIR / f"{version}.json").read_text(encoding="utf-8"))
    rules = tuple(
        Rule(
            category=category,
            pattern=_compile(rule["pattern"]),
            suggestion=rule["suggestion"].replace("{placeholder}", spec.get("placeholder", "")),
            severity=rule.get("severity", spec["severity"]),
        )
        for category, spec in data["categories"].items()
        for rule in spec["rules"]
    )
    neutral = tuple(_compile(pattern) for pattern in data["neutral_patterns"])
    return rules, neutral


def _match_case(original: str, replacement: str) -> str:
    if not replacement:
        return replacement
    if original.isupper() and len(original) > 1:
        return replacement.upper()
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def _tidy(text: str) -> str:
    """Remove the gaps a removed phrase leaves: doubled spaces, a space before punctuation, empty commas."""
    text = re.sub(r"[ \t]{2,}", " ", text)
    # An intensifier or conjunction left hanging by a removed adjective goes with it.
    text = re.sub(
        r"\b(?:very|quite|so|really|extremely|rather|too)\s+(?=[,.;:!?]|(?:and|but)\b|$)", "", text, flags=re.I
    )
    text = re.sub(r"\b(is|was|are|were|and|but)\s+(?:and|but)\s+", r"\1 ", text, flags=re.I)
    text = re.sub(r"\s+(?:and|but|or)\s*(?=[,.;:!?]|$)", "", text, flags=re.I)
    text = re.sub(r"^[\s.,;:]+", "", text)
    text = re.sub(r"(^\s*|[.!?]\s+)(?:and|but|or)\s+", r"\1", text, flags=re.I)
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r" +([.,;:!?])", r"\1", text)
    text = re.sub(r",\s*([.,;:!?])", r"\1", text)
    text = re.sub(r"(^|[.!?]\s+),\s*", r"\1", text)
    text = re.sub(r"\(\s*\)", "", text)
    text = re.sub(r"([.!?])(?:\s*[.,;:])+", r"\1", text)
    return text.strip()


def _capitalise_sentences(text: str, touched: list[int]) -> str:
    """Re-capitalise a sentence whose first word was removed."""
    chars = list(text)
    for position in touched:
        index = position
        while index < len(chars) and chars[index] in " ,":
            index += 1
        before = "".join(chars[:index]).rstrip()
        at_start = not before or before.endswith((".", "!", "?"))
        if at_start and index < len(chars):
            chars[index] = chars[index].upper()
    return "".join(chars)


def check_bias(text: str, *, version: str = DATA_VERSION) -> BiasReport:
    """Flag biased phrases in `text` and return a sanitized copy with neutral wording."""
    text = text or ""
    rules, neutral = load_rules(version)
    protected = [(m.start(), m.end()) for pattern in neutral for m in pattern.finditer(text)]
    candidates: list[tuple[int, int, Rule]] = []
    for rule in rules:
        for match in rule.pattern.finditer(text):
            start, end = match.span()
            if start == end or any(start < p_end and p_start < end for p_start, p_end in protected):
                continue
            candidates.append((start, end, rule))
    # Longest match wins where rules overlap; then left to right.
    candidates.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    chosen: list[tuple[int, int, Rule]] = []
    for start, end, rule in sorted(candidates, key=lambda item: (-(item[1] - item[0]), item[0])):
        if all(end <= c_start or start >= c_end for c_start, c_end, _ in chosen):
            chosen.append((start, end, rule))
    chosen.sort(key=lambda item: item[0])

    flags: list[dict] = []
    pieces: list[str] = []
    cursor = 0
    removed_at: list[int] = []
    for start, end, rule in chosen:
        phrase = text[start:end]
        replacement = _match_case(phrase, rule.suggestion)
        flags.append(
            {
                "category": rule.category,
                "phrase": phrase,
                "start": start,
                "end": end,
                "suggestion": rule.suggestion or None,
                "severity": rule.severity,
            }
        )
        pieces.append(text[cursor:start])
        if not replacement:
            removed_at.append(sum(len(piece) for piece in pieces))
        pieces.append(replacement)
        cursor = end
    pieces.append(text[cursor:])
    sanitized = "".join(pieces)
    if removed_at:
        sanitized = _tidy(sanitized)
        sanitized = _capitalise_sentences(sanitized, [0] + [m.end() for m in re.finditer(r"[.!?]\s+", sanitized)])
    severity = max((flag["severity"] for flag in flags), key=SEVERITIES.index, default="none")
    if len(flags) >= 3 and severity == "low":
        severity = "medium"
    return BiasReport(flags=flags, severity=severity, sanitized_text=sanitized, bias_filtered=sanitized != text)
