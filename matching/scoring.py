"""The one match score, 0-100, and its parts (docs/matching.md explains the formula).

Every part is a NumPy function over arrays, so the index scores 100,000 candidates with the
same code that explains one match: the ranking and its explanation cannot disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

ALGORITHM_VERSION = "match-1.0"

WEIGHTS = {
    "required_skills": 0.55,
    "nice_to_have_skills": 0.10,
    "experience": 0.15,
    "location": 0.10,
    "seniority": 0.10,
}

LEVELS = ("entry", "junior", "mid", "senior", "lead", "principal")
LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}
# Years of experience a role at each level expects at least; also how a candidate without a
# stated seniority is placed on the ladder.
MIN_YEARS_BY_LEVEL = {"entry": 0.0, "junior": 1.0, "mid": 3.0, "senior": 6.0, "lead": 10.0, "principal": 15.0}
_LEVEL_THRESHOLDS = np.array([MIN_YEARS_BY_LEVEL[level] for level in LEVELS[1:]])
# Seniority fit by distance on the ladder: one step off is plausible, three is a different role.
SENIORITY_BY_DISTANCE = np.array([100.0, 70.0, 35.0, 10.0, 0.0, 0.0])
UNKNOWN = 50.0  # the neutral value of a part the candidate did not tell us

LOCATION_UNKNOWN, LOCATION_REMOTE, LOCATION_PLACE = 0, 1, 2

STRENGTHS = ((80.0, "strong"), (65.0, "good"), (45.0, "fair"), (0.0, "weak"))


@dataclass(frozen=True)
class Place:
    kind: int
    city: str
    region: str


# Free-text places mix a place with how the work is done: "São Paulo, Brasil / remote-friendly",
# "London (hybrid)", "Lisbon, Portugal - open to remote". Alternatives are split on these; what is
# named first decides, and parts that only say how ("hybrid", "on-site", "open to relocation") are not places.
_ALTERNATIVES = re.compile(r"\s*(?:/|\||;|\(|\)|\[|\]|\bor\b|\+|\s[-–—]\s)\s*")
_REMOTE_WORDS = re.compile(r"\b(?:remote|anywhere|wfh|work from home|home[- ]based|distributed)\b")
_NOT_A_PLACE = re.compile(
    r"^(?:(?:fully|mostly|open to|ok|okay|friendly|first|only|preferred|possible|flexible|hybrid|on[- ]?site|"
    r"in[- ]office|office[- ]based|willing to relocate|relocation|relocate|\W)\s*)*$"
)


def parse_location(text: str) -> Place:
    """Split 'City, Region' (or 'Remote') into comparable lower-case parts.

    What is named first decides: "Lisbon, Portugal (open to remote)" is Lisbon, "Remote (EU time
    zones)" is remote, and a text naming only a work mode ("Hybrid") is not stated."""
    cleaned = " ".join((text or "").casefold().split())
    for alternative in _ALTERNATIVES.split(cleaned):
        parts = [part.strip(" .-") for part in alternative.split(",")]
        parts = [part for part in parts if part]
        if not parts:
            continue
        if _REMOTE_WORDS.search(parts[0]):
            return Place(LOCATION_REMOTE, "", "")
        places = [part for part in parts if not _REMOTE_WORDS.search(part) and not _NOT_A_PLACE.match(part)]
        if places:
            return Place(LOCATION_PLACE, places[0], places[-1])
    if _REMOTE_WORDS.search(cleaned):
        return Place(LOCATION_REMOTE, "", "")
    return Place(LOCATION_UNKNOWN, "", "")


def seniority_rank(seniority: str, years: float | None) -> int:
    """The candidate's rung on the ladder: stated seniority, else inferred from years, else -1."""
    if seniority in LEVEL_RANK:
        return LEVEL_RANK[seniority]
    if years is None:
        return -1
    return int(seniority_ranks_from_years(np.array([years]))[0])


def seniority_ranks_from_years(years: np.ndarray) -> np.ndarray:
    return np.searchsorted(_LEVEL_THRESHOLDS, years, side="right").astype(np.int8)


def coverage(matched: np.ndarray, total: int) -> np.ndarray:
    """Share of the job's skills the candidate has, 0-100; a job listing none is fully covered."""
    matched = np.asarray(matched, dtype=np.float64)
    if total == 0:
        return np.full(matched.shape, 100.0)
    return matched * (100.0 / total)


def experience_match(years: np.ndarray, level: str) -> np.ndarray:
    """100 at or above the level's expected years, falling linearly to 0 at none; unknown is 50."""
    years = np.asarray(years, dtype=np.float64)
    expected = MIN_YEARS_BY_LEVEL.get(level, MIN_YEARS_BY_LEVEL["mid"])
    if expected == 0:
        values = np.full(years.shape, 100.0)
    else:
        values = np.clip(years * (100.0 / expected), 0.0, 100.0)
    return np.where(np.isnan(years), UNKNOWN, values)


def seniority_match(ranks: np.ndarray, level: str) -> np.ndarray:
    ranks = np.asarray(ranks, dtype=np.int64)
    distance = np.abs(ranks - LEVEL_RANK.get(level, LEVEL_RANK["mid"]))
    values = SENIORITY_BY_DISTANCE[np.minimum(distance, len(SENIORITY_BY_DISTANCE) - 1)]
    return np.where(ranks < 0, UNKNOWN, values)


def location_match(
    *, remote_policy: str, job_place: Place, kinds: np.ndarray, same_city: np.ndarray, same_region: np.ndarray
) -> np.ndarray:
    """Fit of where the candidate is to where the job is done, 0-100."""
    kinds = np.asarray(kinds)
    if remote_policy == "remote" or job_place.kind != LOCATION_PLACE:
        return np.full(kinds.shape, 100.0)
    hybrid = remote_policy == "hybrid"
    elsewhere = 25.0 if hybrid else 10.0
    remote_only = 40.0 if hybrid else 20.0
    values = np.where(same_city, 100.0, np.where(same_region, 70.0, elsewhere))
    values = np.where(kinds == LOCATION_REMOTE, remote_only, values)
    return np.where(kinds == LOCATION_UNKNOWN, UNKNOWN, values)


def combine(
    *,
    required: np.ndarray,
    nice: np.ndarray,
    experience: np.ndarray,
    location: np.ndarray,
    seniority: np.ndarray,
) -> np.ndarray:
    """The weighted sum of the parts, rounded to one decimal so equal inputs print equal scores."""
    total = (
        WEIGHTS["required_skills"] * required
        + WEIGHTS["nice_to_have_skills"] * nice
        + WEIGHTS["experience"] * experience
        + WEIGHTS["location"] * location
        + WEIGHTS["seniority"] * seniority
    )
    return np.rint(total * 10.0) / 10.0


def recommendation_strength(score: float) -> str:
    return next(label for floor, label in STRENGTHS if score >= floor)
