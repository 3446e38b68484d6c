"""The job list shapes plain rows and reads the page's hiring teams as id pairs instead of running the
serializer and a prefetch of whole users per row; each row must be exactly what JobSerializer gives for
the same job, and the list must not grow queries with its rows or their teams."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recruiting.api.serializers import JobSerializer
from recruiting.models import Job
from tests.factories import JobFactory
from tests.query_counting import endpoint_queries

pytestmark = pytest.mark.django_db


def test_every_listed_job_reads_as_the_serializer_writes_it(admin_a, recruiter_a, manager_a, api_as, org_a):
    made = [
        JobFactory(organization=org_a),
        # A whole team (listed by e-mail, not by id or insertion), no salary, no skills, other choices.
        JobFactory(
            organization=org_a,
            hiring_team=[recruiter_a, admin_a, manager_a],
            salary_min=None,
            salary_max=None,
            required_skills=[],
            nice_to_have_skills=[],
            remote_policy=Job.RemotePolicy.REMOTE,
            status=Job.Status.DRAFT,
        ),
        JobFactory(
            organization=org_a,
            title="Data Engineer (Zürich)",
            hiring_team=[manager_a],
            salary_min=90000,
            salary_max=120000,
            salary_currency="EUR",
            external_id="ext-7",
        ),
    ]
    listed = api_as(admin_a).get("/api/v1/jobs", {"page_size": 100}).json()["results"]

    expected = {job.pk: JobSerializer(Job.objects.get(pk=job.pk)).data for job in made}
    assert len(listed) == len(expected)
    for row in listed:
        assert row == expected[row["id"]]
    assert [len(row["hiring_team"]) for row in listed] == [1, 3, 0]


def test_the_job_list_costs_the_same_queries_for_few_or_many_jobs_and_teams(admin_a, recruiter_a, api_as, org_a):
    client = api_as(admin_a)
    JobFactory.create_batch(2, organization=org_a)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/jobs", {"page_size": 50})
    JobFactory.create_batch(20, organization=org_a, hiring_team=[admin_a, recruiter_a])
    with CaptureQueriesContext(connection) as many:
        client.get("/api/v1/jobs", {"page_size": 50})

    assert len(endpoint_queries(many)) == len(endpoint_queries(few))
    assert sum("recruiting_job_hiring_team" in sql for sql in endpoint_queries(many)) == 1
