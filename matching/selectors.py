"""Reads the matcher shares: index rows, change feeds and the rows it explains."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable
from datetime import datetime

from django.db.models import TextField
from django.db.models.functions import Cast

from matching.index import IndexColumns, version_of
from matching.models import CandidateDeletion
from recruiting.models import Application, Candidate, Job, Organization

EXPLAIN_FIELDS = ("id", "first_name", "last_name", "email", "skill_ids", "experience_years", "seniority", "location")
JOB_FIELDS = (
    "id",
    "title",
    "required_skills",
    "nice_to_have_skills",
    "required_skill_ids",
    "nice_to_have_skill_ids",
    "experience_level",
    "remote_policy",
    "location",
)


def candidate_index_columns(
    *, organization: Organization, changed_since: datetime | None = None, ids: Iterable[int] | None = None
) -> IndexColumns:
    """What the index holds of each candidate (all, changed since a moment, or some ids), as columns."""
    candidates = Candidate.objects.for_org(organization).order_by()
    if changed_since is not None:
        # (organization, updated_at, id) index: a delta costs what it returns.
        candidates = candidates.filter(updated_at__gte=changed_since)
    if ids is not None:
        candidates = candidates.filter(pk__in=list(ids))
    # Skill ids come back as JSON text and are parsed in one call: 100,000 json.loads calls
    # (what the JSONField would do per row) cost more than the whole query.
    gc_was_enabled = gc.isenabled()
    gc.disable()  # building 100,000 small lists would trigger many full collections for nothing
    try:
        rows = list(
            candidates.values_list(
                "id", Cast("skill_ids", TextField()), "experience_years", "seniority", "location", "updated_at"
            )
        )
        if not rows:
            return IndexColumns([], [], [], [], [], [])
        pks, skill_texts, years, seniority, locations, updated = (list(column) for column in zip(*rows, strict=True))
        skill_lists = json.loads("[" + ",".join(text or "[]" for text in skill_texts) + "]")
        return IndexColumns(pks, skill_lists, years, seniority, locations, [version_of(moment) for moment in updated])
    finally:
        if gc_was_enabled:
            gc.enable()


def candidate_versions(*, organization: Organization) -> list[tuple[int, datetime]]:
    return list(Candidate.objects.for_org(organization).order_by().values_list("id", "updated_at"))


def deleted_candidate_ids(*, organization: Organization, since: datetime) -> list[int]:
    return list(
        CandidateDeletion.objects.filter(organization_id=organization.pk, deleted_at__gte=since).values_list(
            "candidate_id", flat=True
        )
    )


def candidates_to_explain(*, organization: Organization, ids: list[int]) -> dict[int, dict]:
    rows = Candidate.objects.for_org(organization).filter(pk__in=ids).order_by().values(*EXPLAIN_FIELDS)
    return {row["id"]: row for row in rows}


def pipeline_candidate_ids(*, job: Job) -> frozenset[int]:
    return frozenset(
        Application.objects.for_org(job.organization_id).filter(job=job).values_list("candidate_id", flat=True)
    )


def open_jobs(*, organization: Organization) -> list[dict]:
    return list(Job.objects.for_org(organization).filter(status=Job.Status.OPEN).order_by("id").values(*JOB_FIELDS))
