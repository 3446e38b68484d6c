"""Webhooks API: admin-only CRUD, test events, logs, stats, redelivery and custom events, per organization."""

from __future__ import annotations

import uuid

import pytest

from integrations.models import Webhook, WebhookDelivery
from integrations.services.webhooks import create_webhook, send_test_event
from recruiting.models import OutboxEvent
from tests.integrations.conftest import Reply, verify_standard_webhook
from tests.query_counting import endpoint_queries

BASE = "/api/v1/integrations/webhooks"


def webhook_body(receiver, **overrides):
    return {"name": "Acme ATS sync", "url": receiver.url(), "events": ["candidate.created", "job.opened"]} | overrides


def test_admin_creates_a_webhook_and_sees_its_secret_only_once(api_as, admin_a, receiver):
    response = api_as(admin_a).post(BASE, webhook_body(receiver, headers={"X-Tenant": "acme"}), format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["secret"].startswith("whsec_")
    assert body["events"] == ["candidate.created", "job.opened"]
    assert body["retry_attempts"] == 8
    assert body["timeout_ms"] == 10_000
    assert uuid.UUID(body["id"])

    shown = api_as(admin_a).get(f"{BASE}/{body['id']}").json()
    assert "secret" not in shown
    assert shown["secret_hint"].startswith("whsec_")
    assert body["secret"] not in str(api_as(admin_a).get(BASE).json())


def test_a_given_secret_is_kept(api_as, admin_a, receiver):
    response = api_as(admin_a).post(BASE, webhook_body(receiver, secret="a-secret-of-our-own-1234"), format="json")
    assert response.status_code == 201
    assert Webhook.objects.get().secret == "a-secret-of-our-own-1234"


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"events": ["candidate.exploded"]}, "events"),
        ({"events": []}, "events"),
        ({"url": "ftp://files.example.com/hook"}, "url"),
        ({"url": "file:///etc/passwd"}, "url"),
        ({"url": "gopher://example.com/"}, "url"),
        ({"headers": {"Bad Header": "x"}}, "headers"),
        ({"timeout_ms": 60_000}, "timeout_ms"),
    ],
)
def test_invalid_webhooks_are_400_and_create_nothing(api_as, admin_a, receiver, overrides, field):
    response = api_as(admin_a).post(BASE, webhook_body(receiver, **overrides), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "VALIDATION_ERROR"
    assert field in response.json()["errors"]
    assert Webhook.objects.count() == 0


def test_update_and_delete(api_as, admin_a, webhook_a):
    client = api_as(admin_a)
    patched = client.patch(f"{BASE}/{webhook_a.pk}/", {"events": ["job.closed"], "retry_attempts": 3}, format="json")
    assert patched.status_code == 200
    assert patched.json()["events"] == ["job.closed"]
    put = client.put(
        f"{BASE}/{webhook_a.pk}",
        {"name": "Renamed", "url": webhook_a.url, "events": ["*"], "is_active": False},
        format="json",
    )
    assert put.status_code == 200
    assert put.json()["name"] == "Renamed"
    assert put.json()["is_active"] is False
    assert client.delete(f"{BASE}/{webhook_a.pk}").status_code == 204
    assert not Webhook.objects.exists()


def test_changing_the_secret_starts_a_rotation(api_as, admin_a, webhook_a):
    old = webhook_a.secret
    response = api_as(admin_a).patch(f"{BASE}/{webhook_a.pk}", {"secret": "whsec_" + "A" * 44}, format="json")
    assert response.status_code == 200
    webhook_a.refresh_from_db()
    assert webhook_a.signing_secrets() == ["whsec_" + "A" * 44, old]


def test_test_event_is_sent_now_and_reported(api_as, admin_a, webhook_a, receiver):
    response = api_as(admin_a).post(f"{BASE}/{webhook_a.pk}/test")
    assert response.status_code == 200
    assert response.json() == {
        "success": True,
        "message": "Delivered: the endpoint answered 200.",
        "response_status": 200,
    }
    [request] = receiver.requests
    assert verify_standard_webhook(webhook_a.secret, request)["event"] == "webhook.test"


def test_a_failing_test_event_says_why(api_as, admin_a, webhook_a, receiver):
    receiver.respond = lambda request: Reply(status=503, body=b"maintenance")
    body = api_as(admin_a).post(f"{BASE}/{webhook_a.pk}/test").json()
    assert body == {"success": False, "message": "Delivery failed: HTTP 503", "response_status": 503}
    # A manual test never schedules retries.
    assert WebhookDelivery.objects.get().status == WebhookDelivery.Status.FAILED


def test_logs_list_attempts_newest_first_with_a_limit(api_as, admin_a, webhook_a, receiver):
    client = api_as(admin_a)
    receiver.respond = lambda request: Reply(status=500, body=b"x" * 5000)
    client.post(f"{BASE}/{webhook_a.pk}/test")
    receiver.respond = lambda request: Reply(status=200)
    client.post(f"{BASE}/{webhook_a.pk}/test")

    logs = client.get(f"{BASE}/{webhook_a.pk}/logs?limit=1").json()["results"]
    assert len(logs) == 1
    assert logs[0]["status"] == "success"
    every = client.get(f"{BASE}/{webhook_a.pk}/logs").json()["results"]
    assert [log["status"] for log in every] == ["success", "failed"]
    failed = every[1]
    assert failed["event"] == "webhook.test"
    assert failed["attempt_count"] == 1
    assert failed["response_status"] == 500
    assert len(failed["response_body"]) == 1000
    assert failed["error"] == "HTTP 500"
    assert failed["duration_ms"] is not None
    assert client.get(f"{BASE}/{webhook_a.pk}/logs?limit=abc").status_code == 400


def test_stats_count_deliveries_by_outcome(api_as, admin_a, webhook_a, receiver):
    client = api_as(admin_a)
    client.post(f"{BASE}/{webhook_a.pk}/test")
    receiver.respond = lambda request: Reply(status=500)
    client.post(f"{BASE}/{webhook_a.pk}/test")
    WebhookDelivery.objects.create(
        organization=webhook_a.organization, webhook=webhook_a, event_id=uuid.uuid4(), event="job.opened", payload="{}"
    )
    assert client.get(f"{BASE}/{webhook_a.pk}/stats").json() == {
        "total": 3,
        "success": 1,
        "failed": 1,
        "pending": 1,
        "success_rate": 50.0,
    }


def test_redeliver_sends_the_same_event_again(api_as, admin_a, webhook_a, receiver):
    client = api_as(admin_a)
    client.post(f"{BASE}/{webhook_a.pk}/test")
    delivery = WebhookDelivery.objects.get()
    response = client.post(f"{BASE}/{webhook_a.pk}/deliveries/{delivery.pk}/redeliver")
    assert response.status_code == 200
    assert response.json()["attempt_count"] == 2
    assert response.json()["status"] == "success"
    first, second = receiver.requests
    assert first.body == second.body
    assert first.headers["X-Webhook-Id"] == second.headers["X-Webhook-Id"]
    assert second.headers["X-Webhook-Attempt"] == "2"


def test_trigger_emits_a_custom_event_through_the_outbox(api_as, admin_a, webhook_a):
    response = api_as(admin_a).post(
        f"{BASE}/trigger", {"event": "custom.offer_signed", "payload": {"candidate": 7}}, format="json"
    )
    assert response.status_code == 202
    event = OutboxEvent.objects.get(pk=response.json()["id"])
    assert (event.name, event.data) == ("custom.offer_signed", {"candidate": 7})


def test_trigger_refuses_names_that_are_no_event(api_as, admin_a):
    # Documented events are accepted (the Integration Framework's trigger); test_webhook_payload_formats.py covers those.
    response = api_as(admin_a).post(f"{BASE}/trigger", {"event": "application.archived", "payload": {}}, format="json")
    assert response.status_code == 400
    assert not OutboxEvent.objects.exists()


def test_recruiters_cannot_manage_webhooks(api_as, recruiter_a, webhook_a, receiver):
    client = api_as(recruiter_a)
    assert client.get(BASE).status_code == 403
    assert client.post(BASE, webhook_body(receiver), format="json").status_code == 403
    assert client.delete(f"{BASE}/{webhook_a.pk}").status_code == 403
    assert Webhook.objects.count() == 1


def test_another_organization_never_sees_or_touches_our_webhooks(api_as, admin_b, webhook_a, receiver):
    send_test_event(webhook=webhook_a)
    delivery = WebhookDelivery.objects.get()
    client = api_as(admin_b)
    assert client.get(BASE).json()["results"] == []
    for method, path in [
        ("get", f"{BASE}/{webhook_a.pk}"),
        ("patch", f"{BASE}/{webhook_a.pk}"),
        ("delete", f"{BASE}/{webhook_a.pk}"),
        ("post", f"{BASE}/{webhook_a.pk}/test"),
        ("get", f"{BASE}/{webhook_a.pk}/logs"),
        ("get", f"{BASE}/{webhook_a.pk}/stats"),
        ("post", f"{BASE}/{webhook_a.pk}/rotate-secret"),
        ("post", f"{BASE}/{webhook_a.pk}/deliveries/{delivery.pk}/redeliver"),
    ]:
        response = getattr(client, method)(path, {"name": "stolen"}, format="json")
        assert response.status_code == 404, path
        assert response.json()["code"] == "NOT_FOUND"
    webhook_a.refresh_from_db()
    assert webhook_a.name == "Acme ATS sync"
    assert len(receiver.requests) == 1
    assert WebhookDelivery.objects.get().attempt_count == 1


def test_a_delivery_of_another_webhook_cannot_be_redelivered_through_ours(api_as, admin_a, org_a, webhook_a, receiver):
    other = create_webhook(organization=org_a, name="Other", url=receiver.url("/o"), events=["*"])
    send_test_event(webhook=other)
    delivery = WebhookDelivery.objects.get()
    response = api_as(admin_a).post(f"{BASE}/{webhook_a.pk}/deliveries/{delivery.pk}/redeliver")
    assert response.status_code == 404
    assert len(receiver.requests) == 1


def test_listing_webhooks_costs_the_same_queries_for_one_or_many(api_as, admin_a, org_a, receiver):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api_as(admin_a)

    def queries_to_list() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(BASE).status_code == 200
        return len(endpoint_queries(queries))

    create_webhook(organization=org_a, name="one", url=receiver.url(), events=["*"])
    one = queries_to_list()
    for index in range(4):
        create_webhook(organization=org_a, name=f"more {index}", url=receiver.url(), events=["*"])
    assert queries_to_list() == one
