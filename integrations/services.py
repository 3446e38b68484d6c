"""Integration, webhook and notification workflows.

Delivery is at-least-once: the outbox row is relayed after commit (or by beat's sweep), each
webhook gets one `WebhookDelivery` row per event, and every attempt is claimed in the database
before the HTTP call, so a lost task or a killed worker only delays a delivery, never drops it.
"""

from __future__ import annotations

import logging
import random
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from integrations import outbound
from integrations import signing as webhook_signing
from integrations.models import (
    HealthStatus,
    Integration,
    IntegrationHealthCheck,
    Notification,
    Webhook,
    WebhookDelivery,
)
from integrations.providers import ProviderError, get_provider
from recruiting import queue
from recruiting.api.errors import ApiError
from recruiting.events import record_event
from recruiting.models import Interview, Organization, OutboxEvent, User

logger = logging.getLogger(__name__)

OPEN_STATUSES = (WebhookDelivery.Status.PENDING, WebhookDelivery.Status.RETRYING)
# A queued task owns its delivery for this long; if its message is lost, the sweep re-queues it.
QUEUE_LEASE = timedelta(minutes=2)
# Past an attempt's timeout, a worker that died mid-attempt is assumed gone after this margin.
ATTEMPT_LEASE_MARGIN = timedelta(seconds=60)
# The beat sweep leaves events this young to the relay queued when they committed.
RELAY_GRACE = timedelta(seconds=10)
RESPONSE_SNIPPET_CHARS = 1000
MAX_RETRY_AFTER = timedelta(hours=24)
TEST_EVENT = "webhook.test"
OAUTH_STATE_SALT = "integrations.oauth.state"


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


# --- Notifications ----------------------------------------------------------------------------


def notify_user(
    *,
    user: User,
    type: str,
    title: str,
    message: str = "",
    metadata: dict[str, Any] | None = None,
    send_email: bool = False,
) -> Notification:
    """Create an in-app notification, and email it after commit when asked."""
    notification = Notification.objects.create(
        organization_id=user.organization_id,
        user=user,
        type=type,
        title=title,
        message=message,
        metadata=metadata or {},
    )
    if send_email and user.email:
        transaction.on_commit(
            lambda: send_mail(title, message or title, settings.DEFAULT_FROM_EMAIL, [user.email]), robust=True
        )
    return notification


def notify_admins(
    *, organization_id: int, type: str, title: str, message: str = "", metadata: dict | None = None, send_email=True
) -> list[Notification]:
    admins = User.objects.filter(organization_id=organization_id, role=User.Role.ADMIN, is_active=True)
    return [
        notify_user(user=admin, type=type, title=title, message=message, metadata=metadata, send_email=send_email)
        for admin in admins
    ]


def mark_notifications_read(*, user: User, notification_ids: list[int] | None = None) -> int:
    """Mark the user's notifications (all unread, or the given ones) read; return how many changed."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


def _notify_for_event(event: OutboxEvent) -> None:
    """Turn the events people must hear about into notifications."""
    data = event.data
    if event.name in ("integration.unhealthy", "integration.recovered"):
        healthy = event.name == "integration.recovered"
        title = f"Integration {data.get('name', '')} {'recovered' if healthy else 'is unhealthy'}"
        notify_admins(
            organization_id=event.organization_id,
            type=event.name,
            title=title,
            message=data.get("last_error", "") if not healthy else "The last health check passed.",
            metadata={"integration_id": data.get("integration_id"), "event_id": str(event.pk)},
        )
    elif event.name == "application.hired":
        notify_admins(
            organization_id=event.organization_id,
            type=event.name,
            title="A candidate was hired",
            metadata={"application_id": data.get("application_id"), "event_id": str(event.pk)},
            send_email=False,
        )
    elif event.name == "interview.scheduled":
        interview = Interview.objects.filter(pk=data.get("interview_id")).prefetch_related("interviewers").first()
        for interviewer in interview.interviewers.all() if interview else []:
            notify_user(
                user=interviewer,
                type=event.name,
                title="You have a new interview",
                message=f"Scheduled for {data.get('scheduled_at')}",
                metadata={"interview_id": interview.pk, "event_id": str(event.pk)},
                send_email=True,
            )


# --- Events: relay and fan-out ----------------------------------------------------------------


RELAY_BATCH_SIZE = 50


def enqueue_relay(event_ids: list) -> None:
    """After commit: ask workers to relay these outbox events (beat's sweep covers a failed publish)."""
    ids = [str(event_id) for event_id in event_ids]
    for start in range(0, len(ids), RELAY_BATCH_SIZE):
        queue.enqueue("integrations.relay_events", ids[start : start + RELAY_BATCH_SIZE])


def _enqueue_after_commit(deliveries: list[tuple[str, int]]) -> None:
    def publish():
        for delivery_id, attempt in deliveries:
            queue.enqueue("integrations.deliver_webhook", delivery_id, attempt)

    if deliveries:
        transaction.on_commit(publish, robust=True)


def relay_event(*, event_id, deliver_now: bool = False) -> int:
    """Fan one outbox event out to webhook deliveries and notifications, once; return deliveries made.

    With `deliver_now` the first attempts are made right here (one task per event instead of one
    per delivery: the benchmark's throughput doubled); otherwise each delivery is queued. Either
    way the rows are leased, so the sweep retries anything this worker does not finish.
    """
    deliveries = _fan_out_event(event_id=event_id, claim_first_attempt=deliver_now)
    if deliver_now:
        outcomes = [(delivery, _send_attempt(delivery)) for delivery in deliveries]
        # One transaction records them all: a third of the queries per event.
        with bookkeeping_transaction():
            for delivery, outcome in outcomes:
                _record_attempt(delivery, outcome, manual=False)
    else:
        _enqueue_after_commit([(str(delivery.pk), 0) for delivery in deliveries])
    return len(deliveries)


@bookkeeping_transaction()
def _fan_out_event(*, event_id, claim_first_attempt: bool) -> list[WebhookDelivery]:
    """Create the event's deliveries and mark it relayed; claimed rows are born mid-attempt."""
    event = OutboxEvent.objects.select_for_update(skip_locked=True).filter(pk=event_id, relayed_at__isnull=True).first()
    if event is None:
        return []  # already relayed, or another worker is relaying it right now
    now = timezone.now()
    webhooks = [
        webhook
        for webhook in Webhook.objects.filter(organization_id=event.organization_id, is_active=True)
        if webhook.is_subscribed_to(event.name)
    ]
    payload = webhook_signing.render_payload(
        event_id=event.pk,
        event=event.name,
        timestamp=event.occurred_at,
        organization_id=event.organization_id,
        data=event.data,
    )
    deliveries = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                organization_id=event.organization_id,
                webhook=webhook,
                event_id=event.pk,
                event=event.name,
                payload=payload,
                attempt_count=1 if claim_first_attempt else 0,
                last_attempt_at=now if claim_first_attempt else None,
                next_attempt_at=now + (_attempt_lease(webhook) if claim_first_attempt else QUEUE_LEASE),
                created_at=now,
            )
            for webhook in webhooks
        ],
    )
    _notify_for_event(event)
    event.relayed_at = now
    event.save(update_fields=["relayed_at"])
    return deliveries


def relay_pending_events(*, now: datetime | None = None, limit: int = 1000) -> int:
    """Relay outbox events left behind (the broker was down at commit time); return how many.

    Events younger than the grace period are left to the relay queued at their commit.
    """
    cutoff = (now or timezone.now()) - RELAY_GRACE
    pending = OutboxEvent.objects.filter(relayed_at__isnull=True, occurred_at__lte=cutoff).order_by("occurred_at")
    event_ids = list(pending.values_list("pk", flat=True)[:limit])
    for event_id in event_ids:
        relay_event(event_id=event_id)
    return len(event_ids)


def trigger_custom_event(*, organization: Organization, event: str, payload: dict[str, Any]) -> OutboxEvent:
    """Emit a `custom.*` event through the outbox, like any domain event."""
    if not event.startswith("custom."):
        raise ApiError("Custom events are named custom.<something>.", code="INVALID_EVENT")
    with transaction.atomic():
        return record_event(organization=organization, name=event, data=payload)


# --- Webhooks ---------------------------------------------------------------------------------


def create_webhook(
    *,
    organization: Organization,
    name: str,
    url: str,
    events: list[str],
    secret: str | None = None,
    headers: dict[str, str] | None = None,
    retry_attempts: int = 8,
    timeout_ms: int = 10_000,
    integration: Integration | None = None,
) -> Webhook:
    return Webhook.objects.create(
        organization=organization,
        name=name,
        url=url,
        events=events,
        secret=secret or webhook_signing.generate_secret(),
        headers=headers or {},
        retry_attempts=retry_attempts,
        timeout_ms=timeout_ms,
        integration=integration,
    )


@transaction.atomic
def update_webhook(*, webhook: Webhook, **fields: Any) -> Webhook:
    """Update a webhook; a new secret starts a rotation, re-enabling clears the failure run."""
    new_secret = fields.pop("secret", None)
    for name, value in fields.items():
        setattr(webhook, name, value)
    if fields.get("is_active") is True:
        webhook.consecutive_failures = 0
        webhook.failing_since = None
        webhook.failure_warning_sent_at = None
        webhook.disabled_reason = ""
    webhook.save()
    if new_secret and new_secret != webhook.secret:
        rotate_webhook_secret(webhook=webhook, new_secret=new_secret)
    return webhook


def rotate_webhook_secret(*, webhook: Webhook, new_secret: str | None = None) -> Webhook:
    """Sign with a new secret; the old one keeps signing alongside it for the rotation window."""
    webhook.previous_secret = webhook.secret
    webhook.previous_secret_expires_at = timezone.now() + timedelta(hours=settings.WEBHOOK_SECRET_ROTATION_HOURS)
    webhook.secret = new_secret or webhook_signing.generate_secret()
    webhook.save(update_fields=["secret", "previous_secret", "previous_secret_expires_at", "updated_at"])
    return webhook


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


def _attempt_lease(webhook: Webhook) -> timedelta:
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
        delivery.next_attempt_at = now + _attempt_lease(delivery.webhook)
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


def _send_attempt(delivery: WebhookDelivery) -> AttemptOutcome:
    started = time.monotonic()
    response, error, retryable = _post_delivery(delivery)
    return AttemptOutcome(response, error, retryable, int((time.monotonic() - started) * 1000))


def _record_attempt(delivery: WebhookDelivery, outcome: AttemptOutcome, *, manual: bool) -> None:
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
    outcome = _send_attempt(delivery)
    with bookkeeping_transaction():
        _record_attempt(delivery, outcome, manual=manual)
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
        _enqueue_after_commit([(str(pk), attempt) for pk, attempt in due])
    return len(due)


def send_test_event(*, webhook: Webhook) -> dict[str, Any]:
    """Send a `webhook.test` event now and report how the endpoint answered."""
    now = timezone.now()
    event_id = uuid.uuid4()
    delivery = WebhookDelivery.objects.create(
        organization_id=webhook.organization_id,
        webhook=webhook,
        event_id=event_id,
        event=TEST_EVENT,
        payload=webhook_signing.render_payload(
            event_id=event_id,
            event=TEST_EVENT,
            timestamp=now,
            organization_id=webhook.organization_id,
            data={"message": "This is a test event.", "webhook_id": str(webhook.pk)},
        ),
        next_attempt_at=now,
    )
    attempted = attempt_delivery(delivery_id=delivery.pk, manual=True)
    delivery.refresh_from_db()
    success = attempted is not None and delivery.status == WebhookDelivery.Status.SUCCESS
    if success:
        message = f"Delivered: the endpoint answered {delivery.response_status}."
    else:
        message = f"Delivery failed: {delivery.error or 'not attempted'}"
    return {"success": success, "message": message, "response_status": delivery.response_status}


def redeliver(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send one delivery again now, whatever its state, and record the attempt."""
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=WebhookDelivery.Status.PENDING, next_attempt_at=timezone.now(), updated_at=timezone.now()
    )
    attempt_delivery(delivery_id=delivery.pk, manual=True)
    delivery.refresh_from_db()
    return delivery


# --- Integrations -----------------------------------------------------------------------------


def create_integration(*, organization: Organization, created_by: User | None = None, **fields: Any) -> Integration:
    return _save_integration(Integration(organization=organization, created_by=created_by), fields)


def update_integration(*, integration: Integration, **fields: Any) -> Integration:
    return _save_integration(integration, fields)


def _save_integration(integration: Integration, fields: dict[str, Any]) -> Integration:
    """Apply fields; `credentials` (an API key or user:password) is stored encrypted."""
    credentials = fields.pop("credentials", None)
    for name, value in fields.items():
        setattr(integration, name, value)
    integration.check_interval_seconds = int(
        integration.settings.get("check_interval_seconds", settings.INTEGRATION_CHECK_INTERVAL_SECONDS)
    )
    if credentials:
        integration.access_token = credentials
    if (
        integration.auth_type == Integration.AuthType.OAUTH2
        and not integration.access_token_encrypted
        and integration.status == Integration.Status.ACTIVE
    ):
        # Active only once the code exchange has stored a token (`_store_tokens`).
        integration.status = Integration.Status.PENDING
    integration.save()
    return integration


def _store_tokens(integration: Integration, tokens) -> None:
    integration.access_token = tokens.access_token
    if tokens.refresh_token:
        integration.refresh_token = tokens.refresh_token
    integration.token_expires_at = tokens.expires_at
    integration.status = Integration.Status.ACTIVE
    integration.save(
        update_fields=["access_token_encrypted", "refresh_token_encrypted", "token_expires_at", "status", "updated_at"]
    )


def oauth_authorize_url(*, integration: Integration, user: User) -> str:
    """The provider's consent URL, carrying a signed state bound to this integration and user."""
    state = signing.dumps(
        {"integration": str(integration.pk), "user": user.pk, "nonce": uuid.uuid4().hex}, salt=OAUTH_STATE_SALT
    )
    redirect_uri = integration.config.get("redirect_uri") or settings.INTEGRATIONS_OAUTH_REDIRECT_URI
    try:
        return get_provider(integration.provider).authorize_url(integration, state=state, redirect_uri=redirect_uri)
    except ProviderError as exc:
        raise ApiError(str(exc), code="PROVIDER_ERROR") from exc


def complete_oauth(*, integration: Integration, user: User, code: str, state: str) -> Integration:
    """Check the state, exchange the code at the provider and store the tokens encrypted."""
    try:
        claims = signing.loads(state, salt=OAUTH_STATE_SALT, max_age=settings.INTEGRATIONS_OAUTH_STATE_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise ApiError("The authorization state has expired; start again.", code="INVALID_STATE") from exc
    except signing.BadSignature as exc:
        raise ApiError("The authorization state is not valid.", code="INVALID_STATE") from exc
    if claims.get("integration") != str(integration.pk) or claims.get("user") != user.pk:
        raise ApiError("The authorization state belongs to another integration or user.", code="INVALID_STATE")
    redirect_uri = integration.config.get("redirect_uri") or settings.INTEGRATIONS_OAUTH_REDIRECT_URI
    try:
        tokens = get_provider(integration.provider).exchange_code(integration, code=code, redirect_uri=redirect_uri)
    except ProviderError as exc:
        raise ApiError(f"The provider refused the authorization: {exc}", code="OAUTH_ERROR") from exc
    _store_tokens(integration, tokens)
    return integration


def refresh_integration_tokens(*, integration: Integration) -> Integration:
    try:
        tokens = get_provider(integration.provider).refresh(integration)
    except ProviderError as exc:
        raise ApiError(f"The provider refused the refresh: {exc}", code="OAUTH_ERROR") from exc
    _store_tokens(integration, tokens)
    return integration


def _health_event_payload(integration: Integration) -> dict[str, Any]:
    return {
        "integration_id": str(integration.pk),
        "name": integration.name,
        "provider": integration.provider,
        "status": integration.health_status,
        "last_error": integration.last_error,
    }


def run_health_check(*, integration: Integration) -> IntegrationHealthCheck:
    """Check an integration now, refreshing a rejected token once; record history and state changes."""
    provider = get_provider(integration.provider)
    result = provider.check_health(integration)
    if result.token_rejected and integration.refresh_token:
        try:
            _store_tokens(integration, provider.refresh(integration))
        except ProviderError as exc:
            result.error = f"{result.error} Refreshing the token failed: {exc}".strip()
        else:
            result = provider.check_health(integration)
    now = timezone.now()
    with transaction.atomic():
        locked = Integration.objects.select_for_update().get(pk=integration.pk)
        previous = locked.health_status
        check = IntegrationHealthCheck.objects.create(
            organization_id=locked.organization_id,
            integration=locked,
            status=result.status,
            checked_at=now,
            response_time_ms=result.response_time_ms,
            response_status=result.response_status,
            error=result.error,
        )
        locked.health_status = result.status
        locked.last_check_at = now
        locked.last_error = result.error
        locked.last_response_time_ms = result.response_time_ms
        locked.next_check_at = now + timedelta(seconds=locked.check_interval_seconds)
        locked.save(
            update_fields=[
                "health_status",
                "last_check_at",
                "last_error",
                "last_response_time_ms",
                "next_check_at",
                "updated_at",
            ]
        )
        became_unhealthy = result.status == HealthStatus.UNHEALTHY and previous != HealthStatus.UNHEALTHY
        recovered = previous == HealthStatus.UNHEALTHY and result.status != HealthStatus.UNHEALTHY
        if became_unhealthy or recovered:
            record_event(
                organization=locked.organization,
                name="integration.unhealthy" if became_unhealthy else "integration.recovered",
                data=_health_event_payload(locked),
            )
    integration.refresh_from_db()
    return check


def queue_due_health_checks(*, now: datetime | None = None) -> int:
    """Queue a check of every active integration whose interval has passed; return how many."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Integration.objects.select_for_update(skip_locked=True)
            .filter(status=Integration.Status.ACTIVE)
            .filter(Q(next_check_at__isnull=True) | Q(next_check_at__lte=now))
            .values_list("pk", "check_interval_seconds")
        )
        for pk, interval in due:
            # Moved on now so the next sweep does not queue it twice; the check sets it again.
            Integration.objects.filter(pk=pk).update(next_check_at=now + timedelta(seconds=interval))
        ids = [str(pk) for pk, _ in due]
        transaction.on_commit(
            lambda: [queue.enqueue("integrations.check_integration_health", pk) for pk in ids], robust=True
        )
    return len(due)
