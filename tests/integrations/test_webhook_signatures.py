"""A receiver verifies our deliveries with the partners' own snippet and with `standardwebhooks`.

`X-Webhook-Signature` is keyed by the secret string exactly as the user sees it (as the partners'
integration guides verify it); the Standard Webhooks headers keep the spec's key (the
base64-decoded bytes after `whsec_`).
"""

from __future__ import annotations

import hashlib
import hmac

from integrations.services.webhooks import rotate_webhook_secret
from tests.factories import CandidateFactory
from tests.integrations.conftest import verify_standard_webhook

BASE = "/api/v1/integrations/webhooks"


def verify_webhook_signature(payload: bytes, signature: str, secret: str) -> bool:
    # Re-typed from the partners' "Webhook Signature Verification" snippet; their Flask receiver is the same.
    expected = hmac.new(secret.encode("utf-8"), payload, hashlib.sha256).hexdigest()
    return hmac.compare_digest(f"sha256={expected}", signature)


def a_recruiter_adds_zoe(org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        CandidateFactory(organization=org, first_name="Zoë", last_name="O'Connor", location="São Paulo, Brazil")


def test_a_generated_whsec_secret_verifies_with_the_seed_snippet_and_standard_webhooks(
    api_as, admin_a, org_a, receiver, allow_loopback, eager_tasks, django_capture_on_commit_callbacks
):
    created = api_as(admin_a).post(
        BASE, {"name": "José's HRIS", "url": receiver.url(), "events": ["candidate.created"]}, format="json"
    )
    assert created.status_code == 201
    shown_secret = created.json()["secret"]
    assert shown_secret.startswith("whsec_")

    a_recruiter_adds_zoe(org_a, django_capture_on_commit_callbacks)

    [request] = receiver.bodies_for("candidate.created")
    assert verify_webhook_signature(request.body, request.headers["X-Webhook-Signature"], shown_secret)
    assert verify_standard_webhook(shown_secret, request)["event"] == "candidate.created"


def test_during_a_rotation_the_previous_header_verifies_with_the_old_secret_string(
    org_a, webhook_a, receiver, eager_tasks, django_capture_on_commit_callbacks
):
    old_secret = webhook_a.secret
    rotate_webhook_secret(webhook=webhook_a)
    webhook_a.refresh_from_db()

    a_recruiter_adds_zoe(org_a, django_capture_on_commit_callbacks)

    [request] = receiver.bodies_for("candidate.created")
    assert verify_webhook_signature(request.body, request.headers["X-Webhook-Signature"], webhook_a.secret)
    assert verify_webhook_signature(request.body, request.headers["X-Webhook-Signature-Previous"], old_secret)
    assert not verify_webhook_signature(request.body, request.headers["X-Webhook-Signature"], old_secret)
    verify_standard_webhook(old_secret, request)
