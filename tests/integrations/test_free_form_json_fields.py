"""Free-form JSON in integrations (config, settings, webhook headers, trigger payloads, notification metadata).

Each passes the one storable-JSON rule: `1e999` or a NUL is a 400 naming the field, nothing is stored.
"""

from __future__ import annotations

import json

import pytest
from django.test.utils import override_settings

from integrations.models import Integration, Notification, Webhook
from recruiting.models import OutboxEvent

CAREERS_SITE = {
    "name": "Site carrières d'Amélie",
    "provider": "http",
    "auth_type": "none",
    "config": {"health_url": "https://careers.example.com/health"},
    "settings": {"check_interval_seconds": 60},
}


def _post_raw(client, path, body: dict, raw_field: str, raw_value: str):
    """Post JSON whose `raw_field` holds text that json.dumps cannot write (a number like 1e999)."""
    text = json.dumps({**body, raw_field: "__RAW__"}).replace('"__RAW__"', raw_value)
    return client.post(path, text, content_type="application/json")


@pytest.mark.parametrize("field", ["config", "settings"])
def test_an_integration_with_infinity_in_a_free_form_field_is_400_naming_it(api_as, admin_a, field):
    response = _post_raw(api_as(admin_a), "/api/v1/integrations", CAREERS_SITE, field, '{"retries": 1e999}')

    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Integration.objects.exists()


def test_an_integration_with_a_nul_in_its_config_is_400_naming_it(api_as, admin_a):
    body = {**CAREERS_SITE, "config": {"health_url": "https://careers.example.com/\x00health"}}

    response = api_as(admin_a).post("/api/v1/integrations", body, format="json")

    assert response.status_code == 400
    assert "config" in response.json()["errors"]
    assert not Integration.objects.exists()


@override_settings(FREE_FORM_JSON_MAX_ENTRIES=100)
def test_a_webhook_with_too_many_custom_headers_is_400_naming_headers(api_as, admin_a):
    headers = {f"X-Custom-{n}": "São Paulo" for n in range(101)}
    body = {"name": "Zoë's ATS", "url": "https://ats.example.com/hooks", "events": ["candidate.created"]}

    response = api_as(admin_a).post("/api/v1/integrations/webhooks", {**body, "headers": headers}, format="json")

    assert response.status_code == 400
    assert "headers" in response.json()["errors"]
    assert not Webhook.objects.exists()


def test_a_trigger_payload_with_infinity_is_400_and_records_no_event(api_as, admin_a):
    before = OutboxEvent.objects.count()

    response = _post_raw(
        api_as(admin_a), "/api/v1/integrations/webhooks/trigger", {"event": "custom.offer_signed"}, "payload", "1e999"
    )

    assert response.status_code == 400
    assert "payload" in response.json()["errors"]
    assert OutboxEvent.objects.count() == before


@override_settings(FREE_FORM_JSON_MAX_BYTES=1024)
def test_notification_metadata_over_the_size_limit_is_400_and_sends_nothing(api_as, admin_a, recruiter_a):
    body = {"user_id": recruiter_a.pk, "title": "Offer approved", "message": "Send it today."}

    response = api_as(admin_a).post(
        "/api/v1/notifications/send", {**body, "metadata": {"note": "é" * 2000}}, format="json"
    )

    assert response.status_code == 400
    assert "metadata" in response.json()["errors"]
    assert not Notification.objects.exists()
