"""Signed deliveries, retries on a schedule, 410 and failure runs disabling, redirects not followed.

These drive the services in this process (one attempt at a time, the clock moved by editing
`next_attempt_at`); tests/integrations/test_delivery_worker.py runs the same through a real worker.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from integrations import signing
from integrations.models import Notification, Webhook, WebhookDelivery
from integrations.services.delivery import attempt_delivery, sweep_due_deliveries
from integrations.services.relay import RELAY_GRACE, relay_event, relay_pending_events
from integrations.services.webhooks import create_webhook, update_webhook
from recruiting.models import OutboxEvent
from tests.factories import CandidateFactory
from tests.integrations.conftest import Receiver, Reply, open_deliveries_due_now, verify_standard_webhook


def emit_candidate_created(org, django_capture_on_commit_callbacks):
    """A recruiter adds a candidate; the relay runs after commit (inline, eager tasks)."""
    with django_capture_on_commit_callbacks(execute=True):
        candidate = CandidateFactory(organization=org)
    return OutboxEvent.objects.get(name="candidate.created", data__candidate_id=candidate.pk)


def only_delivery() -> WebhookDelivery:
    return WebhookDelivery.objects.get()


def attempt_again(delivery: WebhookDelivery) -> WebhookDelivery:
    open_deliveries_due_now(pk=delivery.pk)
    delivery.refresh_from_db()
    attempt_delivery(delivery_id=delivery.pk, expected_attempt=delivery.attempt_count)
    delivery.refresh_from_db()
    return delivery


def test_a_committed_change_reaches_the_receiver_signed_both_ways(
    org_a, webhook_a, receiver, eager_tasks, django_capture_on_commit_callbacks
):
    event = emit_candidate_created(org_a, django_capture_on_commit_callbacks)

    [request] = receiver.bodies_for("candidate.created")
    body = json.loads(request.body)
    assert body["id"] == str(event.pk)
    assert body["event"] == "candidate.created"
    assert body["organization_id"] == org_a.pk
    assert body["data"]["candidate_id"] == event.data["candidate_id"]
    assert body["timestamp"].endswith("Z")
    assert request.headers["X-Webhook-Id"] == str(event.pk)
    assert request.headers["X-Webhook-Attempt"] == "1"
    expected = hmac.new(webhook_a.secret.encode("utf-8"), request.body, hashlib.sha256).hexdigest()
    assert request.headers["X-Webhook-Signature"] == f"sha256={expected}"
    assert verify_standard_webhook(webhook_a.secret, request)["id"] == str(event.pk)
    event.refresh_from_db()
    assert event.relayed_at is not None
    assert only_delivery().status == WebhookDelivery.Status.SUCCESS


def test_custom_headers_are_sent_but_never_override_signature_headers(
    org_a, webhook_a, receiver, eager_tasks, django_capture_on_commit_callbacks
):
    update_webhook(
        webhook=webhook_a, headers={"X-Tenant": "acme", "X-Webhook-Event": "spoofed", "webhook-id": "spoofed"}
    )
    emit_candidate_created(org_a, django_capture_on_commit_callbacks)
    [request] = receiver.requests
    assert request.headers["X-Tenant"] == "acme"
    assert request.headers["X-Webhook-Event"] == "candidate.created"
    assert request.headers["webhook-id"] != "spoofed"
    verify_standard_webhook(webhook_a.secret, request)


def test_only_subscribed_webhooks_of_the_same_organization_receive_an_event(
    org_a, org_b, receiver, allow_loopback, eager_tasks, django_capture_on_commit_callbacks
):
    create_webhook(organization=org_a, name="jobs only", url=receiver.url("/jobs"), events=["job.created"])
    create_webhook(organization=org_b, name="other org", url=receiver.url("/b"), events=["*"])
    wanted = create_webhook(organization=org_a, name="candidates", url=receiver.url("/c"), events=["candidate.created"])
    emit_candidate_created(org_a, django_capture_on_commit_callbacks)
    assert [r.path for r in receiver.requests] == ["/c"]
    assert list(WebhookDelivery.objects.values_list("webhook_id", flat=True)) == [wanted.pk]


def test_relaying_an_event_twice_delivers_it_once(
    org_a, webhook_a, receiver, eager_tasks, django_capture_on_commit_callbacks
):
    event = emit_candidate_created(org_a, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        assert relay_event(event_id=event.pk) == 0
    delivery = only_delivery()
    # A duplicate task message for an attempt already made does nothing.
    assert attempt_delivery(delivery_id=delivery.pk, expected_attempt=0) is None
    assert len(receiver.requests) == 1


def test_an_event_committed_while_the_broker_is_down_is_delivered_once_it_is_back(
    org_a, webhook_a, receiver, broker_down, eager_tasks, django_capture_on_commit_callbacks, caplog
):
    from config.celery import app as celery_app

    # Publishing really fails: the broker address refuses connections.
    celery_app.conf.task_always_eager = False
    event = emit_candidate_created(org_a, django_capture_on_commit_callbacks)
    event.refresh_from_db()
    assert event.relayed_at is None
    assert f"Could not enqueue integrations.relay_events(['{event.pk}'],)" in caplog.text
    assert receiver.requests == []

    broker_down()  # the broker is back
    celery_app.conf.task_always_eager = True
    with django_capture_on_commit_callbacks(execute=True):
        # What beat runs every few seconds; a fresh event is left to its own relay for a grace period.
        assert relay_pending_events() == 0
        assert relay_pending_events(now=timezone.now() + RELAY_GRACE) == 1
    [request] = receiver.requests
    assert verify_standard_webhook(webhook_a.secret, request)["id"] == str(event.pk)


def test_a_commit_while_the_broker_hangs_gives_up_publishing_in_seconds_and_leaves_the_event_to_the_sweep(
    org_a, webhook_a, receiver, django_capture_on_commit_callbacks, caplog
):
    """A Redis that accepts connections but never answers (stopped with SIGSTOP) must not hold the
    request that committed: before the broker had socket timeouts, the publish waited forever."""
    import os
    import signal
    import threading
    import time

    from config.celery import app as celery_app
    from tests.processes import PrivateRedis, point_publisher_to

    broker, previous = PrivateRedis(), celery_app.conf.broker_url
    point_publisher_to(broker.url)
    os.kill(broker.process.pid, signal.SIGSTOP)
    try:
        with django_capture_on_commit_callbacks() as after_commit:
            candidate = CandidateFactory(organization=org_a, first_name="Zoë", last_name="O'Neill")
        publishing = threading.Thread(target=lambda: [callback() for callback in after_commit], daemon=True)
        started = time.monotonic()
        publishing.start()
        publishing.join(timeout=30)
        waited, still_publishing = time.monotonic() - started, publishing.is_alive()
    finally:
        os.kill(broker.process.pid, signal.SIGCONT)
        point_publisher_to(previous)
        broker.stop()

    assert not still_publishing, "publishing to a hung broker never gave up"
    assert waited < 20  # three attempts of at most 5 s (CELERY_BROKER_TRANSPORT_OPTIONS socket_timeout)
    event = OutboxEvent.objects.get(name="candidate.created", data__candidate_id=candidate.pk)
    assert event.relayed_at is None
    assert f"Could not enqueue integrations.relay_events(['{event.pk}'],)" in caplog.text
    assert receiver.requests == []


def test_failures_retry_on_the_schedule_with_jitter_until_retry_attempts_run_out(
    org_a, webhook_a, receiver, eager_tasks, django_capture_on_commit_callbacks
):
    update_webhook(webhook=webhook_a, retry_attempts=3)
    receiver.respond = lambda request: Reply(status=500, body=b"boom")
    started = timezone.now()
    emit_candidate_created(org_a, django_capture_on_commit_callbacks)
    delivery = only_delivery()
    assert delivery.status == WebhookDelivery.Status.RETRYING
    assert delivery.response_status == 500
    assert delivery.response_body == "boom"
    assert started + timedelta(seconds=4.5) <= delivery.next_attempt_at <= timezone.now() + timedelta(seconds=5.5)

    started = timezone.now()
    delivery = attempt_again(delivery)
    assert delivery.attempt_count == 2
    assert started + timedelta(seconds=270) <= delivery.next_attempt_at <= timezone.now() + timedelta(seconds=330)

    delivery = attempt_again(delivery)
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert delivery.next_attempt_at is None
    assert [r.headers["X-Webhook-Attempt"] for r in receiver.requests] == ["1", "2", "3"]
    assert len({r.headers["X-Webhook-Id"] for r in receiver.requests}) == 1


def test_429_honours_retry_after(org_a, webhook_a, receiver, eager_tasks, django_capture_on_commit_callbacks):
    receiver.respond = lambda request: Reply(status=429, headers={"Retry-After": "120"}, body=b"slow down")
    emit_candidate_created(org_a, django_capture_on_commit_callbacks)
    delivery = only_delivery()
    assert delivery.status == WebhookDelivery.Status.RETRYING
    assert (
        timezone.now() + timedelta(seconds=115) <= delivery.next_attempt_at <= timezone.now() + timedelta(seconds=121)
    )


def test_410_disables_the_endpoint_and_tells_admins_once(
    org_a, admin_a, recruiter_a, webhook_a, receiver, eager_tasks, django_capture_on_commit_callbacks, mailoutbox
):
    receiver.respond = lambda request: Reply(status=410, body=b"gone")
    emit_candidate_created(org_a, django_capture_on_commit_callbacks)
    webhook_a.refresh_from_db()
    assert webhook_a.is_active is False
    assert "410" in webhook_a.disabled_reason
    assert only_delivery().status == WebhookDelivery.Status.FAILED

    # A disabled endpoint gets no new events and no second notice.
    emit_candidate_created(org_a, django_capture_on_commit_callbacks)
    assert len(receiver.requests) == 1
    assert list(Notification.objects.values_list("user__email", "type")) == [("admin@acme.test", "webhook.disabled")]
    assert [m.to for m in mailoutbox] == [["admin@acme.test"]]


@pytest.mark.parametrize("status", [301, 302])
def test_redirects_are_failures_and_never_followed(
    status, org_a, webhook_a, receiver, eager_tasks, django_capture_on_commit_callbacks
):
    internal = Receiver()
    try:
        receiver.respond = lambda request: Reply(status=status, headers={"Location": internal.url("/admin")}, body=b"")
        emit_candidate_created(org_a, django_capture_on_commit_callbacks)
        delivery = only_delivery()
        assert delivery.status == WebhookDelivery.Status.RETRYING
        assert delivery.response_status == status
        assert "not followed" in delivery.error
        assert internal.requests == []
    finally:
        internal.stop()


def test_a_rotated_secret_keeps_the_old_one_signing_during_the_window(
    org_a, webhook_a, receiver, eager_tasks, django_capture_on_commit_callbacks
):
    old_secret = webhook_a.secret
    update_webhook(webhook=webhook_a, secret=signing.generate_secret())
    webhook_a.refresh_from_db()
    emit_candidate_created(org_a, django_capture_on_commit_callbacks)
    [request] = receiver.requests
    verify_standard_webhook(webhook_a.secret, request)
    verify_standard_webhook(old_secret, request)

    Webhook.objects.filter(pk=webhook_a.pk).update(previous_secret_expires_at=timezone.now() - timedelta(seconds=1))
    emit_candidate_created(org_a, django_capture_on_commit_callbacks)
    latest = receiver.requests[-1]
    verify_standard_webhook(webhook_a.secret, latest)
    with pytest.raises(Exception, match="No matching signature"):
        verify_standard_webhook(old_secret, latest)


def test_the_ssrf_guard_stops_deliveries_to_private_addresses(
    settings, org_a, receiver, eager_tasks, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = False
    create_webhook(organization=org_a, name="internal", url=receiver.url(), events=["*"])
    emit_candidate_created(org_a, django_capture_on_commit_callbacks)
    delivery = only_delivery()
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert "loopback" in delivery.error
    assert receiver.requests == []


def test_a_webhook_saved_without_a_secret_gets_one(org_a):
    webhook = Webhook.objects.create(
        organization=org_a, name="From the admin", url="https://example.com/h", events=["*"]
    )
    assert webhook.secret.startswith("whsec_")


def test_fanning_out_costs_the_same_queries_for_one_webhook_or_many(org_a, receiver, allow_loopback):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from recruiting.events import record_event

    def queries_to_relay_with(webhook_count: int) -> int:
        Webhook.objects.all().delete()
        for index in range(webhook_count):
            create_webhook(organization=org_a, name=f"w{index}", url=receiver.url(), events=["*"])
        event = record_event(organization=org_a, name="job.created", data={"job_id": 1})
        with CaptureQueriesContext(connection) as queries:
            assert relay_event(event_id=event.pk) == webhook_count
        return len(queries)

    assert queries_to_relay_with(1) == queries_to_relay_with(5)


def test_a_delivery_whose_attempts_never_finish_is_given_up_after_retry_attempts(org_a, webhook_a, receiver):
    # As if a worker had died in each of the 8 attempts: claimed, never recorded.
    delivery = WebhookDelivery.objects.create(
        organization=org_a,
        webhook=webhook_a,
        event_id=uuid.uuid4(),
        event="job.created",
        payload="{}",
        attempt_count=webhook_a.retry_attempts,
        status=WebhookDelivery.Status.PENDING,
    )
    open_deliveries_due_now()
    assert sweep_due_deliveries() == 1
    assert attempt_delivery(delivery_id=delivery.pk, expected_attempt=delivery.attempt_count) is None
    delivery.refresh_from_db()
    assert delivery.status == WebhookDelivery.Status.FAILED
    assert "Gave up after 8 attempts" in delivery.error
    assert receiver.requests == []


def test_a_bulk_write_queues_its_relays_in_batches_not_one_per_event(
    org_a, broker_down, django_capture_on_commit_callbacks, caplog
):
    from django.db import transaction

    from recruiting.events import record_event

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for index in range(120):
            record_event(organization=org_a, name="candidate.created", data={"candidate_id": index})
    # The broker is down, so each batch is logged: 120 events, batches of 50. The first publish fails;
    # the two after it are not tried while the broker is paused (recruiting/queue.py).
    assert caplog.text.count("Could not enqueue integrations.relay_events") == 1
    assert caplog.text.count("Not publishing integrations.relay_events") == 2
