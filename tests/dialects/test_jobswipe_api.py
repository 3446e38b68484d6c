"""JobSwipe's documented service calls against the platform at `/compat/jobswipe`.

Each test sends the document's request (paths under `/api/v1/`, `X-API-Key` for services, a Bearer
JWT for users) and checks what its client reads: `{"success": true, "data": {...}}` with the
documented keys, and `{"success": false, "error": {"code", "message"}}` with its codes.
"""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from rest_framework.test import APIClient

from ats.services import api_keys
from recruiting import resumes, services
from recruiting.models import Application, Note, OutboxEvent
from tests.factories import JobFactory
from tests.integrations.conftest import allow_loopback, receiver

__all__ = ["allow_loopback", "receiver"]  # fixtures used below

BASE = "/compat/jobswipe"


@pytest.fixture
def service(org_a, admin_a) -> APIClient:
    """A service-to-service client: `X-API-Key`, as the document's first example."""
    _, _, raw_key = api_keys.register_integration(organization=org_a, name="JobSwipe", created_by=admin_a)
    return APIClient(HTTP_X_API_KEY=raw_key)


def data(response, status_code=200) -> dict:
    assert response.status_code == status_code, response.content
    body = response.json()
    assert body["success"] is True
    return body["data"]


def verify_webhook_signature(payload: bytes, signature: str, secret: str) -> bool:
    """Re-typed from the document: hex HMAC-SHA256 of the raw body, prefixed `sha256=`."""
    expected = hmac.new(secret.encode("utf-8"), payload, hashlib.sha256).hexdigest()
    return hmac.compare_digest(f"sha256={expected}", signature)


def test_jobs_are_ingested_then_listed_by_page(service, org_a, eager_tasks, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = service.post(
            f"{BASE}/api/v1/ingestion/jobs",
            {
                "source": "custom",
                "jobs": [
                    {
                        "external_id": "custom-123",
                        "title": "Software Engineer",
                        "company": "Example Corp",
                        "location": "Remote",
                        "description": "Job description...",
                        "apply_url": "https://example.com/apply",
                        "salary_range": "$100k - $150k",
                        "type": "full_time",
                    }
                ],
            },
            format="json",
        )
    ingested = data(response, 202)
    assert (ingested["jobs_received"], ingested["jobs_queued"], ingested["status"]) == (1, 1, "processing")
    assert ingested["ingestion_id"]

    listed = data(service.get(f"{BASE}/api/v1/jobs", {"page": 1, "per_page": 20}))
    assert listed["total"] == 1 and listed["page"] == 1 and listed["per_page"] == 20
    assert listed["jobs"][0]["external_id"] == "custom-123"


@pytest.fixture
def zoe_with_a_resume(org_a):
    candidate = services.create_candidate(
        organization=org_a,
        first_name="Zoë",
        last_name="O'Brien",
        email="zoe@example.com",
        skills=["Python", "FastAPI"],
        experience_years=5,
        location="Remote",
    )
    resume = resumes.attach_resume(candidate=candidate, data=b"Zoe O'Brien\nPython, FastAPI\n", filename="zoe.txt")
    return candidate, resume


def test_application_automation_submits_and_can_be_polled(api_as, recruiter_a, org_a, zoe_with_a_resume):
    candidate, resume = zoe_with_a_resume
    job = JobFactory(organization=org_a, title="Backend Engineer")
    user = api_as(recruiter_a)  # "Authorization: Bearer <user_token>"
    task = data(
        user.post(
            f"{BASE}/api/v1/automation/applications",
            {
                "job_id": job.pk,
                "resume_id": str(resume.uuid),
                "cover_letter_template_id": "template-uuid",
                "answers": [{"question": "Years of experience?", "answer": "5"}],
            },
            format="json",
        ),
        201,
    )
    assert task["status"] == "completed"
    application = Application.objects.get(pk=task["task_id"])
    assert (application.job, application.candidate, application.source) == (job, candidate, "jobswipe")
    assert "Years of experience?" in Note.objects.get(application=application).body
    assert OutboxEvent.objects.filter(name="application.completed").count() == 1

    polled = data(user.get(f"{BASE}/api/v1/automation/applications/{task['task_id']}"))
    assert polled["status"] == "completed" and polled["job_id"] == job.pk

    again = user.post(
        f"{BASE}/api/v1/automation/applications", {"job_id": job.pk, "resume_id": str(resume.uuid)}, format="json"
    )
    assert again.status_code == 409  # the same conflict status as a concurrent add
    error = again.json()["error"]
    assert again.json()["success"] is False and error["code"] == "ALREADY_IN_PIPELINE"
    assert "Zoë O'Brien is already in the pipeline for Backend Engineer." in error["message"]
    assert OutboxEvent.objects.filter(name="application.failed").count() == 1


def test_job_matches_for_the_users_profile(api_as, recruiter_a, org_a):
    python = JobFactory(organization=org_a, title="Python Engineer", required_skills=["Python", "FastAPI", "AWS"])
    design = JobFactory(organization=org_a, title="Designer", required_skills=["Figma"])
    user = api_as(recruiter_a)
    profile = data(
        user.put(
            f"{BASE}/api/v1/matching/profile",
            {
                "skills": ["Python", "PostgreSQL", "AWS"],
                "experience_years": 5,
                "preferred_locations": ["Remote", "San Francisco"],
                "job_types": ["full_time", "contract"],
            },
            format="json",
        )
    )
    assert profile["skills"] == ["Python", "PostgreSQL", "AWS"]
    matches = data(user.post(f"{BASE}/api/v1/matching/jobs", {"job_ids": [design.pk, python.pk]}, format="json"))[
        "matches"
    ]
    assert [m["job_id"] for m in matches] == [python.pk, design.pk]
    best = matches[0]
    assert 0 <= best["score"] <= 1 and best["reason"]
    assert best["matched_skills"] == ["Python", "AWS"] and best["missing_skills"] == ["FastAPI"]


def test_job_matches_without_a_profile_say_what_to_do(api_as, recruiter_a, org_a):
    job = JobFactory(organization=org_a)
    response = api_as(recruiter_a).post(f"{BASE}/api/v1/matching/jobs", {"job_ids": [job.pk]}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "NO_PROFILE"


def test_notifications_events_and_queries(service, api_as, admin_a, recruiter_a):
    sent = data(
        service.post(
            f"{BASE}/api/v1/notifications/send",
            {
                "user_id": recruiter_a.pk,
                "type": "custom",
                "title": "New Job Match",
                "message": "We found a new job that matches your profile!",
                "channels": ["push", "email"],
                "metadata": {"job_id": "job-uuid", "match_score": 0.85},
            },
            format="json",
        ),
        201,
    )
    assert sent
    user = api_as(admin_a)
    for event_type in ("jobs_viewed", "jobs_viewed", "jobs_applied"):
        data(
            user.post(
                f"{BASE}/api/v1/analytics/events",
                {"event_type": event_type, "properties": {"source": "app", "location": "job_list"}},
                format="json",
            ),
            201,
        )
    today = __import__("datetime").date.today().isoformat()
    result = data(
        user.post(
            f"{BASE}/api/v1/analytics/query",
            {
                "metrics": ["jobs_viewed", "jobs_applied"],
                "dimensions": ["date", "source"],
                "filters": {"date_range": {"start": today, "end": today}},
                "granularity": "day",
            },
            format="json",
        )
    )
    assert result["totals"] == {"jobs_viewed": 2, "jobs_applied": 1}
    assert result["rows"] == [{"date": today, "source": "app", "jobs_viewed": 2, "jobs_applied": 1}]


def test_storage_and_resume_parsing(service, zoe_with_a_resume):
    presigned = data(
        service.post(
            f"{BASE}/api/v1/storage/presigned-url",
            {"filename": "resume.pdf", "content_type": "application/pdf", "operation": "upload"},
            format="json",
        )
    )
    assert {"upload_url", "file_url", "expires_at"} <= set(presigned)

    _, resume = zoe_with_a_resume
    resume_url = f"https://platform.example/api/v1/storage/files/{resume.uuid}"  # the file_url it was given
    body = data(service.post(f"{BASE}/api/v1/resume/parse", {"resume_url": resume_url}, format="json"))
    assert body["parsed"] is True
    assert body["extracted_data"]
    assert "parsing_confidence" in body and "parsed_at" in body


def test_a_webhook_created_here_is_signed_as_the_document_verifies(
    api_as,
    admin_a,
    org_a,
    receiver,
    allow_loopback,
    eager_tasks,
    django_capture_on_commit_callbacks,
    zoe_with_a_resume,
):
    created = data(
        api_as(admin_a).post(
            f"{BASE}/api/v1/webhooks",
            {
                "url": receiver.url(),
                "events": ["application.submitted", "application.completed", "application.failed"],
                "secret": "webhook_secret_key",
            },
            format="json",
        ),
        201,
    )
    assert created["events"] == ["application.submitted", "application.completed", "application.failed"]
    candidate, resume = zoe_with_a_resume
    job = JobFactory(organization=org_a)
    with django_capture_on_commit_callbacks(execute=True):
        api_as(admin_a).post(
            f"{BASE}/api/v1/automation/applications", {"job_id": job.pk, "resume_id": str(resume.uuid)}, format="json"
        )
    events = {}
    for request in receiver.requests:
        assert verify_webhook_signature(request.body, request.headers["X-Webhook-Signature"], "webhook_secret_key")
        events[request.headers["X-Webhook-Event"]] = json.loads(request.body)
    assert set(events) == {"application.submitted", "application.completed"}


@pytest.mark.parametrize(
    ("headers", "code"),
    [
        ({"HTTP_X_API_KEY": "ats_not-a-real-key-at-all-0000"}, "INVALID_API_KEY"),
        ({"HTTP_AUTHORIZATION": "Bearer not.a.jwt"}, "INVALID_TOKEN"),
    ],
)
def test_errors_use_the_documented_codes(db, headers, code):
    response = APIClient(**headers).get(f"{BASE}/api/v1/jobs")
    assert response.status_code == 401
    body = response.json()
    assert body["success"] is False and body["error"]["code"] == code and body["error"]["message"]


def test_a_recruiter_may_not_create_webhooks_and_an_unknown_path_is_a_404(api_as, recruiter_a):
    forbidden = api_as(recruiter_a).post(
        f"{BASE}/api/v1/webhooks", {"url": "http://127.0.0.1:9/x", "events": []}, format="json"
    )
    assert forbidden.status_code == 403 and forbidden.json()["error"]["code"] == "PERMISSION_DENIED"
    missing = api_as(recruiter_a).get(f"{BASE}/api/v1/nowhere")
    assert missing.status_code == 404 and missing.json()["success"] is False


def test_health(db):
    assert data(APIClient().get(f"{BASE}/health"))["status"] == "healthy"
