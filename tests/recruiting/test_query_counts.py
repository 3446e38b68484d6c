"""Every list endpoint runs a fixed number of queries however many rows it returns (no N+1)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recruiting.models import Feedback, Note
from tests.factories import ApplicationFactory, CandidateFactory, InterviewFactory, JobFactory, ScorecardFactory
from tests.query_counting import endpoint_queries


def _add_rows(organization, admin, count):
    for _ in range(count):
        job = JobFactory(organization=organization, hiring_team=[admin])
        candidate = CandidateFactory(organization=organization)
        application = ApplicationFactory(job=job, candidate=candidate)
        interview = InterviewFactory(application=application, interviewers=[admin])
        ScorecardFactory(interview=interview, interviewer=admin)
        Feedback.objects.create(organization=organization, candidate=candidate, text="ok")
        Note.objects.create(organization=organization, candidate=candidate, body="ok", author=admin)


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(endpoint_queries(captured))


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/jobs",
        "/api/v1/candidates",
        "/api/v1/applications",
        "/api/v1/interviews",
        "/api/v1/scorecards",
        "/api/v1/feedback",
        "/api/v1/notes",
        "/api/v1/stages",
    ],
)
def test_list_query_count_does_not_grow_with_rows(org_a, admin_a, api_as, url):
    client = api_as(admin_a)
    _add_rows(org_a, admin_a, 2)
    few = _queries(client, url)
    _add_rows(org_a, admin_a, 8)
    many = _queries(client, url)
    assert many == few
    assert few <= 6


def test_the_application_list_reads_only_the_related_columns_it_shows(org_a, admin_a, api_as):
    job = JobFactory(organization=org_a, title="Data Engineer – São Paulo", description="Long text " * 200)
    candidate = CandidateFactory(organization=org_a, first_name="Zoë", last_name="O'Connor", skills=["Python"])
    application = ApplicationFactory(job=job, candidate=candidate)

    with CaptureQueriesContext(connection) as captured:
        response = api_as(admin_a).get("/api/v1/applications")

    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["id"] == application.pk
    assert row["candidate"] == candidate.pk
    assert row["candidate_name"] == "Zoë O'Connor"
    assert row["job"] == job.pk
    assert row["job_title"] == "Data Engineer – São Paulo"
    assert row["stage"] == application.stage.key
    [page] = [sql for sql in endpoint_queries(captured) if 'FROM "recruiting_application"' in sql and "LIMIT" in sql]
    assert '"recruiting_job"."description"' not in page
    assert '"recruiting_candidate"."skills"' not in page
    assert '"recruiting_candidate"."ats_data"' not in page
