"""A webhook's `payload_format` gives each partner document's receiver the body and headers it reads.

The receivers' reads are re-typed from the documents: BHIV's Flask receiver checks
`X-BHIV-Signature` and reads `event_type` and `data["job"]["title"]`/`["id"]`; JobSwipe
subscribes to `application.submitted` and verifies `X-Webhook-Signature`; the Integration
Framework reads `event`, `organizationId`, camelCase `data`, and `X-Webhook-Id` is the
webhook's id while the Standard Webhooks `webhook-id` keeps the event id.
"""

from __future__ import annotations

import hashlib
import hmac
import json

from integrations.models import Webhook
from recruiting.models import OutboxEvent
from tests.factories import ApplicationFactory, CandidateFactory, JobFactory
from tests.integrations.conftest import verify_standard_webhook

BASE = "/api/v1/integrations/webhooks"


def verify_webhook_signature(payload: bytes, signature: str, secret: str) -> bool:
    expected = hmac.new(secret.encode("utf-8"), payload, hashlib.sha256).hexdigest()
    return hmac.compare_digest(f"sha256={expected}", signature)


def create(client, receiver, **body):
    response = client.post(
        BASE, {"name": "Zoë's receiver", "url": receiver.url(), "secret": "s3cr3t-d'équipe-2026", **body}, format="json"
    )
    assert response.status_code == 201, response.json()
    return response.json()


def test_the_default_format_is_the_platforms_and_is_shown(api_as, admin_a, receiver, allow_loopback):
    created = create(api_as(admin_a), receiver, events=["job.created"])
    assert created["payload_format"] == "platform"
    assert Webhook.objects.get().payload_format == "platform"


def test_an_unknown_format_is_a_field_error(api_as, admin_a, receiver, allow_loopback):
    response = api_as(admin_a).post(
        BASE, {"name": "x", "url": receiver.url(), "events": ["job.created"], "payload_format": "xml"}, format="json"
    )
    assert response.status_code == 400
    assert "payload_format" in response.json()["errors"]


def test_bhiv_receiver_reads_event_type_and_the_job_under_its_name(
    api_as, admin_a, org_a, receiver, allow_loopback, eager_tasks, django_capture_on_commit_callbacks
):
    create(api_as(admin_a), receiver, events=["job.created"], payload_format="bhiv")
    with django_capture_on_commit_callbacks(execute=True):
        job = JobFactory(organization=org_a, title="Développeur·se Python, Berlin", location="Berlin, Germany")

    [request] = receiver.requests
    assert verify_webhook_signature(request.body, request.headers["X-BHIV-Signature"], "s3cr3t-d'équipe-2026")
    data = json.loads(request.body)
    assert data["event_type"] == "job.created"
    assert data["job"]["title"] == "Développeur·se Python, Berlin"
    assert data["job"]["id"] == job.pk


def test_jobswipe_receiver_subscribes_to_application_submitted(
    api_as, admin_a, org_a, receiver, allow_loopback, eager_tasks, django_capture_on_commit_callbacks
):
    created = create(
        api_as(admin_a),
        receiver,
        events=["application.submitted"],
        payload_format="jobswipe",
    )
    assert created["events"] == ["application.submitted"]
    job = JobFactory(organization=org_a)
    candidate = CandidateFactory(organization=org_a, first_name="Siobhán", last_name="O'Brien")
    with django_capture_on_commit_callbacks(execute=True):
        application = ApplicationFactory(job=job, candidate=candidate)

    [request] = receiver.requests
    assert verify_webhook_signature(request.body, request.headers["X-Webhook-Signature"], "s3cr3t-d'équipe-2026")
    assert request.headers["X-Webhook-Event"] == "application.submitted"
    body = json.loads(request.body)
    assert body["event"] == "application.submitted"
    assert body["data"]["application_id"] == application.pk


def test_hyrehr_receiver_reads_camel_case_and_x_webhook_id_is_the_webhook(
    api_as, admin_a, org_a, receiver, allow_loopback, eager_tasks, django_capture_on_commit_callbacks
):
    created = create(api_as(admin_a), receiver, events=["application.created"], payload_format="hyrehr")
    job = JobFactory(organization=org_a)
    candidate = CandidateFactory(organization=org_a)
    with django_capture_on_commit_callbacks(execute=True):
        application = ApplicationFactory(job=job, candidate=candidate)

    [request] = receiver.requests
    body = json.loads(request.body)
    assert body["event"] == "application.created"
    assert body["organizationId"] == org_a.pk
    assert body["data"]["applicationId"] == application.pk
    assert body["data"]["candidateId"] == candidate.pk
    assert body["data"]["jobId"] == job.pk
    assert request.headers["X-Webhook-Event"] == "application.created"
    assert request.headers["X-Webhook-Id"] == created["id"]
    assert request.headers["X-Webhook-Attempt"] == "1"
    event = OutboxEvent.objects.get(name="application.created")
    assert request.headers["webhook-id"] == str(event.pk)
    verify_standard_webhook("s3cr3t-d'équipe-2026".encode(), request)


def test_two_formats_of_one_event_each_get_their_own_body(
    api_as, admin_a, org_a, receiver, allow_loopback, eager_tasks, django_capture_on_commit_callbacks
):
    client = api_as(admin_a)
    create(client, receiver, events=["job.created"], payload_format="platform")
    create(client, receiver, events=["*"], payload_format="hyrehr")
    with django_capture_on_commit_callbacks(execute=True):
        JobFactory(organization=org_a, title="Data Analyst (m/w/d)")

    bodies = sorted((json.loads(r.body) for r in receiver.requests), key=lambda b: "organizationId" in b)
    assert bodies[0]["organization_id"] == org_a.pk and bodies[0]["data"]["job_id"]
    assert bodies[1]["organizationId"] == org_a.pk and bodies[1]["data"]["jobId"]


def test_the_test_event_uses_the_webhooks_format(api_as, admin_a, receiver, allow_loopback):
    client = api_as(admin_a)
    created = create(client, receiver, events=["job.created"], payload_format="bhiv")
    answer = client.post(f"{BASE}/{created['id']}/test")
    assert answer.json()["success"] is True
    [request] = receiver.requests
    assert json.loads(request.body)["event_type"] == "webhook.test"
    assert "X-BHIV-Signature" in request.headers


def test_the_format_can_be_changed_with_a_partial_update(api_as, admin_a, receiver, allow_loopback):
    client = api_as(admin_a)
    created = create(client, receiver, events=["job.created"])
    response = client.patch(f"{BASE}/{created['id']}", {"payload_format": "hyrehr"}, format="json")
    assert response.status_code == 200
    assert response.json()["payload_format"] == "hyrehr"
    assert response.json()["events"] == ["job.created"]


def test_trigger_accepts_a_documented_event_and_its_alias(
    api_as, admin_a, receiver, allow_loopback, eager_tasks, django_capture_on_commit_callbacks
):
    client = api_as(admin_a)
    create(client, receiver, events=["application.submitted"], payload_format="jobswipe")
    payload = {"applicationId": "a-1", "candidateId": "c-1", "jobId": "j-1", "timestamp": "2025-11-16T10:30:00Z"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{BASE}/trigger", {"event": "application.created", "payload": payload}, format="json")
    assert response.status_code == 202
    assert response.json()["success"] is True
    [request] = receiver.requests
    assert json.loads(request.body)["data"] == payload

    response = client.post(f"{BASE}/trigger", {"event": "application.submitted", "payload": {}}, format="json")
    assert response.status_code == 202
    assert response.json()["event"] == "application.created"


def test_trigger_refuses_an_unknown_event_name(api_as, admin_a):
    response = api_as(admin_a).post(f"{BASE}/trigger", {"event": "application.exploded", "payload": {}}, format="json")
    assert response.status_code == 400
    assert "event" in response.json()["errors"]
    assert not OutboxEvent.objects.exists()
