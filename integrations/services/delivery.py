"""The delivery engine: claim an attempt, POST it signed, record the outcome, schedule what follows.

Long waits are rows, not broker ETAs: each open delivery carries `next_attempt_at`, and beat's
sweep queues whatever is due, so a lost task or a killed worker only delays a delivery.
"""

from __future__ import annotations

import random
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from integrations import metrics, outbound
from integrations import signing as webhook_signing
from integrations.models import Webhook, WebhookDelivery
from integrations.services.notifications import notify_admins
from recruiting import queue

OPEN_STATUSES = (WebhookDelivery.Status.PENDING, WebhookDelivery.Status.RETRYING)
# A queued task owns its delivery for this long; if its message is lost, the sweep re-queues it.
QUEUE_LEASE = timedelta(minutes=2)
# Past an attempt's timeout, a worker that died mid-attempt is assumed gone after this margin.
ATTEMPT_LEASE_MARGIN = timedelta(seconds=60)
RESPONSE_SNIPPET_CHARS = 1000
MAX_RETRY_AFTER = timedelta(hours=24)


@contextmanager
def bookkeeping_transaction():
    """A transaction for delivery state that may skip waiting for the disk on PostgreSQL.

    Safe because the event itself was committed durably by the business transaction: losing the
    last moments of bookkeeping in a database crash only means an attempt is made again
    (at-least-once), never that an event is dropped. It made each delivery ~2.5x cheaper.
    """
    with transaction.atomic():
        connection = transaction.get_connection()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        yield


def enqueue_deliveries_after_commit(deliveries: list[tuple[str, int]]) -> None:
    """After commit, queue one attempt per (delivery id, attempt count); the sweep covers a failed publish."""

    def publish():
        for delivery_id, attempt in deliveries:
            queue.enqueue("integrations.deliver_webhook", delivery_id, attempt)

    if deliveries:
        transaction.on_commit(publish, robust=True)


def retry_delay(*, attempts_made: int, retry_after: timedelta | None = None) -> timedelta:
    """When to try again after `attempts_made` attempts: the schedule with ±10% jitter, or Retry-After."""
    if retry_after is not None:
        return min(retry_after, MAX_RETRY_AFTER)
    schedule = settings.WEBHOOK_RETRY_SCHEDULE
    seconds = schedule[min(attempts_made, len(schedule) - 1)]
    return timedelta(seconds=seconds * random.uniform(0.9, 1.1))


def _parse_retry_after(value: str | None, now: datetime) -> timedelta | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return timedelta(seconds=int(value))
    try:
        return max(parsedate_to_datetime(value) - now, timedelta(0))
    except (TypeError, ValueError):
        return None


def attempt_lease(webhook: Webhook) -> timedelta:
    """How long an attempt owns its row; a worker killed mid-call leaves it, the sweep retries after."""
    return timedelta(milliseconds=min(webhook.timeout_ms, settings.WEBHOOK_MAX_TIMEOUT_MS)) + ATTEMPT_LEASE_MARGIN


def _claim_attempt(*, delivery_id, expected_attempt: int | None, manual: bool) -> WebhookDelivery | None:
    """Take an open delivery for one attempt, or None when it is done, taken or no longer ours.

    `expected_attempt` is the attempt count the task was queued for: a duplicate or stale message
    finds it already moved on and does nothing.
    """
    now = timezone.now()
    with bookkeeping_transaction():
        candidates = WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",)).select_related("webhook")
        filters = Q(pk=delivery_id, status__in=OPEN_STATUSES)
        if expected_attempt is not None:
            filters &= Q(attempt_count=expected_attempt)
        delivery = candidates.filter(filters).first()
        if delivery is None or not (manual or delivery.webhook.is_active):
            return None
        if not manual and delivery.attempt_count >= delivery.webhook.retry_attempts:
            # Earlier attempts were claimed but never recorded (the worker died each time): stop here.
            delivery.status = WebhookDelivery.Status.FAILED
            delivery.next_attempt_at = None
            delivery.error = f"Gave up after {delivery.attempt_count} attempts that did not finish."
            delivery.save(update_fields=["status", "next_attempt_at", "error", "updated_at"])
            return None
        delivery.attempt_count += 1
        delivery.last_attempt_at = now
        delivery.next_attempt_at = now + attempt_lease(delivery.webhook)
        delivery.save(update_fields=["attempt_count", "last_attempt_at", "next_attempt_at", "updated_at"])
    return delivery


def _post_delivery(delivery: WebhookDelivery) -> tuple[outbound.OutboundResponse | None, str, bool]:
    """Send one attempt; return the response (if any), the error, and whether retrying can help."""
    webhook = delivery.webhook
    body = delivery.payload.encode()
    custom = {
        k: str(v) for k, v in (webhook.headers or {}).items() if k.lower() not in webhook_signing.RESERVED_HEADERS
    }
    headers = custom | webhook_signing.delivery_headers(
        secrets_in_use=webhook.signing_secrets(),
        event_id=str(delivery.event_id),
        event=delivery.event,
        attempt=delivery.attempt_count,
        body=body,
        sent_at=timezone.now(),
        payload_format=webhook.payload_format,
        webhook_id=str(webhook.pk),
    )
    timeout = min(webhook.timeout_ms, settings.WEBHOOK_MAX_TIMEOUT_MS) / 1000
    try:
        # Redirects are failures and never followed: a receiver cannot bounce us to another address.
        response = outbound.send_request("POST", webhook.url, body=body, headers=headers, timeout=timeout)
    except outbound.OutboundError as exc:
        return None, str(exc), exc.retryable
    except (UnicodeError, ValueError) as exc:
        # A header or URL http.client cannot send; retrying the same request cannot help.
        return None, f"Invalid request: {exc}", False
    if response.ok:
        return response, "", False
    if 300 <= response.status < 400:
        return response, f"Redirect ({response.status}) to {response.headers.get('location', '?')} not followed", True
    return response, f"HTTP {response.status}", response.status != 410


def _disable_webhook(webhook: Webhook, reason: str) -> None:
    """Disable an endpoint and tell the organization's admins, once per disabling."""
    changed = Webhook.objects.filter(pk=webhook.pk, is_active=True).update(
        is_active=False, disabled_reason=reason[:300], updated_at=timezone.now()
    )
    if changed:
        notify_admins(
            organization_id=webhook.organization_id,
            type="webhook.disabled",
            title=f"Webhook {webhook.name} was disabled",
            message=f"{reason} Fix the endpoint, then enable the webhook again.",
            metadata={"webhook_id": str(webhook.pk), "url": webhook.url},
        )


@dataclass
class AttemptOutcome:
    response: outbound.OutboundResponse | None
    error: str
    retryable: bool
    duration_ms: int


def send_attempt(delivery: WebhookDelivery) -> AttemptOutcome:
    started = time.monotonic()
    response, error, retryable = _post_delivery(delivery)
    return AttemptOutcome(response, error, retryable, int((time.monotonic() - started) * 1000))


def record_attempt(delivery: WebhookDelivery, outcome: AttemptOutcome, *, manual: bool) -> None:
    """Store an attempt's outcome and schedule what follows; the caller holds a transaction."""
    response, error, retryable, duration_ms = outcome.response, outcome.error, outcome.retryable, outcome.duration_ms
    now = timezone.now()
    webhook = delivery.webhook
    delivery.response_status = response.status if response else None
    delivery.response_body = response.text[:RESPONSE_SNIPPET_CHARS] if response else ""
    delivery.error = error
    delivery.duration_ms = duration_ms
    succeeded = response is not None and response.ok
    if succeeded:
        delivery.status = WebhookDelivery.Status.SUCCESS
        delivery.delivered_at = now
        delivery.next_attempt_at = None
        # Read with the delivery moments ago; skipping the write when it was 0 saves a query per delivery.
        if webhook.consecutive_failures:
            Webhook.objects.filter(pk=webhook.pk).update(
                consecutive_failures=0, failing_since=None, failure_warning_sent_at=None
            )
    elif manual or not retryable or delivery.attempt_count >= webhook.retry_attempts:
        delivery.status = WebhookDelivery.Status.FAILED
        delivery.next_attempt_at = None
    else:
        retry_after = _parse_retry_after(response.headers.get("retry-after"), now) if response else None
        if response is None or response.status != 429:
            retry_after = None
        delivery.status = WebhookDelivery.Status.RETRYING
        delivery.next_attempt_at = now + retry_delay(attempts_made=delivery.attempt_count, retry_after=retry_after)
    delivery.save(
        update_fields=[
            "status",
            "response_status",
            "response_body",
            "error",
            "duration_ms",
            "delivered_at",
            "next_attempt_at",
            "updated_at",
        ]
    )
    metrics.WEBHOOK_ATTEMPTS.labels(status=delivery.status).inc()
    if duration_ms is not None:
        metrics.WEBHOOK_ATTEMPT_SECONDS.observe(duration_ms / 1000)
    if succeeded:
        return
    if response is not None and response.status == 410:
        _disable_webhook(webhook, "The endpoint answered 410 Gone.")
    elif not manual:
        _record_failed_attempt(webhook_id=webhook.pk, now=now)


def _record_failed_attempt(*, webhook_id, now: datetime) -> None:
    """Extend the webhook's run of failures; warn admins after a day of it, disable after three."""
    webhook = Webhook.objects.select_for_update().get(pk=webhook_id)
    webhook.consecutive_failures += 1
    webhook.failing_since = webhook.failing_since or now
    failing_for = now - webhook.failing_since
    since = f"{webhook.failing_since:%Y-%m-%d %H:%M} UTC"
    if failing_for >= timedelta(hours=settings.WEBHOOK_DISABLE_AFTER_FAILING_HOURS):
        webhook.save(update_fields=["consecutive_failures", "failing_since"])
        _disable_webhook(
            webhook, f"Every delivery attempt has failed since {since} ({webhook.consecutive_failures} attempts)."
        )
        return
    if webhook.failure_warning_sent_at is None and failing_for >= timedelta(
        hours=settings.WEBHOOK_WARN_AFTER_FAILING_HOURS
    ):
        webhook.failure_warning_sent_at = now
        disable_at = webhook.failing_since + timedelta(hours=settings.WEBHOOK_DISABLE_AFTER_FAILING_HOURS)
        notify_admins(
            organization_id=webhook.organization_id,
            type="webhook.failing",
            title=f"Webhook {webhook.name} is failing",
            message=(
                f"Every delivery attempt has failed since {since} ({webhook.consecutive_failures} attempts). "
                f"Unless one succeeds, the webhook will be disabled at {disable_at:%Y-%m-%d %H:%M} UTC."
            ),
            metadata={
                "webhook_id": str(webhook.pk),
                "url": webhook.url,
                "failing_since": webhook.failing_since.isoformat(),
            },
        )
    webhook.save(update_fields=["consecutive_failures", "failing_since", "failure_warning_sent_at"])


def attempt_delivery(
    *, delivery_id, expected_attempt: int | None = None, manual: bool = False
) -> WebhookDelivery | None:
    """Make one attempt at a delivery and record it; None when there was nothing to do.

    Manual attempts (test event, redeliver) also reach disabled endpoints and never schedule retries.
    """
    delivery = _claim_attempt(delivery_id=delivery_id, expected_attempt=expected_attempt, manual=manual)
    if delivery is None:
        return None
    return _make_claimed_attempt(delivery, manual=manual)


def _make_claimed_attempt(delivery: WebhookDelivery, *, manual: bool) -> WebhookDelivery:
    outcome = send_attempt(delivery)
    with bookkeeping_transaction():
        record_attempt(delivery, outcome, manual=manual)
    return delivery


def sweep_due_deliveries(*, now: datetime | None = None, limit: int = 1000) -> int:
    """Queue every open delivery whose `next_attempt_at` has passed; return how many."""
    now = now or timezone.now()
    with bookkeeping_transaction():
        due = list(
            WebhookDelivery.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status__in=OPEN_STATUSES, next_attempt_at__lte=now, webhook__is_active=True)
            .order_by("next_attempt_at")
            .values_list("pk", "attempt_count")[:limit]
        )
        WebhookDelivery.objects.filter(pk__in=[pk for pk, _ in due]).update(next_attempt_at=now + QUEUE_LEASE)
        enqueue_deliveries_after_commit([(str(pk), attempt) for pk, attempt in due])
    return len(due)
