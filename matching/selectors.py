"""Reads the matcher shares: index rows, change feeds and the rows it explains."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterable
from datetime import datetime

from django.db import connections
from django.db.models import TextField
from django.db.models.functions import Cast

from matching.index import IndexColumns
from matching.models import CandidateDeletion
from recruiting.models import Application, Candidate, Job, Organization
from recruiting.precompiled import column_converters

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


def candidate_index_columns(*, organization: Organization, ids: Iterable[int] | None = None) -> IndexColumns:
    """What the index holds of each candidate (all, or some ids), as columns; `index_changes` reads
    those changed since a moment."""
    candidates = Candidate.objects.for_org(organization).order_by()
    if ids is not None:
        candidates = candidates.filter(pk__in=list(ids))
    return _index_columns(
        candidates.values_list(
            "id", Cast("skill_ids", TextField()), "experience_years", "seniority", "location", "updated_at"
        )
    )


def _index_columns(rows: Iterable[tuple]) -> IndexColumns:
    """Index columns from rows of (id, skill ids as JSON text, years, seniority, location, updated_at)."""
    # Skill ids come back as JSON text and are parsed in one call: 100,000 json.loads calls
    # (what the JSONField would do per row) cost more than the whole query.
    gc_was_enabled = gc.isenabled()
    gc.disable()  # building 100,000 small lists would trigger many full collections for nothing
    try:
        columns = IndexColumns.from_rows(rows)
        columns.skill_lists = json.loads("[" + ",".join(text or "[]" for text in columns.skill_lists) + "]")
        return columns
    finally:
        if gc_was_enabled:
            gc.enable()


# Every ranking reads what changed since its index's last check: compiled by Django, the two reads
# (changed candidates, deletion tombstones) cost 1.1 ms of CPU for an empty answer, several times
# their time in the database (2026-12-05, 100,000 candidates). Written once, and run as one
# statement: the candidate's columns are the ones `candidate_index_columns` reads, the organization
# filter is `for_org`'s, and `(organization, updated_at, id)` makes a delta cost what it returns.
_CHANGES_SQL = f"""
    SELECT 1, c.id, CAST(c.skill_ids AS TEXT), c.experience_years, c.seniority, c.location, c.updated_at
    FROM {Candidate._meta.db_table} c WHERE c.organization_id = %s AND c.updated_at >= %s
    UNION ALL
    SELECT 0, d.candidate_id, NULL, NULL, NULL, NULL, NULL
    FROM {CandidateDeletion._meta.db_table} d WHERE d.organization_id = %s AND d.deleted_at >= %s
"""  # noqa: S608 - table names from the models


def index_changes(*, organization: Organization, since: datetime) -> tuple[IndexColumns, list[int]]:
    """The candidates changed since `since` as index columns, and the ids of those deleted since."""
    connection = connections[Candidate.objects.db]
    moment = connection.ops.adapt_datetimefield_value(since)
    converters = column_converters(Candidate._meta.get_field("updated_at"), "c", connection)
    with connection.cursor() as cursor:
        cursor.execute(_CHANGES_SQL, [organization.pk, moment, organization.pk, moment])
        rows = cursor.fetchall()
    changed, deleted = [], []
    for changed_row, *row in rows:
        if not changed_row:
            deleted.append(row[0])
            continue
        for converter, column in converters:
            row[5] = converter(row[5], column, connection)
        changed.append(row)
    return _index_columns(changed), deleted


def candidate_versions(*, organization: Organization) -> list[tuple[int, datetime]]:
    return list(Candidate.objects.for_org(organization).order_by().values_list("id", "updated_at"))


# The ranked candidates' rows, as `Candidate.objects.for_org(organization).filter(pk__in=ids)
# .values(*EXPLAIN_FIELDS)` reads them, written once per process (compiled by Django, the read of ten
# rows cost more CPU than the ranking's explanations); `{ids}` is one placeholder per id.
_EXPLAIN_SQL = (
    f"SELECT {', '.join('CAST(skill_ids AS TEXT)' if name == 'skill_ids' else name for name in EXPLAIN_FIELDS)} "
    f"FROM {Candidate._meta.db_table} WHERE organization_id = %s AND id IN ({{ids}})"  # noqa: S608 - names from the model
)


def candidates_to_explain(*, organization: Organization, ids: list[int]) -> dict[int, dict]:
    if not ids:
        return {}
    connection = connections[Candidate.objects.db]
    with connection.cursor() as cursor:
        cursor.execute(_EXPLAIN_SQL.format(ids=", ".join(["%s"] * len(ids))), [organization.pk, *ids])
        rows = [dict(zip(EXPLAIN_FIELDS, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:
        row["skill_ids"] = json.loads(row["skill_ids"]) if row["skill_ids"] else []
    return {row["id"]: row for row in rows}


def pipeline_candidate_ids(*, job: Job) -> frozenset[int]:
    return frozenset(
        Application.objects.for_org(job.organization_id).filter(job=job).values_list("candidate_id", flat=True)
    )


def open_jobs(*, organization: Organization) -> list[dict]:
    return list(Job.objects.for_org(organization).filter(status=Job.Status.OPEN).order_by("id").values(*JOB_FIELDS))
