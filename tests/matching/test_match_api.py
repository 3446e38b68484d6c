"""The matching API: top candidates for a job, batches, and jobs for a candidate."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from recruiting.models import Candidate, Job
from tests.factories import ApplicationFactory, CandidateFactory, JobFactory
from tests.query_counting import endpoint_queries


@pytest.fixture
def job(org_a):
    return JobFactory(
        organization=org_a,
        required_skills=["Python", "PostgreSQL", "React", "Kubernetes"],
        nice_to_have_skills=["Docker"],
        experience_level="mid",
        location="Berlin, Germany",
    )


@pytest.fixture
def pool(org_a):
    return [
        CandidateFactory(organization=org_a, skills=["python3", "Postgres", "ReactJS", "k8s"], experience_years=4),
        CandidateFactory(organization=org_a, skills=["Python", "React"], experience_years=6),
        CandidateFactory(organization=org_a, skills=["Java"], experience_years=3),
    ]


def test_top_matches_answer_in_the_documented_shape(api_as, recruiter_a, job, pool):
    response = api_as(recruiter_a).get(f"/api/v1/match/{job.pk}/top?limit=2")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"job_id", "matches", "candidates_processed", "algorithm_version", "processing_time_ms"}
    assert body["job_id"] == job.pk
    assert body["candidates_processed"] == 3
    assert [m["candidate_id"] for m in body["matches"]] == [pool[0].pk, pool[1].pk]
    first = body["matches"][0]
    assert {
        "candidate_id",
        "name",
        "email",
        "score",
        "skills_match",
        "experience_match",
        "location_match",
        "matched_skills",
        "missing_skills",
        "nice_to_have_matched",
        "reasoning",
        "recommendation_strength",
    } <= set(first)
    assert first["matched_skills"] == ["Python", "PostgreSQL", "React", "Kubernetes"]
    assert body["matches"][1]["missing_skills"] == ["PostgreSQL", "Kubernetes"]


def test_trailing_slash_is_accepted_without_redirect(api_as, recruiter_a, job, pool):
    assert api_as(recruiter_a).get(f"/api/v1/match/{job.pk}/top/").status_code == 200
    assert api_as(recruiter_a).get(f"/api/v1/candidates/{pool[0].pk}/matches/").status_code == 200


@pytest.mark.parametrize("limit", ["0", "51", "-1", "ten"])
def test_limit_outside_1_to_50_is_a_400_in_the_error_shape(api_as, recruiter_a, job, limit):
    response = api_as(recruiter_a).get(f"/api/v1/match/{job.pk}/top?limit={limit}")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "VALIDATION_ERROR"
    assert "limit" in body["errors"]
    assert body["detail"].startswith("Invalid input: limit")


def test_limit_50_and_1_are_accepted(api_as, recruiter_a, job, pool):
    assert len(api_as(recruiter_a).get(f"/api/v1/match/{job.pk}/top?limit=50").json()["matches"]) == 3
    assert len(api_as(recruiter_a).get(f"/api/v1/match/{job.pk}/top?limit=1").json()["matches"]) == 1


def test_filters_are_query_options(api_as, recruiter_a, job, pool):
    ApplicationFactory(job=job, candidate=pool[0])
    body = api_as(recruiter_a).get(f"/api/v1/match/{job.pk}/top?exclude_in_pipeline=true&min_experience=5").json()
    assert [m["candidate_id"] for m in body["matches"]] == [pool[1].pk]
    body = api_as(recruiter_a).get(f"/api/v1/match/{job.pk}/top?location=nowhere").json()
    assert body["matches"] == [] and body["candidates_processed"] == 0


def test_another_organizations_job_is_a_404(api_as, admin_b, job, pool):
    response = api_as(admin_b).get(f"/api/v1/match/{job.pk}/top")
    assert response.status_code == 404
    assert response.json() == {"detail": f"Job {job.pk} not found.", "code": "NOT_FOUND"}


def test_unknown_job_is_a_404(api_as, recruiter_a):
    response = api_as(recruiter_a).get("/api/v1/match/999999/top")
    assert response.status_code == 404
    assert response.json()["code"] == "NOT_FOUND"


def test_a_job_id_past_any_integer_is_a_404(api_as, recruiter_a):
    response = api_as(recruiter_a).get("/api/v1/match/99999999999999999999999/top")
    assert response.status_code == 404
    assert response.json()["code"] == "NOT_FOUND"


def test_a_ranking_reads_its_job_once_within_the_organization_and_no_organization_row(api_as, recruiter_a, job, pool):
    client = api_as(recruiter_a)
    client.get(f"/api/v1/match/{job.pk}/top")  # the index is built
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/api/v1/match/{job.pk}/top?limit=2")

    assert response.status_code == 200
    assert response.json()["job_id"] == job.pk
    queries = endpoint_queries(captured)
    job_reads = [sql for sql in queries if 'FROM "recruiting_job"' in sql]
    assert len(job_reads) == 1
    assert '"organization_id" = ' in job_reads[0]
    assert "recruiting_organization" not in job_reads[0]  # the caller's organization is already known
    assert [sql for sql in queries if 'FROM "recruiting_organization"' in sql] == []


def test_matching_needs_credentials(job):
    response = APIClient().get(f"/api/v1/match/{job.pk}/top")
    assert response.status_code == 401
    assert response.json()["code"] == "NOT_AUTHENTICATED"


def test_viewers_may_read_matches_and_post_batches(api_as, viewer_a, job, pool):
    assert api_as(viewer_a).get(f"/api/v1/match/{job.pk}/top").status_code == 200
    assert api_as(viewer_a).post("/api/v1/match/batch", {"job_ids": [job.pk]}, format="json").status_code == 200


def test_batch_ranks_several_jobs(api_as, recruiter_a, org_a, job, pool):
    java_job = JobFactory(organization=org_a, required_skills=["Java"], nice_to_have_skills=[])
    response = api_as(recruiter_a).post("/api/v1/match/batch", {"job_ids": [job.pk, java_job.pk], "limit": 1})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "completed"
    assert body["processed"] == 2
    assert [group["job_id"] for group in body["matches"]] == [job.pk, java_job.pk]
    assert body["matches"][0]["matches"][0]["candidate_id"] == pool[0].pk
    assert body["matches"][1]["matches"][0]["candidate_id"] == pool[2].pk


def test_batch_with_another_organizations_job_is_a_400_naming_job_ids(api_as, recruiter_a, job, job_b):
    response = api_as(recruiter_a).post("/api/v1/match/batch", {"job_ids": [job.pk, job_b.pk]}, format="json")
    assert response.status_code == 400
    assert response.json()["errors"] == {"job_ids": [f"Job {job_b.pk} not found."]}


@pytest.mark.parametrize(
    "body",
    [{"job_ids": []}, {"job_ids": list(range(1, 12))}, {}, {"job_ids": ["x"]}, {"job_ids": [1], "limit": 51}],
)
def test_batch_validates_its_body(api_as, recruiter_a, body):
    response = api_as(recruiter_a).post("/api/v1/match/batch", body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "VALIDATION_ERROR"


def test_candidate_matches_rank_open_jobs_with_explanations(api_as, recruiter_a, org_a, job, pool):
    java_job = JobFactory(organization=org_a, required_skills=["Java"], nice_to_have_skills=[])
    JobFactory(organization=org_a, required_skills=["python"], status=Job.Status.CLOSED)
    response = api_as(recruiter_a).get(f"/api/v1/candidates/{pool[0].pk}/matches?limit=5")
    assert response.status_code == 200
    body = response.json()
    assert body["candidate_id"] == pool[0].pk
    assert [m["job_id"] for m in body["matches"]] == [job.pk, java_job.pk]
    assert body["matches"][0]["title"] == job.title
    assert body["matches"][0]["matched_skills"] == ["Python", "PostgreSQL", "React", "Kubernetes"]
    assert body["matches"][1]["missing_skills"] == ["Java"]


def test_candidate_matches_of_another_organization_are_a_404(api_as, admin_b, pool):
    response = api_as(admin_b).get(f"/api/v1/candidates/{pool[0].pk}/matches")
    assert response.status_code == 404
    assert response.json()["code"] == "NOT_FOUND"


@pytest.mark.parametrize("limit", ["0", "51"])
def test_candidate_matches_limit_is_validated(api_as, recruiter_a, pool, limit):
    response = api_as(recruiter_a).get(f"/api/v1/candidates/{pool[0].pk}/matches?limit={limit}")
    assert response.status_code == 400
    assert response.json()["code"] == "VALIDATION_ERROR"


def test_candidate_detail_route_is_still_served_by_the_candidates_api(api_as, recruiter_a, pool):
    assert api_as(recruiter_a).get(f"/api/v1/candidates/{pool[0].pk}").json()["id"] == pool[0].pk


def test_top_matches_use_a_constant_number_of_queries(api_as, recruiter_a, org_a, job, pool):
    client = api_as(recruiter_a)
    url = f"/api/v1/match/{job.pk}/top?limit=10&exclude_in_pipeline=true"
    client.get(url)  # builds the index
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for number in range(30):
        CandidateFactory(organization=org_a, skills=["Python", "React"], email=f"more{number}@example.com")
    client.get(url)  # picks up the new rows
    with CaptureQueriesContext(connection) as many:
        body = client.get(url).json()
    assert len(body["matches"]) == 10
    assert len(endpoint_queries(many)) == len(endpoint_queries(few))
    # the user with its organization, job, pipeline ids, the change feed (changed and deleted
    # candidates in one read), the ten rows explained
    assert len(endpoint_queries(few)) == 5


def test_candidates_are_never_deleted_or_changed_by_matching(api_as, recruiter_a, job, pool):
    before = list(Candidate.objects.order_by("pk").values())
    api_as(recruiter_a).get(f"/api/v1/match/{job.pk}/top")
    api_as(recruiter_a).post("/api/v1/match/batch", {"job_ids": [job.pk]}, format="json")
    assert list(Candidate.objects.order_by("pk").values()) == before
