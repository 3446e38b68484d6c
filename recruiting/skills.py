"""The shipped skill taxonomy and the resolution of free-text skills to canonical skill ids.

Resolution runs when a candidate or job is written (`Candidate.set_skills`, `Job.set_skills`),
never while ranking: exact match on a normalised key, then the same key without a version or a
filler word ("Python 3", "React development"), then rapidfuzz against the vocabulary with a
cut-off high enough to keep Java, JavaScript, C, C#, C++, R and React apart. A spelling that
resolves to nothing keeps a stable id of its own (`x:<key>`), so unknown skills still match
each other exactly.

Skills are part of candidates and jobs, so the taxonomy lives in the core; matching reads it to
rank. This module imports no models: recruiting.models imports it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from rapidfuzz import fuzz, process

TAXONOMY_PATH = Path(__file__).resolve().parent / "skills_data" / "skills.txt"
UNKNOWN_PREFIX = "x:"

# Below 5 characters a one-letter typo is a different skill as often as not (java/lava, go/gov),
# so short spellings resolve exactly or not at all.
FUZZY_MIN_LENGTH = 5
# fuzz.ratio cut-off: "kubernets" (95), "javscript" (95), "anguler" (86) resolve; "java" vs
# "javascript" (57), "preact" vs "react" (91, but Preact is listed) and "spark" vs "sparql" (73)
# do not merge. Tests in tests/matching/test_skill_resolution.py pin both sides.
FUZZY_CUTOFF = 85.0
# When two different skills score within this margin of each other the spelling is ambiguous.
FUZZY_AMBIGUITY_MARGIN = 2.0

_NOT_KEY_CHARS = re.compile(r"[^\w#+&]|_")
_VERSION_SUFFIX = re.compile(r"^(?P<base>.*?[a-z#+])v?\d+x?$")
_FILLER_WORDS = (
    "programming",
    "development",
    "developer",
    "engineering",
    "engineer",
    "framework",
    "language",
    "expert",
    "experience",
    "skills",
    "lang",
)


def skill_key(text: str) -> str:
    """Return the comparison key of a spelling: case-folded, without spaces or punctuation."""
    return _NOT_KEY_CHARS.sub("", unicodedata.normalize("NFKC", text).casefold())


@dataclass(frozen=True)
class Skill:
    id: str
    name: str
    category: str
    variants: tuple[str, ...]


@dataclass(frozen=True)
class Taxonomy:
    version: str
    skills: dict[str, Skill]
    skill_id_by_key: dict[str, str]

    def name_of(self, skill_id: str) -> str:
        skill = self.skills.get(skill_id)
        return skill.name if skill else skill_id.removeprefix(UNKNOWN_PREFIX)


def parse_taxonomy(text: str) -> Taxonomy:
    """Parse the taxonomy file format, refusing a spelling that would point at two skills."""
    version = ""
    category = ""
    skills: dict[str, Skill] = {}
    skill_id_by_key: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):
            if line[1:].strip().startswith("version:"):
                version = line.split("version:", 1)[1].strip()
            continue
        if line.startswith("@"):
            category = line[1:].strip()
            continue
        parts = [part.strip() for part in line.split("|")]
        if len(parts) != 3 or not parts[0] or not parts[1]:
            raise ValueError(f"Skill taxonomy line {number}: expected 'id | Name | variants', got {raw!r}")
        skill_id, name, variant_text = parts
        if skill_id in skills or skill_id.startswith(UNKNOWN_PREFIX):
            raise ValueError(f"Skill taxonomy line {number}: duplicate or reserved id {skill_id!r}")
        variants = tuple(v.strip() for v in variant_text.split(",") if v.strip())
        for spelling in (skill_id, name, *variants):
            key = skill_key(spelling)
            if not key:
                continue
            owner = skill_id_by_key.setdefault(key, skill_id)
            if owner != skill_id:
                raise ValueError(
                    f"Skill taxonomy line {number}: {spelling!r} of {skill_id!r} is already a spelling of {owner!r}"
                )
        skills[skill_id] = Skill(id=skill_id, name=name, category=category, variants=variants)
    if not version:
        raise ValueError("Skill taxonomy has no '# version:' line")
    return Taxonomy(version=version, skills=skills, skill_id_by_key=skill_id_by_key)


@cache
def taxonomy() -> Taxonomy:
    return parse_taxonomy(TAXONOMY_PATH.read_text(encoding="utf-8"))


@cache
def _fuzzy_vocabulary() -> tuple[list[str], list[str]]:
    keys = sorted(taxonomy().skill_id_by_key)
    return keys, [taxonomy().skill_id_by_key[key] for key in keys]


def _exact(key: str) -> str | None:
    return taxonomy().skill_id_by_key.get(key)


def _without_version_or_filler(key: str) -> str | None:
    match = _VERSION_SUFFIX.match(key)
    if match and (found := _exact(match["base"])):
        return found
    for word in _FILLER_WORDS:
        if key.endswith(word) and len(key) > len(word) and (found := _exact(key[: -len(word)])):
            return found
    return None


def _fuzzy(key: str) -> str | None:
    if len(key) < FUZZY_MIN_LENGTH:
        return None
    keys, ids = _fuzzy_vocabulary()
    results = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=5)
    if not results:
        return None
    _, best_score, best_index = results[0]
    best_id = ids[best_index]
    for _, score, index in results[1:]:
        if ids[index] != best_id and best_score - score < FUZZY_AMBIGUITY_MARGIN:
            return None
    return best_id


@lru_cache(maxsize=200_000)
def resolve_skill(text: str) -> str | None:
    """Return the canonical id for one spelling, `x:<key>` when unknown, None when blank."""
    key = skill_key(text)
    if not key:
        return None
    return _exact(key) or _without_version_or_filler(key) or _fuzzy(key) or f"{UNKNOWN_PREFIX}{key}"


def resolve_skills(skills: list[str]) -> list[str]:
    """Return the canonical ids of a skill list, in first-mention order, without repeats."""
    ids: list[str] = []
    for text in skills:
        skill_id = resolve_skill(text)
        if skill_id is not None and skill_id not in ids:
            ids.append(skill_id)
    return ids


def resolve_with_spellings(skills: list[str]) -> list[tuple[str, str]]:
    """Return (canonical id, the first spelling given for it) pairs, in order, without repeats."""
    pairs: list[tuple[str, str]] = []
    seen: set[str] = set()
    for text in skills:
        skill_id = resolve_skill(text)
        if skill_id is not None and skill_id not in seen:
            seen.add(skill_id)
            pairs.append((skill_id, " ".join(text.split())))
    return pairs


# Words that are skills only in a skills list: in running text "go", "make" or "less" are English.
_PROSE_AMBIGUOUS_KEYS = frozenset(
    {"c", "r", "go", "less", "make", "swift", "spring", "excel", "rest", "ts", "js", "py"}
)
_LIST_SEPARATORS = re.compile(r"[,;|•·▪●◦\n\t()\[\]]|\s+-\s+|\s+and\s+|\s*:\s+", re.IGNORECASE)
_WORD = re.compile(r"[\w#+.\-/&]+", re.UNICODE)


def skills_in_list(text: str) -> list[str]:
    """Canonical ids of the taxonomy skills named in a skills list ("Python, Django; AWS • SQL").

    Items that resolve to no known skill are looked into word by word ("Python scripting"), so only
    known skills come back, in first-mention order.
    """
    ids: list[str] = []
    for item in _LIST_SEPARATORS.split(text):
        item = item.strip(" .")
        if not item or len(item) > 60:
            continue
        skill_id = resolve_skill(item)
        if skill_id is None:
            continue
        found = [skill_id] if not skill_id.startswith(UNKNOWN_PREFIX) else skills_in_prose(item, allow_ambiguous=True)
        ids.extend(found_id for found_id in found if found_id not in ids)
    return ids


def skills_in_prose(text: str, *, allow_ambiguous: bool = False) -> list[str]:
    """Canonical ids of taxonomy skills mentioned in running text (exact spellings of 1 to 3 words)."""
    words = [word.strip(".-/") for word in _WORD.findall(text)]
    words = [word for word in words if word]
    ids: list[str] = []
    index = 0
    while index < len(words):
        for width in (3, 2, 1):
            if index + width > len(words):
                continue
            key = skill_key(" ".join(words[index : index + width]))
            skill_id = _exact(key) if key else None
            if skill_id is None or (not allow_ambiguous and key in _PROSE_AMBIGUOUS_KEYS):
                continue
            if skill_id not in ids:
                ids.append(skill_id)
            index += width - 1
            break
        index += 1
    return ids


_YEARS = re.compile(r"(\d{1,2})\s*\+?\s*(?:-\s*\d{1,2}\s*)?(?:years?|yrs?)\b", re.IGNORECASE)


def requirements_in_text(text: str) -> tuple[list[str], float | None]:
    """The skills (by their taxonomy names) and the years of experience a prose requirement names.

    "Python, FastAPI, PostgreSQL, 5+ years experience" gives (["Python", "FastAPI", "PostgreSQL"], 5).
    A list is read item by item, running text word by word; only known skills come back.
    """
    ids = skills_in_list(text) or skills_in_prose(text)
    found = _YEARS.search(text or "")
    years = float(found.group(1)) if found else None
    return [taxonomy().name_of(skill_id) for skill_id in ids], years
