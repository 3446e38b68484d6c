"""Webhook management: register, update and rotate secrets; test an endpoint; redeliver by hand."""

from __future__ import annotations

import ipaddress
import re
import uuid
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from integrations import outbound
from integrations import signing as webhook_signing
from integrations.models import Integration, Webhook, WebhookDelivery
from integrations.services.delivery import attempt_delivery
from recruiting.errors import DomainError
from recruiting.events import ALL_EVENTS, EVENT_ALIASES, EVENT_NAMES
from recruiting.models import Organization

TEST_EVENT = "webhook.test"
CUSTOM_EVENT = re.compile(r"^custom\.[a-z0-9_.\-]{1,80}$")
URL_MAX_LENGTH = 2000


def is_known_event(name: str) -> bool:
    """A platform event, a documented alias, `*` (every event) or a `custom.<name>` event."""
    return name in EVENT_NAMES or name in EVENT_ALIASES or name == ALL_EVENTS or bool(CUSTOM_EVENT.match(name))


def check_webhook_events(events: list[str]) -> list[str]:
    """The events a webhook subscribes to, without repeats; an unknown one is refused."""
    for name in events:
        if not is_known_event(name):
            raise DomainError(f"Unknown event: {name}.", code="UNKNOWN_EVENT", field="events")
    return list(dict.fromkeys(events))


def check_webhook_url(url: str, *, check_destination: bool = False) -> str:
    """Refuse a URL the outbound guard would never call: not http(s) or no host.

    With `check_destination`, an address written in the URL (or `localhost`) that the guard refuses is refused
    now, while an admin is still at the form. A name is resolved only when a delivery connects, and the guard
    checks every address then; the API keeps accepting such URLs and lets the delivery fail.
    """
    if len(url) > URL_MAX_LENGTH:
        raise DomainError(f"The URL is longer than {URL_MAX_LENGTH} characters.", code="INVALID_URL", field="url")
    try:
        outbound.check_url(url)
        host = urlsplit(url).hostname or ""
    except ValueError as exc:  # an unbalanced IPv6 bracket or a bad port
        raise DomainError(f"This is not a valid URL: {exc}.", code="INVALID_URL", field="url") from exc
    except outbound.DestinationRefusedError as exc:
        raise DomainError(str(exc), code="INVALID_URL", field="url") from exc
    if not check_destination:
        return url
    try:
        address = ipaddress.ip_address("127.0.0.1" if host.rstrip(".") in ("localhost",) else host)
    except ValueError:
        return url
    reason = outbound.address_refusal(address)
    if reason:
        raise DomainError(
            f"Webhooks cannot be sent to {host}: {reason}. Use the endpoint's public address.",
            code="DESTINATION_REFUSED",
            field="url",
        )
    return url


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
    payload_format: str = Webhook.PayloadFormat.PLATFORM,
    is_active: bool = True,
    check_destination: bool = False,
) -> Webhook:
    """Register a webhook (paused from the start with `is_active=False`); `check_destination` refuses
    a private address written in the URL at once."""
    return Webhook.objects.create(
        organization=organization,
        name=name,
        url=check_webhook_url(url, check_destination=check_destination),
        events=check_webhook_events(events),
        secret=secret or webhook_signing.generate_secret(),
        headers=headers or {},
        retry_attempts=retry_attempts,
        timeout_ms=timeout_ms,
        integration=integration,
        payload_format=payload_format,
        is_active=is_active,
    )


@transaction.atomic
def update_webhook(*, webhook: Webhook, check_destination: bool = False, **fields: Any) -> Webhook:
    """Update a webhook; a new secret starts a rotation, re-enabling clears the failure run."""
    new_secret = fields.pop("secret", None)
    if "url" in fields:
        fields["url"] = check_webhook_url(fields["url"], check_destination=check_destination)
    if "events" in fields:
        fields["events"] = check_webhook_events(fields["events"])
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
            payload_format=webhook.payload_format,
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
