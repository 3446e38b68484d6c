"""Where deep pages of an organization's candidate list start, remembered so page 1,000 seeks.

`GET /api/v1/candidates/?page=1000` in the default order (newest first) used to skip 49,950 keys of
the `(organization, created_at, id)` index on every request: 5.5 ms of the database's time, twice
what the rest of the page costs. Here the position a page starts after, `(created_at, id)` of the
row before it, is remembered (in the shared cache, so every server process uses it) when the page is
first read and, for the page after it, whenever a page is served; the next request for that page
reads `(created_at, id) < (t, n)` from the index, 51 keys instead of 50,001.

A remembered start is only right while no candidate has been added to or removed from the list
before it. Each one is remembered with the organization's list version (the sum of its
`CandidateListChange` rows, which triggers grow on every insert and delete) read in the same
statement that found the start, and is used only by a statement that reads the same version: if a
candidate came or went in between, the page is skipped to again and remembered afresh. The rows
are folded into one per organization when a page is skipped to and hourly (`fold_all_changes`). So a page
served from a remembered start holds exactly the rows `OFFSET` would give in the same snapshot.

Only the unfiltered list in its default order is remembered: filters select by values any update
can change, which the version does not follow. PostgreSQL only (the version's triggers are there).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from django.db import connections
from django.db.models import BigIntegerField, BooleanField, Count, QuerySet
from django.db.models.expressions import RawSQL

from recruiting import shared_cache
from recruiting.models import Candidate, CandidateListChange, Organization

# How long a start is kept: a partner walking a list, or asking again for a page, within this time seeks.
PAGE_START_SECONDS = 600
# An organization's change rows are folded into one when a page is skipped to and there are more.
FOLD_CHANGES_OVER = 100
# Query parameters that leave the list as it is (anything else filters or reorders it).
PLAIN_LIST_PARAMETERS = frozenset({"page", "page_size", "count", "format"})

_CHANGES = CandidateListChange._meta.db_table
# Written out rather than built from expressions: compiling `Exact(Coalesce(Subquery(...)))` and a
# tuple comparison cost Django over 1 ms of CPU a request, ten times the statement's own time. Both
# are constant text with their values bound as parameters.
_VERSION_SQL = f"(SELECT coalesce(sum(changes), 0) FROM {_CHANGES} WHERE organization_id = %s)"  # noqa: S608
_CANDIDATES = Candidate._meta.db_table
_SEEK_SQL = f'("{_CANDIDATES}"."created_at", "{_CANDIDATES}"."id") < (%s, %s) AND {_VERSION_SQL} = %s'


def list_version(organization_id: int) -> RawSQL:
    """The organization's list version as a subquery, read in the snapshot of the statement it is in."""
    return RawSQL(_VERSION_SQL, (organization_id,), output_field=BigIntegerField())  # noqa: S611 - constant SQL


def fold_changes(organization_id: int) -> None:
    """Replace an organization's change rows by one row with their sum (the version stays the same).

    One statement: rows a concurrent fold already removed are not counted twice, and rows still being
    written by open transactions stay as they are."""
    with connections[CandidateListChange.objects.db].cursor() as cursor:
        cursor.execute(
            f"""
            WITH folded AS (
                DELETE FROM {_CHANGES} WHERE organization_id = %s RETURNING changes
            )
            INSERT INTO {_CHANGES} (organization_id, changes)
            SELECT %s, sum(changes) FROM folded HAVING count(*) > 0
            """,  # noqa: S608 - a table name
            (organization_id, organization_id),
        )


def fold_all_changes() -> int:
    """Fold every organization's change rows into one (beat, hourly), and drop those of organizations
    that no longer exist: an organization whose deep pages nobody reads would otherwise keep one row
    for every insert and delete statement. Answers how many organizations were folded."""
    CandidateListChange.objects.exclude(organization_id__in=Organization.objects.values("pk")).delete()
    long_runs = (
        CandidateListChange.objects.values("organization_id")
        .annotate(rows=Count("id"))
        .filter(rows__gt=1)
        .values_list("organization_id", flat=True)
    )
    organization_ids = list(long_runs)
    for organization_id in organization_ids:
        fold_changes(organization_id)
    return len(organization_ids)


def _position(row) -> tuple[datetime, int]:
    """Where a list row stands in the order: its `(created_at, id)`, from the row as the list reads it
    (JSON text rendered by PostgreSQL, recruiting.json_rows, or a dict of column values)."""
    if isinstance(row, str):
        row = json.loads(row)
        return datetime.fromisoformat(row["created_at"]), row["id"]
    return row["created_at"], row["id"]


@dataclass(frozen=True)
class CandidatePageStarts:
    """Remembered starts of one organization's unfiltered candidate list, newest first."""

    organization_id: int

    def _key(self, page_size: int, page: int) -> str:
        return f"v1:candidates:start:{self.organization_id}:{page_size}:{page}"

    def page_rows(self, queryset: QuerySet, *, page: int, page_size: int) -> list:
        """The page's rows and one more (the look-ahead), in the list's order, as `queryset` reads them."""
        this_page, next_page = self._key(page_size, page), self._key(page_size, page + 1)
        remembered = shared_cache.get_many([this_page, next_page])
        start = remembered.get(this_page)
        rows = self._seek(queryset, start, page_size=page_size) if start else None
        if rows is None:
            keys, version = self._skip(queryset, page=page, page_size=page_size)
            rows = list(queryset.filter(pk__in=[candidate_id for _, candidate_id in keys])) if keys else []
        else:
            version = start[2]
        if len(rows) > page_size:
            next_start = (*_position(rows[page_size - 1]), version)
            if remembered.get(next_page) != next_start:
                shared_cache.set(next_page, next_start, PAGE_START_SECONDS)
        return rows

    def _seek(self, queryset: QuerySet, start: tuple[datetime, int, int], *, page_size: int) -> list | None:
        """The rows after `start` while the list's version is still the one `start` was found in; None
        when it is not (a candidate came or went since), or the page is past the end now."""
        created_at, candidate_id, version = start
        after_start_unchanged = RawSQL(  # noqa: S611 - constant SQL, values bound
            _SEEK_SQL, (created_at, candidate_id, self.organization_id, version), output_field=BooleanField()
        )
        return list(queryset.filter(after_start_unchanged)[: page_size + 1]) or None

    def _skip(self, queryset: QuerySet, *, page: int, page_size: int) -> tuple[list[tuple[datetime, int]], int]:
        """The keys of the page's rows and one more, read by skipping over the ordering index alone,
        and the list's version in that statement; the page's start is remembered with it."""
        offset = (page - 1) * page_size
        rows = list(
            queryset.annotate(list_version=list_version(self.organization_id)).values_list(
                "created_at", "id", "list_version"
            )[offset - 1 : offset + page_size + 1]
        )
        if not rows:
            return [], 0
        version = rows[0][2]
        shared_cache.set(self._key(page_size, page), (*rows[0][:2], version), PAGE_START_SECONDS)
        if CandidateListChange.objects.filter(organization_id=self.organization_id)[FOLD_CHANGES_OVER:][:1].exists():
            fold_changes(self.organization_id)
        return [row[:2] for row in rows[1:]], version


def for_candidate_list(organization: Organization, query_parameters, *, using: str) -> CandidatePageStarts | None:
    """Remembered starts for this request's candidate list, or None when it is filtered or reordered
    (or the database is not PostgreSQL)."""
    if connections[using].vendor != "postgresql" or not PLAIN_LIST_PARAMETERS.issuperset(query_parameters):
        return None
    return CandidatePageStarts(organization.pk)
