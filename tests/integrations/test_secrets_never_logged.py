"""Issued API keys, JWTs, OAuth tokens and webhook secrets never reach a log line, at any level.

Every logger is captured at DEBUG while an organization admin registers a
partner key, the partner uses it (and a wrong one), a user signs in and refreshes, an integration
is connected through OAuth and health-checked, and a webhook is created and its secret rotated.
SQL is not logged outside DEBUG mode (the last test pins that): statements carry webhook secrets,
which are stored as they must be used to sign.
"""

from __future__ import annotations

import logging

from django.conf import settings
from rest_framework.test import APIClient

from integrations.services.health import run_health_check
from tests.conftest import PASSWORD
from tests.integrations.test_integrations_oauth import authorize


def test_no_issued_secret_appears_in_any_log_record(caplog, api_as, admin_a, calendar_a, oauth_server, allow_loopback):
    caplog.set_level(logging.DEBUG)
    secrets: list[str] = []
    admin = api_as(admin_a)
    raw_key = admin.post("/api/ats/integrations/register", {"name": "Greenhouse – São Paulo"}).json()["api_key"]
    secrets.append(raw_key)
    assert APIClient(HTTP_X_API_KEY=raw_key).get("/api/ats/candidates").status_code == 200
    wrong_key = raw_key[:-6] + "XXXXXX"
    assert APIClient(HTTP_X_API_KEY=wrong_key).get("/api/ats/candidates").status_code == 401
    secrets.append(wrong_key)

    signed_in = (
        APIClient().post("/api/v1/auth/login", {"email": admin_a.email, "password": PASSWORD}, format="json").json()
    )
    secrets += [signed_in["access_token"], signed_in["refresh_token"], PASSWORD]
    refreshed = APIClient().post("/api/v1/auth/refresh", {"refresh_token": signed_in["refresh_token"]}, format="json")
    assert refreshed.status_code == 200
    secrets += [value for key, value in refreshed.json().items() if key.endswith("token")]

    state = authorize(admin, calendar_a)
    connected = admin.post(
        f"/api/v1/integrations/{calendar_a.pk}/oauth/callback", {"code": "good-code", "state": state}, format="json"
    )
    assert connected.status_code == 200
    secrets += ["access-1", "refresh-1", "acme-client-secret"]
    calendar_a.refresh_from_db()
    run_health_check(integration=calendar_a)

    webhook = admin.post(
        "/api/v1/integrations/webhooks",
        {"name": "Zoë's receiver", "url": "https://hooks.example.com/recruiting", "events": ["candidate.created"]},
        format="json",
    ).json()
    secrets.append(webhook["secret"])
    rotated = admin.post(f"/api/v1/integrations/webhooks/{webhook['id']}/rotate-secret", format="json").json()
    secrets += [value for key, value in rotated.items() if "secret" in key and isinstance(value, str)]

    assert caplog.records, "the flow should have logged something (the refused key, at least)"
    logged = "\n".join(f"{record.name} {record.getMessage()} {record.args!r}" for record in caplog.records)
    leaked = [secret for secret in secrets if secret and secret in logged]
    assert leaked == []


def test_sql_with_its_parameters_is_not_logged_in_production_settings():
    assert not settings.DEBUG
    level = settings.LOGGING["loggers"]["django.db.backends"]["level"]
    assert logging.getLevelName(level) > logging.DEBUG
