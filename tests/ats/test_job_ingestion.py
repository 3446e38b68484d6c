"""POST /api/v1/ingestion/jobs and GET /api/v1/ingestion/{id}: job batches upserted by a Celery worker."""

import httpx
import pytest

from ats.models import IngestedJobPosting, JobIngestion
from ats.services import job_ingestion
from recruiting.models import Job, OutboxEvent
from tests.ats import stack


def job(number, **extra):
    return {
        "external_id": f"j{number}",
        "title": f"Backend Engineer {number}",
        "company": "Initech",
        "location": "Remote",
        "description": "Build APIs.",
        "apply_url": f"https://jobs.example.com/{number}",
        "salary_range": "90k-120k",
        "type": "full-time",
        **extra,
    }


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_ingestion_is_processed_by_a_celery_worker(stack_env, tmp_path):
    env = stack_env()
    key = stack.acme_partner_key(env)

    with stack.gunicorn(env, tmp_path, workers=1) as base_url, stack.celery_worker(env, tmp_path):
        http = httpx.Client(base_url=base_url, headers={"X-API-Key": key}, timeout=30)
        first = http.post(
            "/api/v1/ingestion/jobs", json={"source": "indeed", "jobs": [job(1), job(2), {"title": "No id"}]}
        )
        assert first.status_code == 202
        assert {k: first.json()[k] for k in ("jobs_received", "jobs_queued", "status")} == {
            "jobs_received": 3,
            "jobs_queued": 2,
            "status": "processing",
        }
        outcome = stack.poll_status(
            http, f"/api/v1/ingestion/{first.json()['ingestion_id']}", lambda body: body["status"] != "processing"
        )
        assert outcome["status"] == "completed", outcome
        assert (outcome["jobs_created"], outcome["jobs_updated"]) == (2, 0)
        assert outcome["errors"] == [{"index": 2, "errors": {"external_id": ["This field is required."]}}]

        again = http.post("/api/v1/ingestion/jobs", json={"source": "indeed", "jobs": [job(1, title="Staff Engineer")]})
        second = stack.poll_status(
            http, f"/api/v1/ingestion/{again.json()['ingestion_id']}", lambda body: body["status"] != "processing"
        )
        assert (second["status"], second["jobs_created"], second["jobs_updated"]) == ("completed", 0, 1)
        jobs = http.get("/api/v1/jobs?ordering=title").json()["results"]
        assert [j["title"] for j in jobs] == ["Backend Engineer 2", "Staff Engineer"]
        assert jobs[0]["salary_min"] == 90000 and jobs[0]["employment_type"] == "full_time"


def test_ingestion_upserts_by_source_and_external_id(org_a):
    first = job_ingestion.start_job_ingestion(organization=org_a, source="indeed", jobs=[job(1)], integration=None)
    job_ingestion.process_job_ingestion(ingestion_id=first.pk)
    other_source = job_ingestion.start_job_ingestion(
        organization=org_a, source="stepstone", jobs=[job(1)], integration=None
    )
    job_ingestion.process_job_ingestion(ingestion_id=other_source.pk)
    update = job_ingestion.start_job_ingestion(
        organization=org_a,
        source="indeed",
        jobs=[job(1, company="Initrode", salary_range={"min": 1, "max": 2, "currency": "eur"})],
        integration=None,
    )

    done = job_ingestion.process_job_ingestion(ingestion_id=update.pk)

    assert (done.jobs_created, done.jobs_updated) == (0, 1)
    assert Job.objects.for_org(org_a).count() == 2
    indeed = Job.objects.get(source="indeed")
    assert (indeed.salary_min, indeed.salary_max, indeed.salary_currency, indeed.status) == (1, 2, "EUR", "open")
    assert IngestedJobPosting.objects.get(job=indeed).company == "Initrode"
    assert OutboxEvent.objects.filter(name="job.opened").count() == 2


def test_processing_an_ingestion_twice_does_not_double_count(org_a):
    ingestion = job_ingestion.start_job_ingestion(organization=org_a, source="indeed", jobs=[job(1)], integration=None)
    job_ingestion.process_job_ingestion(ingestion_id=ingestion.pk)
    job_ingestion.process_job_ingestion(ingestion_id=ingestion.pk)
    ingestion.refresh_from_db()
    assert (ingestion.jobs_created, ingestion.jobs_updated) == (1, 0)
    assert Job.objects.count() == 1


def test_invalid_jobs_are_reported_not_queued(acme_ats):
    response = acme_ats.client().post(
        "/api/v1/ingestion/jobs",
        {"source": "indeed", "jobs": [job(1, type="gig"), job(2, salary_range="lots"), job(3, apply_url="nope")]},
        format="json",
    )
    assert response.status_code == 202
    body = response.json()
    assert body["jobs_queued"] == 0
    assert [set(error["errors"]) for error in body["errors"]] == [{"type"}, {"salary_range"}, {"apply_url"}]


def test_ingestion_needs_the_jobs_write_scope(org_a, admin_a):
    from tests.ats.conftest import make_partner

    reader = make_partner(org_a, admin_a, "Reader", scopes=["jobs:read"])
    response = reader.client().post("/api/v1/ingestion/jobs", {"source": "x", "jobs": [job(1)]}, format="json")
    assert response.status_code == 403
    assert not JobIngestion.objects.exists()


def test_ingestion_without_source_is_400(acme_ats):
    response = acme_ats.client().post("/api/v1/ingestion/jobs", {"jobs": []}, format="json")
    assert response.status_code == 400
    assert "source" in response.json()["errors"]
