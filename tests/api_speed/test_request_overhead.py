"""What every API request pays before its endpoint: a bearer token's user and the organization the
request is scoped by are read in one query, for the cheapest request and for a list alike."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CandidateFactory
from tests.query_counting import endpoint_queries

pytestmark = pytest.mark.django_db


def _queries(client, url: str) -> list[str]:
    client.get(url)  # first request of the client: anything cached per process is warm
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return endpoint_queries(captured)


def test_a_bearer_request_reads_its_user_and_organization_in_one_query(admin_a, api_as):
    queries = _queries(api_as(admin_a), "/api/v1/users/me")

    assert len(queries) == 1, queries
    assert '"recruiting_user"' in queries[0] and '"recruiting_organization"' in queries[0]


def test_a_candidate_page_is_one_query_beside_the_caller(admin_a, api_as, org_a, monkeypatch):
    from recruiting import counting

    # A large organization: the total is the planner's estimate, remembered after the first request.
    monkeypatch.setattr(counting, "planner_estimate", lambda queryset: 123_456)
    CandidateFactory.create_batch(5, organization=org_a)

    queries = _queries(api_as(admin_a), "/api/v1/candidates?page_size=3")

    caller, *rest = queries
    assert '"recruiting_organization"' in caller
    assert len(rest) == 1 and "ORDER BY" in rest[0], rest
