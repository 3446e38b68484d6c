"""The Integration Framework's documented calls against the platform at `/compat/hyrehr`.

Each test sends the document's request bodies (camelCase) to its paths and checks what its
client reads: bare arrays for lists, camelCase keys, `{success, message}` answers,
`{statusCode, message, error}` errors, and the webhook deliveries in its payload format.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from integrations.models import Integration, Webhook
from tests.integrations.conftest import allow_loopback, calendar_a, oauth_server, receiver

__all__ = ["allow_loopback", "calendar_a", "oauth_server", "receiver"]  # fixtures used below

BASE = "/compat/hyrehr/api/v1/integrations"


@pytest.fixture
def client(api_as, admin_a):
    return api_as(admin_a)


def test_integration_crud_in_camel_case(client, org_a):
    created = client.post(
        BASE,
        {
            "name": "Google Calendar – Équipe d'Lyon",
            "provider": "google_calendar",
            "authType": "oauth2",
            "config": {"calendarId": "primary"},
            "settings": {"syncEnabled": True},
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["organizationId"] == org_a.pk
    assert (body["status"], body["authType"]) == ("pending", "oauth2")
    assert body["config"] == {"calendarId": "primary"}
    assert body["settings"] == {"syncEnabled": True}
    assert body["createdAt"] and body["updatedAt"]

    listed = client.get(BASE).json()
    assert isinstance(listed, list)
    assert listed[0]["id"] == body["id"] and listed[0]["healthStatus"] == "unknown"
    assert client.get(f"{BASE}/provider/google_calendar").json()[0]["id"] == body["id"]
    assert client.get(f"{BASE}/provider/slack").json() == []

    updated = client.put(
        f"{BASE}/{body['id']}",
        {"name": "Updated Name", "status": "inactive", "settings": {"syncEnabled": False}},
        format="json",
    )
    assert updated.status_code == 200
    assert (updated.json()["name"], updated.json()["status"]) == ("Updated Name", "inactive")
    assert updated.json()["settings"] == {"syncEnabled": False}
    assert updated.json()["config"] == {"calendarId": "primary"}  # not sent, kept

    assert client.get(f"{BASE}/{body['id']}").json()["name"] == "Updated Name"
    assert client.delete(f"{BASE}/{body['id']}").status_code == 204
    assert not Integration.objects.exists()


def test_errors_are_status_code_message_error(client, api_as, recruiter_a, admin_b):
    missing = client.get(f"{BASE}/00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404
    assert missing.json() == {"statusCode": 404, "message": missing.json()["message"], "error": "Not Found"}
    bad = client.post(BASE, {"provider": "google_calendar"}, format="json")
    assert bad.status_code == 400
    assert (bad.json()["statusCode"], bad.json()["error"]) == (400, "Bad Request")
    assert "name" in bad.json()["message"]
    unauthorized = api_as(recruiter_a).get(BASE)
    assert unauthorized.json() == {"statusCode": 403, "message": unauthorized.json()["message"], "error": "Forbidden"}
    from rest_framework.test import APIClient

    anonymous = APIClient().get(BASE)
    assert (anonymous.status_code, anonymous.json()["error"]) == (401, "Unauthorized")
    assert client.get("/compat/hyrehr/api/v1/nothing").json()["statusCode"] == 404


def test_another_organizations_integration_is_404(api_as, admin_b, calendar_a):
    response = api_as(admin_b).get(f"{BASE}/{calendar_a.pk}")
    assert response.status_code == 404
    assert response.json()["statusCode"] == 404


def test_oauth_authorize_callback_refresh(client, calendar_a, oauth_server):
    authorized = client.get(f"{BASE}/{calendar_a.pk}/oauth/authorize", {"state": "optional_state"})
    assert authorized.status_code == 200
    signed = parse_qs(urlsplit(authorized.json()["authUrl"]).query)["state"][0]

    callback = client.post(
        f"{BASE}/{calendar_a.pk}/oauth/callback", {"code": "good-code", "state": signed}, format="json"
    )
    assert callback.status_code == 200
    assert callback.json() == {"success": True, "message": "OAuth authentication successful", "state": "optional_state"}

    refreshed = client.post(f"{BASE}/{calendar_a.pk}/oauth/refresh")
    assert refreshed.json() == {"success": True, "message": "Token refreshed successfully"}

    denied = client.post(
        f"{BASE}/{calendar_a.pk}/oauth/callback",
        {"error": "access_denied", "errorDescription": "User denied access"},
        format="json",
    )
    assert denied.status_code == 400
    assert denied.json() == {"success": False, "error": "access_denied", "errorDescription": "User denied access"}


def test_a_refused_code_answers_success_false(client, calendar_a, oauth_server):
    authorized = client.get(f"{BASE}/{calendar_a.pk}/oauth/authorize")
    signed = parse_qs(urlsplit(authorized.json()["authUrl"]).query)["state"][0]
    response = client.post(f"{BASE}/{calendar_a.pk}/oauth/callback", {"code": "used", "state": signed}, format="json")
    assert response.json() == {
        "success": False,
        "error": "invalid_grant",
        "errorDescription": "The code has expired or was already used.",
    }


def test_health_status_and_check(client, calendar_a, oauth_server):
    health = client.get(f"{BASE}/{calendar_a.pk}/health").json()
    assert set(health) == {"status", "lastCheckAt", "lastError"}
    checked = client.post(f"{BASE}/{calendar_a.pk}/health/check").json()
    assert checked["integrationId"] == str(calendar_a.pk)
    assert (checked["provider"], checked["status"]) == ("google_calendar", "unhealthy")  # not authorized yet
    assert checked["checkedAt"]
    assert client.get(f"{BASE}/{calendar_a.pk}/health").json()["lastError"] == "Not authorized yet."


def webhook_request(receiver) -> dict:
    return {
        "name": "Application Events",
        "url": receiver.url("/webhooks/applications"),
        "events": ["application.created", "application.stage_changed"],
        "secret": "optional_secret_of_sixteen+",
        "headers": {"X-Custom-Header": "value"},
        "retryAttempts": 3,
        "timeoutMs": 30000,
    }


def test_webhook_crud_test_logs_stats_and_trigger(
    client, org_a, receiver, allow_loopback, eager_tasks, django_capture_on_commit_callbacks
):
    created = client.post(f"{BASE}/webhooks", webhook_request(receiver), format="json")
    assert created.status_code == 201, created.content
    hook = created.json()
    assert hook["secret"] == "optional_secret_of_sixteen+"
    assert (hook["status"], hook["retryAttempts"], hook["timeoutMs"]) == ("active", 3, 30000)
    assert (hook["successCount"], hook["failureCount"]) == (0, 0)
    assert Webhook.objects.get().payload_format == "hyrehr"

    tested = client.post(f"{BASE}/webhooks/{hook['id']}/test").json()
    assert (tested["success"], tested["responseStatus"]) == (True, 200)

    payload = {"applicationId": "a-7", "candidateId": "c-3", "jobId": "j-9", "timestamp": "2025-11-16T10:30:00Z"}
    with django_capture_on_commit_callbacks(execute=True):
        triggered = client.post(
            f"{BASE}/webhooks/trigger", {"event": "application.created", "payload": payload}, format="json"
        )
    assert triggered.json() == {"success": True, "message": "Webhook triggered successfully"}
    delivery = [r for r in receiver.requests if r.headers["X-Webhook-Event"] == "application.created"][0]
    sent = json.loads(delivery.body)
    assert (sent["event"], sent["organizationId"], sent["data"]["applicationId"]) == (
        "application.created",
        org_a.pk,
        "a-7",
    )
    assert delivery.headers["X-Webhook-Id"] == hook["id"]
    assert delivery.headers["X-Custom-Header"] == "value"

    logs = client.get(f"{BASE}/webhooks/{hook['id']}/logs", {"limit": 100}).json()
    assert [log["event"] for log in logs] == ["application.created", "webhook.test"]
    assert logs[0]["webhookId"] == hook["id"] and logs[0]["status"] == "success"
    assert logs[0]["attemptCount"] == 1 and logs[0]["responseStatus"] == 200 and logs[0]["completedAt"]
    stats = client.get(f"{BASE}/webhooks/{hook['id']}/stats").json()
    assert stats == {"total": 2, "success": 2, "failed": 0, "pending": 0, "successRate": 100.0}

    listed = client.get(f"{BASE}/webhooks").json()
    assert isinstance(listed, list) and listed[0]["successCount"] == 2 and listed[0]["lastSuccessAt"]
    assert "secret" not in listed[0]

    updated = client.put(
        f"{BASE}/webhooks/{hook['id']}",
        {"name": "Updated Name", "status": "inactive", "events": ["application.created", "application.hired"]},
        format="json",
    ).json()
    assert (updated["name"], updated["status"]) == ("Updated Name", "inactive")
    assert updated["events"] == ["application.created", "application.hired"]
    assert updated["url"] == hook["url"] and updated["retryAttempts"] == 3
    assert client.get(f"{BASE}/webhooks/{hook['id']}").json()["status"] == "inactive"
    assert client.delete(f"{BASE}/webhooks/{hook['id']}").status_code == 204


def test_a_failed_test_says_why_and_bad_webhooks_are_400(client, receiver, allow_loopback):
    from tests.integrations.conftest import Reply

    receiver.respond = lambda request: Reply(status=500, body=b"Internal Server Error")
    hook = client.post(f"{BASE}/webhooks", webhook_request(receiver), format="json").json()
    tested = client.post(f"{BASE}/webhooks/{hook['id']}/test").json()
    assert (tested["success"], tested["responseStatus"]) == (False, 500)
    assert client.get(f"{BASE}/webhooks/{hook['id']}/logs").json()[0]["error"] == "HTTP 500"
    bad = client.post(f"{BASE}/webhooks", {**webhook_request(receiver), "events": ["nope"]}, format="json")
    assert (bad.status_code, bad.json()["statusCode"]) == (400, 400)
    bad_trigger = client.post(f"{BASE}/webhooks/trigger", {"event": "nope", "payload": {}}, format="json")
    assert bad_trigger.json()["statusCode"] == 400
