"""Reads shared by the API, the dashboard and partner endpoints."""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Upper

from recruiting.models import Candidate, Job, Organization, User, normalise_skill_key


def filter_candidates_by_skills(queryset: QuerySet, skills: list[str], *, match: str = "any") -> QuerySet:
    """Keep candidates having any (or all) of the skills, compared case-insensitively."""
    keys = [key for key in (normalise_skill_key(skill) for skill in skills) if key]
    if not keys:
        return queryset
    if connection.vendor == "postgresql":
        # jsonb containment uses the GIN index on skill_keys.
        if match == "all":
            return queryset.filter(skill_keys__contains=keys)
        condition = Q()
        for key in keys:
            condition |= Q(skill_keys__contains=[key])
        return queryset.filter(condition)
    table = queryset.model._meta.db_table
    placeholders = ", ".join(["%s"] * len(keys))
    if match == "all":
        sql = f"(SELECT COUNT(DISTINCT value) FROM json_each({table}.skill_keys) WHERE value IN ({placeholders})) = %s"
        return queryset.filter(RawSQL(sql, [*keys, len(set(keys))], output_field=BooleanField()))  # noqa: S611
    # SQLite has no jsonb containment; json_each with bound parameters does the same job.
    sql = f"EXISTS (SELECT 1 FROM json_each({table}.skill_keys) WHERE value IN ({placeholders}))"
    return queryset.filter(RawSQL(sql, keys, output_field=BooleanField()))  # noqa: S611


def search_candidates(queryset: QuerySet, text: str) -> QuerySet:
    """Substring search on name and email; 'Ada Lovelace' matches first and last name together.

    Users have the same three fields, so the user search (`GET /api/v1/users?q=`) uses it too.
    """
    condition = Q()
    for term in text.split():
        if queryset.model is Candidate:
            # The stored upper-cased text, with the term upper-cased by the same database function
            # (PostgreSQL's upper('ß') is not Python's 'SS'); LIKE's % and _ in the term match themselves.
            condition &= Q(search_text__contains=Upper(Value(term)))
        else:
            condition &= Q(first_name__icontains=term) | Q(last_name__icontains=term) | Q(email__icontains=term)
    return queryset.filter(condition)


def global_search(*, organization: Organization, text: str, limit: int = 8) -> dict[str, list]:
    """Candidates by name or e-mail, jobs by title, people by name or e-mail; the organization's only."""
    text = " ".join(text.split())[:200]
    if not text:
        return {"candidates": [], "jobs": [], "people": []}
    jobs = Q()
    for term in text.split():
        jobs &= Q(title__icontains=term)
    # One more than the limit tells the page whether to offer "see all".
    return {
        "candidates": list(
            search_candidates(Candidate.objects.for_org(organization), text).order_by("-id")[: limit + 1]
        ),
        "jobs": list(Job.objects.for_org(organization).filter(jobs).order_by("-created_at", "-id")[: limit + 1]),
        "people": list(
            find_people(organization=organization, text=text).order_by("first_name", "last_name", "email")[: limit + 1]
        ),
    }


def find_people(*, organization: Organization, text: str = "", include_deactivated: bool = False) -> QuerySet[User]:
    """The organization's people whose name or e-mail holds every word of `text` (everyone when blank)."""
    people = User.objects.filter(organization=organization)
    if not include_deactivated:
        people = people.filter(is_active=True)
    text = " ".join(text.split())[:200]
    return search_candidates(people, text) if text else people


def candidate_sources(*, organization: Organization, limit: int = 200) -> list[str]:
    """The organization's distinct candidate sources, as spelled, in order; blanks left out.

    On PostgreSQL a skip scan over the (organization, source) index: one index probe per source
    rather than a read of every candidate (60-90 ms at 100,000 candidates).
    """
    if connection.vendor != "postgresql":
        values = Candidate.objects.for_org(organization).exclude(source="").values_list("source", flat=True)
        return list(values.distinct().order_by("source")[:limit])
    table = Candidate._meta.db_table
    sql = f"""
        WITH RECURSIVE sources(value) AS (
            SELECT MIN(source) FROM {table} WHERE organization_id = %s AND source > ''
            UNION ALL
            SELECT (SELECT MIN(source) FROM {table} WHERE organization_id = %s AND source > sources.value)
            FROM sources WHERE sources.value IS NOT NULL
        )
        SELECT value FROM sources WHERE value IS NOT NULL LIMIT %s
    """  # noqa: S608 - the table name is the model's; every value is a bound parameter
    with connection.cursor() as cursor:
        cursor.execute(sql, [organization.pk, organization.pk, limit])
        return [row[0] for row in cursor.fetchall()]
