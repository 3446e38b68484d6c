"""GET /api/v1/jobs/stats and /api/v1/candidates/stats count the caller's organization only."""

from __future__ import annotations

from recruiting.models import Job
from tests.factories import CandidateFactory, JobFactory


def test_job_stats_count_by_status_and_department(org_a, org_b, recruiter_a, api_as):
    JobFactory(organization=org_a, department="Engineering")
    JobFactory(organization=org_a, department="Engineering", status=Job.Status.CLOSED)
    JobFactory(organization=org_a, department="Customer Success", status=Job.Status.DRAFT)
    JobFactory(organization=org_b, department="Engineering")
    body = api_as(recruiter_a).get("/api/v1/jobs/stats").json()
    assert body["total"] == 3
    assert body["by_status"]["open"] == 1
    assert body["by_status"]["closed"] == 1
    assert body["by_status"]["draft"] == 1
    assert body["by_department"] == [
        {"department": "Engineering", "jobs": 2, "open": 1},
        {"department": "Customer Success", "jobs": 1, "open": 0},
    ]


def test_candidate_stats_count_by_source_with_average_experience(org_a, org_b, recruiter_a, api_as):
    CandidateFactory(organization=org_a, first_name="Zoë", source="LinkedIn", experience_years=4.5)
    CandidateFactory(organization=org_a, first_name="José", source="LinkedIn", experience_years=None)
    CandidateFactory(organization=org_a, first_name="Amélie", source="", experience_years=7.5)
    CandidateFactory(organization=org_b, source="Referral", experience_years=40)
    body = api_as(recruiter_a).get("/api/v1/candidates/stats").json()
    assert body == {
        "total": 3,
        "new_last_30_days": 3,
        "avg_experience": 6.0,
        "by_source": [{"source": "LinkedIn", "candidates": 2}, {"source": "", "candidates": 1}],
    }


def test_stats_routes_are_not_read_as_candidate_or_job_ids(recruiter_a, api_as):
    assert api_as(recruiter_a).get("/api/v1/candidates/stats/").status_code == 200
    assert api_as(recruiter_a).get("/api/v1/jobs/stats/").status_code == 200
