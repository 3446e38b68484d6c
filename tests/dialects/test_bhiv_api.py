"""BHIV HR Platform's documented calls against the platform at `/compat/bhiv`.

The requests are the ones its guide's SDK, curl script and pytest suite make (paths, bodies,
`Authorization: Bearer <api key>`), and each test checks what that code reads: `job_id`, `count`,
`matches[...]["name"]`/`["score"]`, `candidates_processed`, `candidates_inserted`,
`dashboard_metrics`, `export_url`, `status`, and `detail` on errors.
"""

from __future__ import annotations

import csv
import io
import time
from urllib.parse import urlsplit

import httpx
import pytest
from rest_framework.test import APIClient

from ats.services import api_keys
from recruiting import services
from recruiting.models import Candidate, Job
from tests.factories import JobFactory

BASE = "/compat/bhiv"


@pytest.fixture
def api_key(org_a, admin_a) -> str:
    _, _, raw_key = api_keys.register_integration(organization=org_a, name="BHIV", created_by=admin_a)
    return raw_key


@pytest.fixture
def bhiv(api_key) -> APIClient:
    """The SDK's headers: the key as a Bearer token, JSON bodies."""
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {api_key}")


@pytest.fixture
def people(org_a):
    for first, last, skills, years, place in [
        ("Zoë", "O'Brien", ["Python", "FastAPI", "PostgreSQL"], 6.5, "Remote"),
        ("José", "Álvarez", ["Python", "Django"], 4, "Berlin, Germany"),
        ("Mei-Ling", "O'Hara", ["JavaScript", "React"], 2, "Remote"),
    ]:
        services.create_candidate(
            organization=org_a,
            first_name=first,
            last_name=last,
            email=f"{first.lower()}@example.com",
            skills=skills,
            experience_years=years,
            location=place,
        )


JOB = {
    "title": "Senior Python Developer",
    "department": "Engineering",
    "location": "Remote",
    "experience_level": "Senior",
    "requirements": "Python, FastAPI, PostgreSQL, 5+ years experience",
    "description": "Join our team to build scalable HR solutions",
}


@pytest.mark.django_db(transaction=True)
def test_full_workflow_over_http(live_server, api_key, people):
    """The guide's `test_full_workflow`: create a job, get its AI matches, delete it."""
    # Closed at the end (the `with`), so no keep-alive socket holds a live-server thread open.
    with httpx.Client(
        base_url=live_server.url + BASE,
        headers={"Authorization": f"Bearer {api_key}", "Content-Type": "application/json"},
        timeout=10,
    ) as client:
        _full_workflow(client)


def _full_workflow(client: httpx.Client) -> None:
    job_result = client.post(
        "/v1/jobs", json={**JOB, "title": "Integration Test Job", "requirements": "Python, FastAPI, PostgreSQL"}
    )
    assert job_result.status_code in (200, 201), job_result.text
    assert "job_id" in job_result.json()
    job_id = job_result.json()["job_id"]

    matches = client.get(f"/v1/match/{job_id}/top", params={"limit": 5}).json()
    assert "matches" in matches and len(matches["matches"]) <= 5
    best = matches["matches"][0]
    assert best["name"] == "Zoë O'Brien" and 0 <= best["score"] <= 100
    assert matches["candidates_processed"] == 3

    delete_result = client.delete(f"/v1/jobs/{job_id}")
    assert delete_result.status_code == 200 and "message" in delete_result.json()
    assert client.get(f"/v1/jobs/{job_id}").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_rate_limiting_health_checks_stay_fast(live_server, api_key):
    """The guide's `test_rate_limiting`: ten rapid health checks, a 429 tolerated, done well within a minute."""
    with httpx.Client(
        base_url=live_server.url + BASE, headers={"Authorization": f"Bearer {api_key}"}, timeout=10
    ) as client:
        started = time.time()
        for _ in range(10):
            response = client.get("/health")
            if response.status_code == 429:
                assert "Retry-After" in response.headers
                break
            assert response.json()["status"] == "healthy"
        assert time.time() - started < 60


def test_a_job_written_in_prose_is_matchable(bhiv, org_a):
    response = bhiv.post(f"{BASE}/v1/jobs", JOB, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["message"] == "Job created successfully"
    job = Job.objects.get(pk=response.json()["job_id"])
    assert job.required_skills == ["Python", "FastAPI", "PostgreSQL"]
    assert (job.experience_level, job.status) == ("senior", "open")
    assert "5+ years experience" in job.description


@pytest.mark.parametrize("level", ["senior", "SENIOR", "Senior"])
def test_enum_values_are_case_insensitive_on_the_platform_api_too(api_as, recruiter_a, level):
    response = api_as(recruiter_a).post(
        "/api/v1/jobs",
        {"title": "Data Engineer", "experience_level": level, "employment_type": "Full-time"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert (response.json()["experience_level"], response.json()["employment_type"]) == ("senior", "full_time")


def test_jobs_list_filter_search_and_stats(bhiv, org_a, org_b):
    bhiv.post(f"{BASE}/v1/jobs", JOB, format="json")
    bhiv.post(
        f"{BASE}/v1/jobs",
        {
            **JOB,
            "title": "Product Designer",
            "department": "Design",
            "location": "Lisbon, Portugal",
            "requirements": "Figma",
        },
        format="json",
    )
    JobFactory(organization=org_b, title="Python Developer at Globex", department="Engineering")

    jobs = bhiv.get(f"{BASE}/v1/jobs").json()
    assert jobs["count"] == 2 and len(jobs["jobs"]) == 2
    assert bhiv.get(f"{BASE}/v1/jobs", {"department": "Engineering"}).json()["count"] == 1
    found = bhiv.get(
        f"{BASE}/v1/jobs/search", {"query": "Python developer", "location": "Remote", "department": ""}
    ).json()
    assert [job["title"] for job in found["jobs"]] == ["Senior Python Developer"]
    stats = bhiv.get(f"{BASE}/v1/jobs/stats")
    assert stats.status_code == 200


def test_bulk_upload_in_bhivs_fields_then_page_and_search(bhiv, org_a):
    candidates = [
        {
            "name": "John Doe",
            "email": "john.doe@example.com",
            "phone": "+1-555-0123",
            "location": "San Francisco, CA",
            "experience_years": 5,
            "technical_skills": "Python, React, PostgreSQL",
            "seniority_level": "Senior",
            "education_level": "Bachelor's",
        },
        {
            "name": "Jane Smith",
            "email": "jane.smith@example.com",
            "phone": "+1-555-0124",
            "location": "Remote",
            "experience_years": 3,
            "technical_skills": "JavaScript, Node.js, MongoDB",
            "seniority_level": "Mid-level",
            "education_level": "Master's",
        },
    ]
    result = bhiv.post(f"{BASE}/v1/candidates/bulk", {"candidates": candidates}, format="json").json()
    assert result["candidates_inserted"] == 2, result
    jane = Candidate.objects.get(email="jane.smith@example.com")
    assert (jane.first_name, jane.last_name, jane.seniority) == ("Jane", "Smith", "mid")
    assert jane.skills == ["JavaScript", "Node.js", "MongoDB"]
    assert jane.education == [{"level": "Master's"}]

    # The guide's get_all_candidates: limit/offset until a short page.
    seen, offset = [], 0
    while True:
        page = bhiv.get(f"{BASE}/v1/candidates", {"limit": 1, "offset": offset}).json()
        if not page["candidates"]:
            break
        seen.extend(page["candidates"])
        if len(page["candidates"]) < 1:
            break
        offset += 1
    assert sorted(c["name"] for c in seen) == ["Jane Smith", "John Doe"]
    assert seen[0]["technical_skills"] and "seniority_level" in seen[0]

    found = bhiv.get(
        f"{BASE}/v1/candidates/search", {"skills": "Python", "location": "San Francisco", "experience_min": 3}
    ).json()
    assert found["count"] == 1 and found["candidates"][0]["name"] == "John Doe"
    assert bhiv.get(f"{BASE}/v1/candidates/stats").json()["total"] == 2


def test_a_bad_bulk_row_is_reported_and_the_good_ones_land(bhiv):
    result = bhiv.post(
        f"{BASE}/v1/candidates/bulk",
        {"candidates": [{"name": "No Email"}, {"name": "Amélie D'Arcy", "email": "amelie@example.fr"}]},
        format="json",
    ).json()
    assert (result["candidates_inserted"], result["total_errors"]) == (1, 1)
    assert result["errors"][0]["index"] == 0 and "email" in result["errors"][0]["errors"]


def test_batch_matching_and_analytics_and_export(bhiv, people, org_a):
    first = bhiv.post(f"{BASE}/v1/jobs", JOB, format="json").json()["job_id"]
    second = bhiv.post(
        f"{BASE}/v1/jobs", {**JOB, "title": "React Developer", "requirements": "React, JavaScript"}, format="json"
    ).json()["job_id"]
    results = bhiv.post(f"{BASE}/v1/match/batch", {"job_ids": [first, second]}, format="json").json()
    assert [row["job_id"] for row in results["matches"]] == [first, second]
    assert results["matches"][1]["matches"][0]["name"] == "Mei-Ling O'Hara"

    metrics = bhiv.get(f"{BASE}/v1/analytics/dashboard").json()["dashboard_metrics"]
    assert (metrics["total_candidates"], metrics["total_jobs"]) == (3, 2)

    export_info = bhiv.get(f"{BASE}/v1/candidates/export", {"format": "csv"}).json()
    url = urlsplit(export_info["export_url"])
    assert url.path == "/api/v1/exports/download"
    downloaded = APIClient().get(url.path + "?" + url.query)
    rows = list(csv.reader(io.StringIO(b"".join(downloaded.streaming_content).decode())))
    assert len(rows) == 4


def test_the_ai_agent_ranks_posted_candidates_without_storing_them(db):
    before = Candidate.objects.count()
    response = APIClient().post(  # the guide's direct agent call sends no credentials
        f"{BASE}/match",
        {
            "job": {"title": "Python Developer", "skills": ["Python", "FastAPI"]},
            "candidates": [
                {"id": 1, "skills": ["Python", "Django", "PostgreSQL"]},
                {"id": 2, "skills": ["Python", "FastAPI"], "experience_years": 4.5},
                {"id": 3, "skills": ["Excel"]},
            ],
            "options": {"include_explanation": True, "threshold": 0.7, "max_results": 10},
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["candidates_processed"] == 3
    assert [match["candidate_id"] for match in body["matches"]][0] == 2
    assert all(match["score"] >= 70 for match in body["matches"])
    assert 3 not in [match["candidate_id"] for match in body["matches"]]
    assert "reasoning" in body["matches"][0]
    assert Candidate.objects.count() == before


def test_the_ai_agent_refuses_a_malformed_request_with_a_json_400(db):
    response = APIClient().post(f"{BASE}/match", {"job": "Python", "candidates": "everyone"}, format="json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_session_login_with_a_username_gives_a_token_that_works(org_a, recruiter_a):
    from tests.conftest import PASSWORD

    response = APIClient().post(
        f"{BASE}/v1/auth/login", {"username": recruiter_a.email, "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200, response.content
    token = response.json()["access_token"]
    assert APIClient(HTTP_AUTHORIZATION=f"Bearer {token}").get(f"{BASE}/v1/jobs").json()["count"] == 0
    bad = APIClient().post(f"{BASE}/v1/auth/login", {"username": recruiter_a.email, "password": "wrong"}, format="json")
    assert bad.status_code == 401 and bad.json()["detail"]


def test_errors_are_json_with_detail(bhiv, org_b):
    assert APIClient().get(f"{BASE}/v1/jobs").status_code == 401
    assert "detail" in APIClient().get(f"{BASE}/v1/jobs").json()
    assert APIClient(HTTP_AUTHORIZATION="Bearer ats_not-a-real-key-at-all").get(f"{BASE}/v1/jobs").status_code == 401
    missing = bhiv.get(f"{BASE}/v1/nothing-here")
    assert missing.status_code == 404 and "detail" in missing.json()
    foreign = JobFactory(organization=org_b)
    assert bhiv.get(f"{BASE}/v1/jobs/{foreign.pk}").status_code == 404
    assert bhiv.get(f"{BASE}/v1/match/{foreign.pk}/top").status_code == 404
    bad = bhiv.post(f"{BASE}/v1/jobs", {"title": "", "experience_level": "Wizard"}, format="json")
    assert bad.status_code == 400 and bad.json()["detail"]
    assert bhiv.get(f"{BASE}/v1/candidates", {"limit": "lots"}).status_code == 400


def test_health_and_system_status(bhiv):
    assert APIClient().get(f"{BASE}/health").json()["status"] == "healthy"
    status = bhiv.get(f"{BASE}/v1/system/status").json()
    assert status["status"] == "operational"
