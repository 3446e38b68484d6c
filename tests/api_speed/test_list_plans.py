"""Every API list reads its page in its default order straight off an index: no sort step.

The list endpoints are found from the URL configuration, so a new one is checked without being
listed here. Each is requested as an organization admin; the query that reads the page (the one
with ORDER BY and LIMIT) is then explained with sorting and sequential scans priced out. A plan that
still sorts means no index matches `organization` followed by the default order.
"""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import get_resolver
from rest_framework.generics import GenericAPIView

from tests.factories import ApplicationFactory, CandidateFactory, InterviewFactory, JobFactory, ScorecardFactory

pytestmark = pytest.mark.django_db


def list_endpoints() -> list[str]:
    """The path of every DRF list action without path parameters, from the URL configuration."""
    found: dict[tuple[str, str], str] = {}

    def walk(patterns, prefix: str) -> None:
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
                continue
            view = getattr(pattern.callback, "cls", None)
            actions = getattr(pattern.callback, "actions", None) or {}
            if view is None or not issubclass(view, GenericAPIView) or actions.get("get") != "list":
                continue
            route = (prefix + str(pattern.pattern)).replace("^", "").replace("/?$", "").replace("$", "")
            if "(?P<" in route or "<" in route:
                continue
            found.setdefault((view.__module__, view.__qualname__), "/" + route.rstrip("/"))

    walk(get_resolver().url_patterns, "")
    return sorted(found.values())


ENDPOINTS = list_endpoints()


def page_queries(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"page_size": 50})
    assert response.status_code == 200, (url, response.content[:300])
    ordered = [q["sql"] for q in captured.captured_queries if " ORDER BY " in q["sql"]]
    # The page is the query with a LIMIT; an unpaginated list (stages) reads everything in its first one.
    return [sql for sql in ordered if " LIMIT " in sql] or ordered[:1]


def sorts(sql: str) -> bool:
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}")
            plan = "\n".join(row[0] for row in cursor.fetchall())
            return "Sort" in plan
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
        return "TEMP B-TREE FOR ORDER BY" in plan or "TEMP B-TREE FOR RIGHT PART OF ORDER BY" in plan


def test_the_list_endpoints_are_found_from_the_url_configuration():
    assert {"/api/v1/candidates", "/api/v1/jobs", "/api/v1/applications", "/api/v1/audit-log"} <= set(ENDPOINTS)


@pytest.mark.parametrize("url", ENDPOINTS)
def test_a_list_page_in_its_default_order_is_read_from_an_index(org_a, admin_a, api_as, url):
    job = JobFactory(organization=org_a, hiring_team=[admin_a])
    application = ApplicationFactory(job=job, candidate=CandidateFactory(organization=org_a))
    ScorecardFactory(interview=InterviewFactory(application=application, interviewers=[admin_a]), interviewer=admin_a)

    queries = page_queries(api_as(admin_a), url)

    assert queries, f"{url} read no rows in an order"
    for sql in queries:
        assert not sorts(sql), f"{url} sorts its page; add an index on organization + its default order:\n{sql}"
