"""An in-memory candidate index for one organization: NumPy postings from skill to candidates.

Ranking a job reads the postings of its few skills, counts matches with `np.bincount` and scores
every candidate with the vectorised parts of matching/scoring.py: about as fast as an exact
set intersection, with no text parsed at query time.

Layout: candidates live at positions. Positions [0, base_size) are sorted by primary key and
indexed by a CSR postings list; an updated or new candidate is appended after them with its
postings in a small per-skill delta, and its old position is marked dead. When the delta grows,
`compact` rebuilds the CSR in memory (no database round trip).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from matching import scoring
from matching.scoring import Place, parse_location

# (pk, skill_ids, experience_years, seniority, location, updated_at): what selectors read.
CandidateRow = tuple[int, Sequence[str], float | None, str, str, datetime]

PK_BITS = 40  # primary keys below 2**40 leave room for the score in one int64 sort key
COMPACT_DELTA_SHARE = 0.10
JOB_PARTS_KEPT = 8  # job shapes (level, remote policy, place) whose non-skill scores are kept


@dataclass
class IndexColumns:
    """Candidate rows as columns, the shape the database read produces fastest."""

    pks: list[int]
    skill_lists: list[list[str]]
    years: list[float | None]
    seniority: list[str]
    locations: list[str]
    versions: list[int]

    @classmethod
    def from_rows(cls, rows: Iterable[CandidateRow]) -> IndexColumns:
        rows = list(rows)
        if not rows:
            return cls([], [], [], [], [], [])
        pks, skill_lists, years, seniority, locations, updated = (list(column) for column in zip(*rows, strict=True))
        return cls(pks, skill_lists, years, seniority, locations, [version_of(moment) for moment in updated])

    def rows(self) -> Iterable[tuple]:
        return zip(self.pks, self.skill_lists, self.years, self.seniority, self.locations, self.versions, strict=True)


@dataclass(frozen=True)
class JobQuery:
    """What the index needs of a job: canonical skill ids and the parts that are not skills."""

    required_skill_ids: tuple[str, ...]
    nice_to_have_skill_ids: tuple[str, ...]
    experience_level: str
    remote_policy: str
    place: Place


@dataclass(frozen=True)
class CandidateFilter:
    exclude_pks: frozenset[int] = frozenset()
    location_contains: str | None = None
    min_experience: float | None = None


@dataclass(frozen=True)
class RankedPositions:
    pks: list[int]
    scores: list[float]
    candidates_processed: int


def version_of(moment: datetime) -> int:
    """A row version: its `updated_at` in microseconds."""
    return int(moment.timestamp() * 1_000_000)


class CandidateIndex:
    def __init__(self) -> None:
        self.skill_numbers: dict[str, int] = {}
        self.location_codes: dict[str, int] = {}
        self.locations: list[str] = []
        self.places: list[Place] = []
        self.size = 0
        self.base_size = 0
        self.alive_count = 0
        self._allocate(0)
        self.base_indptr = np.zeros(1, dtype=np.int64)
        self.base_positions = np.zeros(0, dtype=np.int32)
        self.delta_postings: dict[int, list[int]] = {}
        self.delta_position_by_pk: dict[int, int] = {}
        # The parts of a score that depend on the job's level and place but not its skills, per job
        # shape; valid while no position is added or moved (size and compactions unchanged).
        self._compactions = 0
        self._job_parts_cache: dict[tuple, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    # --- building -------------------------------------------------------------------------
    @classmethod
    def from_rows(cls, rows: Iterable[CandidateRow]) -> CandidateIndex:
        """Build from rows in any order; the base part ends up sorted by primary key."""
        return cls.from_columns(IndexColumns.from_rows(rows))

    @classmethod
    def from_columns(cls, columns: IndexColumns) -> CandidateIndex:
        index = cls()
        # Sorting by primary key lets `position_of` binary-search the base part.
        order = np.argsort(np.asarray(columns.pks, dtype=np.int64), kind="stable")
        count = len(order)
        index._allocate(count)
        index.pks[:] = np.asarray(columns.pks, dtype=np.int64)[order]
        index.updated[:] = np.asarray(columns.versions, dtype=np.int64)[order]
        years = np.array([np.nan if y is None else y for y in columns.years], dtype=np.float64)
        index.years[:] = years[order]
        index.seniority[:] = np.array(
            [scoring.seniority_rank(label, None) for label in columns.seniority], dtype=np.int8
        )[order]
        inferred = (index.seniority < 0) & ~np.isnan(index.years)
        index.seniority[inferred] = scoring.seniority_ranks_from_years(index.years[inferred])
        location_code = index._location_code
        index.location[:] = np.array([location_code(text) for text in columns.locations], dtype=np.int32)[order]
        numbers = index.skill_numbers
        lengths = np.fromiter((len(skills) for skills in columns.skill_lists), dtype=np.int64, count=count)
        entry_skills = np.fromiter(
            (numbers.setdefault(skill, len(numbers)) for skills in columns.skill_lists for skill in skills),
            dtype=np.int32,
            count=int(lengths.sum()),
        )
        new_position = np.empty(count, dtype=np.int32)
        new_position[order] = np.arange(count, dtype=np.int32)
        entry_positions = np.repeat(new_position, lengths)
        index.alive[:count] = True
        index.size = index.base_size = index.alive_count = count
        index._set_base_postings(entry_skills, entry_positions)
        return index

    def _allocate(self, capacity: int) -> None:
        self.pks = np.zeros(capacity, dtype=np.int64)
        self.updated = np.zeros(capacity, dtype=np.int64)
        self.years = np.full(capacity, np.nan, dtype=np.float64)
        self.seniority = np.full(capacity, -1, dtype=np.int8)
        self.location = np.zeros(capacity, dtype=np.int32)
        self.alive = np.zeros(capacity, dtype=bool)

    def _grow(self, needed: int) -> None:
        capacity = len(self.pks)
        if needed <= capacity:
            return
        new_capacity = max(needed, int(capacity * 1.5) + 16)
        for name, fill in (
            ("pks", 0),
            ("updated", 0),
            ("years", np.nan),
            ("seniority", -1),
            ("location", 0),
            ("alive", False),
        ):
            old = getattr(self, name)
            grown = np.full(new_capacity, fill, dtype=old.dtype)
            grown[:capacity] = old
            setattr(self, name, grown)

    def _set_base_postings(self, entry_skills: np.ndarray, entry_positions: np.ndarray) -> None:
        order = np.argsort(entry_skills, kind="stable")
        self.base_positions = entry_positions[order].astype(np.int32)
        counts = np.bincount(entry_skills, minlength=len(self.skill_numbers))
        self.base_indptr = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)

    def _location_code(self, location: str) -> int:
        key = " ".join((location or "").casefold().split())
        code = self.location_codes.get(key)
        if code is None:
            code = self.location_codes[key] = len(self.locations)
            self.locations.append(key)
            self.places.append(parse_location(key))
        return code

    # --- keeping fresh --------------------------------------------------------------------
    def position_of(self, pk: int) -> int | None:
        position = self.delta_position_by_pk.get(pk)
        if position is not None:
            return position
        found = int(np.searchsorted(self.pks[: self.base_size], pk))
        if found < self.base_size and self.pks[found] == pk and self.alive[found]:
            return found
        return None

    def apply(self, columns: IndexColumns) -> int:
        """Add new and changed candidates; rows already seen at the same version are skipped."""
        changed = 0
        for pk, skill_ids, experience_years, seniority, location, micros in columns.rows():
            position = self.position_of(pk)
            if position is not None:
                if self.updated[position] == micros:
                    continue
                self._kill(position)
            self._append(pk, skill_ids, experience_years, seniority, location, micros)
            changed += 1
        if self.size - self.base_size > COMPACT_DELTA_SHARE * max(self.base_size, 1000):
            self.compact()
        return changed

    def remove(self, pks: Iterable[int]) -> int:
        removed = 0
        for pk in pks:
            position = self.position_of(pk)
            if position is not None:
                self._kill(position)
                removed += 1
        return removed

    def versions(self) -> tuple[np.ndarray, np.ndarray]:
        """Primary keys and update times (microseconds) of the live candidates."""
        live = np.flatnonzero(self.alive[: self.size])
        return self.pks[live], self.updated[live]

    def _kill(self, position: int) -> None:
        self.alive[position] = False
        self.alive_count -= 1
        pk = int(self.pks[position])
        if self.delta_position_by_pk.get(pk) == position:
            del self.delta_position_by_pk[pk]

    def _append(self, pk, skill_ids, experience_years, seniority, location, micros) -> None:
        position = self.size
        self._grow(position + 1)
        self.pks[position] = pk
        self.updated[position] = micros
        self.years[position] = np.nan if experience_years is None else experience_years
        self.seniority[position] = scoring.seniority_rank(seniority, experience_years)
        self.location[position] = self._location_code(location)
        self.alive[position] = True
        for skill_id in skill_ids:
            number = self.skill_numbers.setdefault(skill_id, len(self.skill_numbers))
            self.delta_postings.setdefault(number, []).append(position)
        self.delta_position_by_pk[pk] = position
        self.size += 1
        self.alive_count += 1

    def compact(self) -> None:
        """Fold the delta into the CSR postings and drop dead positions, sorted by primary key again."""
        live = np.flatnonzero(self.alive[: self.size])
        order = live[np.argsort(self.pks[live], kind="stable")]
        new_position = np.full(self.size, -1, dtype=np.int64)
        new_position[order] = np.arange(len(order))
        base_skills = np.repeat(np.arange(len(self.base_indptr) - 1, dtype=np.int32), np.diff(self.base_indptr))
        delta_skills = [
            np.full(len(positions), number, dtype=np.int32) for number, positions in self.delta_postings.items()
        ]
        delta_positions = [np.asarray(positions, dtype=np.int64) for positions in self.delta_postings.values()]
        skills = np.concatenate([base_skills, *delta_skills])
        positions = new_position[np.concatenate([self.base_positions.astype(np.int64), *delta_positions])]
        keep = positions >= 0
        count = len(order)
        pks, updated, years = self.pks[order], self.updated[order], self.years[order]
        seniority, location = self.seniority[order], self.location[order]
        self._allocate(count)
        self.pks[:], self.updated[:], self.years[:] = pks, updated, years
        self.seniority[:], self.location[:] = seniority, location
        self.alive[:] = True
        self.size = self.base_size = self.alive_count = count
        self._compactions += 1
        self.delta_postings = {}
        self.delta_position_by_pk = {}
        self._set_base_postings(skills[keep], positions[keep].astype(np.int32))

    # --- ranking --------------------------------------------------------------------------
    def _match_counts(self, skill_ids: Sequence[str]) -> np.ndarray:
        parts = []
        for skill_id in skill_ids:
            number = self.skill_numbers.get(skill_id)
            if number is None:
                continue
            if number + 1 < len(self.base_indptr):
                parts.append(self.base_positions[self.base_indptr[number] : self.base_indptr[number + 1]])
            if number in self.delta_postings:
                parts.append(np.asarray(self.delta_postings[number], dtype=np.int32))
        if not parts:
            return np.zeros(self.size, dtype=np.int64)
        return np.bincount(np.concatenate(parts), minlength=self.size)

    def score_all(self, job: JobQuery) -> np.ndarray:
        """Scores of every position (dead ones included; callers mask them)."""
        required = scoring.coverage(self._match_counts(job.required_skill_ids), len(job.required_skill_ids))
        nice = scoring.coverage(self._match_counts(job.nice_to_have_skill_ids), len(job.nice_to_have_skill_ids))
        experience, location, seniority = self._job_parts(job)
        return scoring.combine(
            required=required, nice=nice, experience=experience, location=location, seniority=seniority
        )

    def _job_parts(self, job: JobQuery) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Experience, location and seniority scores of every position for the job's level and place;
        computed once per job shape until a position is added or the index compacted."""
        key = (self._compactions, self.size, job.experience_level, job.remote_policy, job.place)
        parts = self._job_parts_cache.get(key)
        if parts is None:
            parts = self._compute_job_parts(job)
            if len(self._job_parts_cache) >= JOB_PARTS_KEPT:
                self._job_parts_cache.clear()
            self._job_parts_cache[key] = parts
        return parts

    def _compute_job_parts(self, job: JobQuery) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        n = self.size
        experience = scoring.experience_match(self.years[:n], job.experience_level)
        seniority = scoring.seniority_match(self.seniority[:n], job.experience_level)
        # Location depends only on the (few) distinct places: score those, then gather.
        places = self.places
        by_place = scoring.location_match(
            remote_policy=job.remote_policy,
            job_place=job.place,
            kinds=np.array([place.kind for place in places], dtype=np.int8),
            same_city=np.array([place.city == job.place.city for place in places], dtype=bool),
            same_region=np.array([place.region == job.place.region for place in places], dtype=bool),
        )
        location = by_place[self.location[:n]]
        for part in (experience, location, seniority):
            part.flags.writeable = False  # shared by later rankings of the same job shape
        return experience, location, seniority

    def eligible(self, candidate_filter: CandidateFilter) -> np.ndarray:
        n = self.size
        mask = self.alive[:n].copy()
        if candidate_filter.exclude_pks:
            for pk in candidate_filter.exclude_pks:
                position = self.position_of(pk)
                if position is not None:
                    mask[position] = False
        if candidate_filter.location_contains:
            needle = " ".join(candidate_filter.location_contains.casefold().split())
            codes = [code for code, text in enumerate(self.locations) if needle in text]
            mask &= np.isin(self.location[:n], codes)
        if candidate_filter.min_experience is not None:
            with np.errstate(invalid="ignore"):
                mask &= self.years[:n] >= candidate_filter.min_experience
        return mask

    def rank(self, job: JobQuery, *, limit: int, candidate_filter: CandidateFilter | None = None) -> RankedPositions:
        """The `limit` best candidates: highest score first, lower primary key first on ties."""
        mask = self.eligible(candidate_filter or CandidateFilter())
        processed = int(np.count_nonzero(mask))
        if processed == 0 or limit < 1:
            return RankedPositions([], [], processed)
        scores = self.score_all(job)
        n = self.size
        # One int64 key orders by score, then by primary key, so ties break the same way every time.
        keys = (np.rint(scores * 10).astype(np.int64) << PK_BITS) | ((1 << PK_BITS) - 1 - self.pks[:n])
        keys[~mask] = -1
        take = min(limit, processed)
        top = np.argpartition(keys, n - take)[n - take :] if take < n else np.arange(n)
        top = top[np.argsort(keys[top])[::-1]][:take]
        return RankedPositions(
            pks=[int(pk) for pk in self.pks[top]],
            scores=[float(score) for score in scores[top]],
            candidates_processed=processed,
        )

    def nbytes(self) -> int:
        arrays = (
            self.pks,
            self.updated,
            self.years,
            self.seniority,
            self.location,
            self.alive,
            self.base_indptr,
            self.base_positions,
        )
        return int(sum(array.nbytes for array in arrays))
