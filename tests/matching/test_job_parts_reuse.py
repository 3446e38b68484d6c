"""The index keeps a job shape's non-skill scores (experience, location, seniority) between rankings;
every ranking must still equal one from a freshly built index, after updates, appends and compaction."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from matching.index import CandidateIndex, IndexColumns, JobQuery
from matching.scoring import parse_location

STAMP = datetime(2026, 1, 1, tzinfo=UTC)


def _rows(count: int, *, shift: float = 0.0):
    places = ["Berlin, Germany", "London, UK", "Remote", ""]
    return [
        (pk, ["python"] if pk % 2 else ["go"], (pk % 9) + shift, "", places[pk % len(places)], STAMP)
        for pk in range(1, count + 1)
    ]


def _job(level: str, place: str = "Berlin, Germany") -> JobQuery:
    return JobQuery(
        required_skill_ids=("python",),
        nice_to_have_skill_ids=("go",),
        experience_level=level,
        remote_policy="hybrid",
        place=parse_location(place),
    )


def _same_as_fresh(index: CandidateIndex, rows, job: JobQuery) -> None:
    fresh = CandidateIndex.from_rows(rows)
    ours = index.rank(job, limit=10)
    theirs = fresh.rank(job, limit=10)
    assert (ours.pks, ours.scores) == (theirs.pks, theirs.scores)


def test_rankings_of_other_job_shapes_and_after_changes_equal_a_fresh_index():
    rows = _rows(40)
    index = CandidateIndex.from_rows(rows)
    for job in (_job("senior"), _job("junior"), _job("senior", "London, UK"), _job("senior")):
        _same_as_fresh(index, rows, job)

    # Every candidate changes experience and is written again: the kept parts no longer apply.
    changed = [
        (pk, skills, years, seniority, place, STAMP + timedelta(days=1))
        for pk, skills, years, seniority, place, _ in _rows(40, shift=7)
    ]
    index.apply(IndexColumns.from_rows(changed[:3]))  # a few: appended to the delta
    _same_as_fresh(index, changed[:3] + rows[3:], _job("senior"))
    index.apply(IndexColumns.from_rows(changed))  # all: compacted
    _same_as_fresh(index, changed, _job("senior"))
    _same_as_fresh(index, changed, _job("junior"))


def test_kept_parts_cannot_be_changed_by_a_caller():
    index = CandidateIndex.from_rows(_rows(5))
    experience, location, seniority = index._job_parts(_job("senior"))
    assert not any(part.flags.writeable for part in (experience, location, seniority))
    assert np.array_equal(experience, index._job_parts(_job("senior"))[0])
