"""Choices as partners write them: "Senior", "Full-time", "Mid-level", "remote" all name a stored value."""

from __future__ import annotations

import re
from collections.abc import Iterable


def _key(text: str) -> str:
    return re.sub(r"[\s_\-]+", "", text.strip().lower()).removesuffix("level")


def lenient_choice(choices: Iterable[tuple[str, str]], text: object) -> str | None:
    """The value of `choices` that `text` names by value or label, ignoring case, spaces, dashes and "level"."""
    if not isinstance(text, str):
        return None
    wanted = _key(text)
    if not wanted:
        return None
    for value, label in choices:
        if wanted in (_key(str(value)), _key(str(label))):
            return value
    return None


ACRONYMS = {"csv": "CSV", "ats": "ATS", "api": "API", "hr": "HR"}
BRANDS = {"linkedin": "LinkedIn", "github": "GitHub", "stackoverflow": "Stack Overflow"}


def source_label(source: str) -> str:
    """A source as people say it: "job_board" reads "Job board", "csv_import" "CSV import", "ats:1" "ATS 1",
    "linkedin" "LinkedIn"; a source a partner already wrote in words stays as written."""
    words = [
        BRANDS.get(word.lower()) or ACRONYMS.get(word.lower(), word)
        for word in re.sub(r"[_\-:]+", " ", source or "").split()
    ]
    text = " ".join(words)
    return text[:1].upper() + text[1:]
