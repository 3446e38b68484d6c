"""Webhook payload bytes and signatures (ours and the Standard Webhooks set).

Standard Webhooks: https://github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from datetime import datetime

from django.core.serializers.json import DjangoJSONEncoder

from recruiting.casing import camelize

SECRET_PREFIX = "whsec_"  # noqa: S105 - a format prefix, not a secret
# Headers we set on every delivery; a webhook's custom headers can never replace these.
RESERVED_HEADERS = frozenset(
    {
        "content-type",
        "content-length",
        "host",
        "user-agent",
        "x-webhook-event",
        "x-webhook-id",
        "x-webhook-attempt",
        "x-webhook-signature",
        "x-webhook-signature-previous",
        "x-bhiv-signature",
        "webhook-id",
        "webhook-timestamp",
        "webhook-signature",
    }
)


def generate_secret() -> str:
    """A Standard Webhooks secret: `whsec_` and 32 random bytes in base64."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def secret_key(secret: str) -> bytes:
    """The Standard Webhooks HMAC key: the decoded bytes of a `whsec_` secret, else its UTF-8 bytes."""
    if secret.startswith(SECRET_PREFIX):
        return base64.b64decode(secret[len(SECRET_PREFIX) :] + "==")
    return secret.encode()


# Payload formats (`Webhook.payload_format`): the body each partner document's receiver reads.
PLATFORM, BHIV, JOBSWIPE, HYREHR = "platform", "bhiv", "jobswipe", "hyrehr"
# BHIV's receiver reads the object under its name: `data["job"]["title"]`, `data["match"]["candidate_id"]`.
BHIV_OBJECT_NAMES = {"candidate.matched": "match"}


def _iso(timestamp: datetime) -> str:
    return timestamp.isoformat().replace("+00:00", "Z")


def bhiv_object_name(event: str) -> str:
    if event in BHIV_OBJECT_NAMES:
        return BHIV_OBJECT_NAMES[event]
    noun = event.split(".", 1)[0]
    return "data" if noun in ("custom", "webhook") else noun


def render_payload(
    *,
    event_id: str,
    event: str,
    timestamp: datetime,
    organization_id: int,
    data: dict,
    payload_format: str = PLATFORM,
) -> str:
    """The exact body every attempt sends and signs, in the webhook's payload format."""
    if payload_format == BHIV:
        name = bhiv_object_name(event)
        noun_id = data.get(f"{name}_id")
        body = {
            "id": str(event_id),
            "event_type": event,
            "timestamp": _iso(timestamp),
            "organization_id": organization_id,
            name: {"id": noun_id, **data} if noun_id is not None and "id" not in data else data,
        }
    elif payload_format == HYREHR:
        body = {
            "id": str(event_id),
            "event": event,
            "timestamp": _iso(timestamp),
            "organizationId": organization_id,
            "data": camelize(data),
        }
    else:  # platform and jobswipe: JobSwipe documents only the signature, which is ours
        body = {
            "id": str(event_id),
            "event": event,
            "timestamp": _iso(timestamp),
            "organization_id": organization_id,
            "data": data,
        }
    return json.dumps(body, cls=DjangoJSONEncoder, separators=(",", ":"))


def delivery_headers(
    *,
    secrets_in_use: list[str],
    event_id: str,
    event: str,
    attempt: int,
    body: bytes,
    sent_at: datetime,
    payload_format: str = PLATFORM,
    webhook_id: str = "",
) -> dict[str, str]:
    """Signature and identity headers; the first secret is current, a second one is being retired.

    `webhook-id` (Standard Webhooks) is always the event id, stable for de-duplication; in the
    Integration Framework's format `X-Webhook-Id` is the webhook's id, as its document says.
    """
    timestamp = str(int(sent_at.timestamp()))
    signed_content = f"{event_id}.{timestamp}.".encode() + body
    # The partners' documented snippet keys `X-Webhook-Signature` with the secret string as shown to
    # the user, `hmac.new(secret.encode('utf-8'), body, sha256)`, `whsec_` prefix included.
    hex_signatures = [hmac.new(s.encode("utf-8"), body, hashlib.sha256).hexdigest() for s in secrets_in_use]
    standard_signatures = [
        "v1," + base64.b64encode(hmac.new(secret_key(s), signed_content, hashlib.sha256).digest()).decode()
        for s in secrets_in_use
    ]
    headers = {
        "Content-Type": "application/json",
        "X-Webhook-Event": event,
        "X-Webhook-Id": str(event_id),
        "X-Webhook-Attempt": str(attempt),
        "X-Webhook-Signature": f"sha256={hex_signatures[0]}",
        "webhook-id": str(event_id),
        "webhook-timestamp": timestamp,
        # Space-separated list: receivers accept any one that matches (Standard Webhooks).
        "webhook-signature": " ".join(standard_signatures),
    }
    if len(hex_signatures) > 1:
        headers["X-Webhook-Signature-Previous"] = f"sha256={hex_signatures[1]}"
    if payload_format == BHIV:
        headers["X-BHIV-Signature"] = headers["X-Webhook-Signature"]
    elif payload_format == HYREHR and webhook_id:
        headers["X-Webhook-Id"] = str(webhook_id)
    return headers
