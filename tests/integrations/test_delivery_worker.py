"""Deliveries through a real Celery worker: an outage is survived, a killed worker loses nothing.

The test plays beat: it moves `next_attempt_at` to now (retries hours away are rows, so the clock
is driven instead of waited for) and runs the same sweep beat runs.
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from integrations.models import WebhookDelivery
from integrations.services.delivery import sweep_due_deliveries
from integrations.services.webhooks import create_webhook, send_test_event
from recruiting.models import OutboxEvent
from tests.factories import CandidateFactory
from tests.integrations.conftest import Reply, open_deliveries_due_now, verify_standard_webhook, wait_for

pytestmark = pytest.mark.celery_worker


def retry_due_deliveries_now() -> None:
    """What beat does once a retry's time has come: sweep due rows onto the queue."""
    open_deliveries_due_now()
    sweep_due_deliveries()


def deliveries_where(**filters) -> int:
    return WebhookDelivery.objects.filter(**filters).count()


def test_a_receiver_down_for_an_outage_gets_every_event_once_it_is_healthy(org_a, receiver, start_worker):
    webhook = create_webhook(
        organization=org_a, name="Acme HRIS", url=receiver.url(), events=["candidate.created"], timeout_ms=500
    )
    start_worker(concurrency=2)
    receiver.respond = lambda request: Reply(status=500, body=b"database is down")
    for _ in range(5):
        CandidateFactory(organization=org_a)  # each commits; the relay is queued after commit
    event_ids = {str(pk) for pk in OutboxEvent.objects.filter(name="candidate.created").values_list("pk", flat=True)}
    assert len(event_ids) == 5

    wait_for(lambda: deliveries_where(attempt_count=1, status="retrying", response_status=500) == 5, message="500s")

    receiver.stop()  # refused connections
    retry_due_deliveries_now()
    wait_for(lambda: deliveries_where(attempt_count=2, status="retrying", error__contains="refused") == 5)

    receiver.restart()
    receiver.hang()  # answers only after our 500 ms timeout has passed
    retry_due_deliveries_now()
    wait_for(lambda: deliveries_where(attempt_count=3, status="retrying", error__contains="Timed out") == 5)
    receiver.release()

    receiver.respond = lambda request: Reply(status=200)
    retry_due_deliveries_now()
    wait_for(lambda: deliveries_where(status="success") == 5, message="all delivered")

    delivered = [request for request in receiver.requests if request.headers["X-Webhook-Attempt"] == "4"]
    assert {verify_standard_webhook(webhook.secret, request)["id"] for request in delivered} == event_ids
    for request in receiver.requests:
        verify_standard_webhook(webhook.secret, request)
    assert OutboxEvent.objects.filter(relayed_at__isnull=True).count() == 0


def test_a_worker_killed_mid_delivery_loses_nothing(org_a, receiver, start_worker):
    webhook = create_webhook(
        organization=org_a, name="Acme HRIS", url=receiver.url(), events=["candidate.created"], timeout_ms=10_000
    )
    receiver.hang()
    worker = start_worker()
    CandidateFactory(organization=org_a)
    wait_for(lambda: len(receiver.requests) == 1, message="the worker to be mid-delivery")

    worker.kill()
    receiver.release()
    delivery = WebhookDelivery.objects.get()
    # The attempt was claimed before the call, so the row still owes the event.
    assert delivery.status == WebhookDelivery.Status.PENDING
    assert delivery.attempt_count == 1
    assert delivery.next_attempt_at is not None

    start_worker()
    retry_due_deliveries_now()  # the claimed attempt's lease has run out: the clock, driven
    wait_for(lambda: deliveries_where(status="success") == 1, message="redelivery after the kill")

    first, second = receiver.requests
    assert first.headers["X-Webhook-Id"] == second.headers["X-Webhook-Id"]
    assert second.headers["X-Webhook-Attempt"] == "2"
    verify_standard_webhook(webhook.secret, second)


def test_celery_beat_sweeps_due_retries_to_the_worker_with_no_manual_step(org_a, receiver, start_worker):
    webhook = create_webhook(organization=org_a, name="Acme HRIS", url=receiver.url(), events=["*"])
    receiver.respond = lambda request: Reply(status=503)
    send_test_event(webhook=webhook)  # a manual attempt fails and stays failed
    retry = WebhookDelivery.objects.create(
        organization=org_a,
        webhook=webhook,
        event_id=uuid.uuid4(),
        event="job.created",
        payload='{"event": "job.created"}',
        status=WebhookDelivery.Status.RETRYING,
        attempt_count=1,
    )
    open_deliveries_due_now()
    receiver.respond = lambda request: Reply(status=200)

    start_worker()
    start_worker(command="beat")  # real `celery -A config beat` with the DatabaseScheduler
    wait_for(lambda: deliveries_where(pk=retry.pk, status="success") == 1, timeout=30, message="beat's sweep")
    assert receiver.requests[-1].headers["X-Webhook-Attempt"] == "2"


def test_two_beat_processes_started_by_mistake_send_each_delivery_once(org_a, receiver, start_worker):
    """Two beats mean two sweeps at once: each due row is claimed by one of them (a lease, skip-locked)."""
    webhook = create_webhook(organization=org_a, name="Acme HRIS", url=receiver.url(), events=["*"])
    due = [
        WebhookDelivery.objects.create(
            organization=org_a,
            webhook=webhook,
            event_id=uuid.uuid4(),
            event="candidate.updated",
            payload='{"event": "candidate.updated", "name": "Zoë O\'Neill"}',
            status=WebhookDelivery.Status.RETRYING,
            attempt_count=1,
        )
        for _ in range(30)
    ]
    open_deliveries_due_now()

    start_worker(concurrency=2)
    start_worker(command="beat")
    start_worker(command="beat")
    # Whatever the two beats send, sweeps also race here, as beats firing in the same instant would.
    with ThreadPoolExecutor(max_workers=4) as sweeps:
        list(sweeps.map(lambda _: _sweep_on_own_connection(), range(4)))
    wait_for(lambda: deliveries_where(status="success") == len(due), timeout=60, message="every delivery")
    open_deliveries_due_now()  # nothing is open any more: a late sweep finds nothing to send
    sweep_due_deliveries()

    event_ids = [request.headers["webhook-id"] for request in receiver.requests]
    assert sorted(event_ids) == sorted(str(delivery.event_id) for delivery in due)
    assert all(request.headers["X-Webhook-Attempt"] == "2" for request in receiver.requests)


def _sweep_on_own_connection() -> int:
    try:
        return sweep_due_deliveries()
    finally:
        connection.close()
