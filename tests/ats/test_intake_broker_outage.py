"""With the broker down, CSV imports and job ingestions are accepted (202) and processed once it is back.

The broker is a redis-server of the test's own on a free port (the machine's shared Redis is never
stopped); this process publishes to it, and a real Celery worker consumes from it once it is back.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ats import tasks
from ats.models import CandidateImport, JobIngestion
from config.celery import app as celery_app
from recruiting import queue
from recruiting.models import Candidate, Job
from tests.ats import stack
from tests.processes import PrivateRedis, point_publisher_to

CSV = (
    "external_id,first_name,last_name,email,phone,skills,experience_years\n"
    'gh-101,Zoë,O\'Connor,zoe.oconnor@example.com,+44 20 7946 0958,"Python; SQL",7\n'
    "gh-102,José,Álvarez,jose.alvarez@example.com,+55 11 98765-4321,Django,4\n"
    "gh-103,Anaïs,D'Arcy,anais@example.com,,,\n"
)
JOBS = [
    {
        "external_id": "wd-1",
        "title": "Ingénieure logiciel",
        "company": "Acme Talent",
        "location": "Remote",
        "description": "Construire des API. " * 40,
        "type": "full-time",
    },
    {"external_id": "wd-2", "title": "Data Analyst", "company": "Acme Talent", "location": "Remote"},
]


@pytest.fixture
def broker():
    """A private Redis broker that this process publishes to; restored afterwards."""
    previous = celery_app.conf.broker_url
    redis = PrivateRedis()
    point_publisher_to(redis.url)
    yield redis
    point_publisher_to(previous)
    redis.stop()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_imports_and_ingestions_accepted_during_a_broker_outage_are_processed_once_it_is_back(
    settings, acme_ats, broker, stack_env, tmp_path, monkeypatch
):
    settings.ATS_INTAKE_REQUEUE_AFTER_SECONDS = 0
    # The sweep below runs right after the broker is back; the pause after a failed publish
    # (tests/recruiting/test_queue.py) would make it wait out the pause first.
    monkeypatch.setattr(queue, "PUBLISH_PAUSE_SECONDS", 0)
    client = acme_ats.client()
    broker.stop()

    uploaded = client.post(
        "/api/v1/candidates/import",
        {"file": SimpleUploadedFile("candidats.csv", CSV.encode(), "text/csv")},
        format="multipart",
    )
    ingested = client.post("/api/v1/ingestion/jobs", {"source": "workday", "jobs": JOBS}, format="json")

    assert uploaded.status_code == 202, uploaded.content
    assert ingested.status_code == 202, ingested.content
    assert CandidateImport.objects.get().status == "pending"
    assert JobIngestion.objects.get().status == "processing"
    assert not Candidate.objects.exists()

    broker.start()
    with stack.celery_worker(stack_env(CELERY_BROKER_URL=broker.url), tmp_path):
        assert tasks.sweep_pending_intake() == 2  # what beat runs every ATS_INTAKE_SWEEP_SECONDS
        done = stack.poll(
            lambda: (CandidateImport.objects.get().status, JobIngestion.objects.get().status),
            lambda statuses: statuses == ("completed", "completed"),
        )

    assert done == ("completed", "completed")
    assert sorted(Candidate.objects.values_list("first_name", "last_name")) == [
        ("Anaïs", "D'Arcy"),
        ("José", "Álvarez"),
        ("Zoë", "O'Connor"),
    ]
    assert sorted(Job.objects.values_list("external_id", flat=True)) == ["wd-1", "wd-2"]
    assert tasks.sweep_pending_intake() == 0
