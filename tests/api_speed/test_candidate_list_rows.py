"""The candidate list shapes plain rows instead of running the serializer per row; each row must be
exactly what CandidateSerializer gives for the same candidate, and the list must not grow queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recruiting import duplicates
from recruiting.api.serializers import CandidateSerializer
from recruiting.models import Candidate
from tests.factories import CandidateFactory
from tests.query_counting import endpoint_queries
from tests.realistic import save_candidates

pytestmark = pytest.mark.django_db


@pytest.fixture
def realistic_candidates(org_a):
    made = save_candidates(org_a)
    # Empty optionals, a whole-number and a fractional experience, a possible duplicate.
    made.append(CandidateFactory(organization=org_a, first_name="Ngọc", last_name="", experience_years=None, phone=""))
    twin = CandidateFactory(organization=org_a, email=made[0].email, experience_years=4.25)
    duplicates.flag_possible_duplicates_in(Candidate.objects.filter(pk=twin.pk))
    made.append(twin)
    return made


def test_every_listed_candidate_reads_as_the_serializer_writes_it(admin_a, api_as, realistic_candidates):
    listed = api_as(admin_a).get("/api/v1/candidates", {"page_size": 100}).json()["results"]

    expected = {
        candidate.pk: CandidateSerializer(Candidate.objects.get(pk=candidate.pk)).data
        for candidate in realistic_candidates
    }
    assert len(listed) == len(expected)
    for row in listed:
        assert row == expected[row["id"]]
    assert any(row["possible_duplicate_of"] for row in listed)


def test_the_candidate_list_costs_the_same_queries_for_5_or_50_rows(admin_a, api_as, org_a):
    client = api_as(admin_a)
    CandidateFactory.create_batch(5, organization=org_a)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/candidates", {"page_size": 50})
    CandidateFactory.create_batch(45, organization=org_a)
    with CaptureQueriesContext(connection) as many:
        client.get("/api/v1/candidates", {"page_size": 50})

    assert len(endpoint_queries(many)) == len(endpoint_queries(few))


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL renders the record; SQLite uses the serializer"
)
def test_each_candidate_reads_as_the_serializer_writes_it_on_its_own_too(admin_a, api_as, realistic_candidates):
    client = api_as(admin_a)

    for candidate in realistic_candidates:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(f"/api/v1/candidates/{candidate.pk}")
        assert response.status_code == 200 and response["Content-Type"] == "application/json"
        assert response.json() == CandidateSerializer(Candidate.objects.get(pk=candidate.pk)).data
        reads = [q["sql"] for q in captured.captured_queries if "recruiting_candidate" in q["sql"]]
        assert len(reads) == 1 and "to_json" in reads[0], "one read, the record rendered by PostgreSQL"


def test_a_candidate_of_another_organization_is_still_a_json_404(admin_a, api_as, candidate_b):
    response = api_as(admin_a).get(f"/api/v1/candidates/{candidate_b.pk}")

    assert response.status_code == 404 and response.json()["code"] == "NOT_FOUND"
