"""`GET /api/v1/applications` rendered by PostgreSQL reads exactly as ApplicationSerializer writes
each application, related names included, and costs the same queries for 5 rows or 25."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recruiting import services
from recruiting.api.serializers import ApplicationSerializer
from recruiting.models import Application, PipelineStage, RejectionReason
from tests.factories import ApplicationFactory, CandidateFactory, JobFactory
from tests.query_counting import endpoint_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def applications(org_a, admin_a):
    services.ensure_default_rejection_reasons(organization=org_a)
    job = JobFactory(organization=org_a, title="Développeuse back-end « senior », Zürich")
    other_job = JobFactory(organization=org_a, title="Data engineer (m/w/d) – O'Brien & Söhne")
    people = [
        CandidateFactory(organization=org_a, first_name="Zoë", last_name="O'Neill"),
        CandidateFactory(organization=org_a, first_name="Nguyễn", last_name="Thị Minh Khai"),
        CandidateFactory(organization=org_a, first_name="Ólafur", last_name=""),
        CandidateFactory(organization=org_a, first_name="José", last_name="García-Márquez"),
    ]
    made = [ApplicationFactory(job=job, candidate=person, source="LinkedIn, Berlin") for person in people]
    made.append(ApplicationFactory(job=other_job, candidate=people[0], source=""))
    rejected = PipelineStage.objects.get(organization=org_a, kind=PipelineStage.Kind.REJECTED)
    services.move_application_to_stage(
        application=made[1],
        stage=rejected,
        actor=admin_a,
        reason="Salary expectations 4.5k over the band; she'd reapply in spring",
        rejection_reason=RejectionReason.objects.filter(organization=org_a).first(),
    )
    Application.objects.filter(pk=made[2].pk).update(
        answers=[{"question": "Wann könnten Sie anfangen?", "answer": "Im Juni — nach dem Umzug"}]
    )
    return made


def listed(client, **params) -> tuple[list[dict], list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/applications", {"page_size": 25, **params})
    assert response.status_code == 200, response.content
    return response.json()["results"], endpoint_queries(captured)


def test_every_listed_application_reads_as_the_serializer_writes_it(admin_a, api_as, org_a, applications):
    rows, queries = listed(api_as(admin_a))

    expected = {
        application.pk: ApplicationSerializer(
            Application.objects.get(pk=application.pk), context={"organization": org_a}
        ).data
        for application in applications
    }
    assert len(rows) == len(expected)
    for row in rows:
        assert row == expected[row["id"]]
    assert {row["candidate_name"] for row in rows} >= {"Zoë O'Neill", "Ólafur"}
    assert any(row["rejection_reason"] for row in rows) and any(row["rejection_reason"] is None for row in rows)
    if connection.vendor == "postgresql":
        assert any("to_json" in sql for sql in queries), "the rows are rendered by PostgreSQL"


def test_a_filtered_list_reads_the_same_too(admin_a, api_as, applications):
    rows, _ = listed(api_as(admin_a), job=applications[0].job_id)

    assert sorted(row["id"] for row in rows) == sorted(a.pk for a in applications if a.job_id == applications[0].job_id)


def test_the_application_list_costs_the_same_queries_for_5_or_25_rows(admin_a, api_as, org_a, applications):
    client = api_as(admin_a)
    _, few = listed(client)
    job = JobFactory(organization=org_a)
    for number in range(20):
        ApplicationFactory(job=job, candidate=CandidateFactory(organization=org_a, email=f"more{number}@example.com"))

    rows, many = listed(client)

    assert len(rows) == 25 and len(many) == len(few)
