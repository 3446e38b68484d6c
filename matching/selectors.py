"""Reads the matcher shares: index rows, change feeds and the rows it explains."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from recruiting.models import Application, Candidate, Job, Organization

INDEX_FIELDS = ("id", "skill_ids", "experience_years", "seniority", "location", "updated_at")
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


def candidate_index_rows(*, organization: Organization, changed_since: datetime | None = None) -> list[tuple]:
    candidates = Candidate.objects.for_org(organization)
    if changed_since is not None:
        # (organization, updated_at, id) index: a delta costs what it returns.
        candidates = candidates.filter(updated_at__gte=changed_since)
    return list(candidates.order_by().values_list(*INDEX_FIELDS))


def candidate_index_rows_by_id(*, organization: Organization, ids: Iterable[int]) -> list[tuple]:
    return list(Candidate.objects.for_org(organization).filter(pk__in=list(ids)).order_by().values_list(*INDEX_FIELDS))


def candidate_count(*, organization: Organization) -> int:
    return Candidate.objects.for_org(organization).order_by().count()


def candidate_versions(*, organization: Organization) -> list[tuple[int, datetime]]:
    return list(Candidate.objects.for_org(organization).order_by().values_list("id", "updated_at"))


def candidates_to_explain(*, organization: Organization, ids: list[int]) -> dict[int, dict]:
    rows = Candidate.objects.for_org(organization).filter(pk__in=ids).order_by().values(*EXPLAIN_FIELDS)
    return {row["id"]: row for row in rows}


def pipeline_candidate_ids(*, job: Job) -> frozenset[int]:
    return frozenset(
        Application.objects.for_org(job.organization_id).filter(job=job).values_list("candidate_id", flat=True)
    )


def open_jobs(*, organization: Organization) -> list[dict]:
    return list(Job.objects.for_org(organization).filter(status=Job.Status.OPEN).order_by("id").values(*JOB_FIELDS))
