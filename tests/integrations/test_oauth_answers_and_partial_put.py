"""Seed 004's OAuth details on the platform's API: the client's own `state` comes back, callback and
refresh say `success` / `message` (or `success: false`, `error`, `error_description`), and a PUT
that sends some fields leaves the others as they were."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from integrations.models import Integration, Webhook
from integrations.services.integrations import create_integration

BASE = "/api/v1/integrations"


def state_in(auth_url: str) -> str:
    return parse_qs(urlsplit(auth_url).query)["state"][0]


def callback(client, integration, **body):
    return client.post(f"{BASE}/{integration.pk}/oauth/callback", body, format="json")


def signed_state(client, integration, **query) -> str:
    return state_in(client.get(f"{BASE}/{integration.pk}/oauth/authorize", query).json()["auth_url"])


def test_the_clients_state_travels_inside_the_signed_state_and_comes_back(api_as, admin_a, calendar_a, oauth_server):
    client = api_as(admin_a)
    authorized = client.get(f"{BASE}/{calendar_a.pk}/oauth/authorize", {"state": "retour=/réglages&équipe=d'Arc"})
    assert authorized.status_code == 200
    signed = state_in(authorized.json()["auth_url"])
    assert signed != "retour=/réglages&équipe=d'Arc"

    response = client.post(
        f"{BASE}/{calendar_a.pk}/oauth/callback", {"code": "good-code", "state": signed}, format="json"
    )

    assert response.status_code == 200
    body = response.json()
    assert body["success"] is True
    assert body["message"] == "OAuth authentication successful"
    assert body["state"] == "retour=/réglages&équipe=d'Arc"
    assert body["status"] == "active"


def test_the_clients_own_state_alone_is_not_accepted_in_place_of_the_signed_one(
    api_as, admin_a, calendar_a, oauth_server
):
    client = api_as(admin_a)
    client.get(f"{BASE}/{calendar_a.pk}/oauth/authorize", {"state": "optional_state"})
    response = client.post(
        f"{BASE}/{calendar_a.pk}/oauth/callback", {"code": "good-code", "state": "optional_state"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "INVALID_STATE"
    assert oauth_server.token_requests() == []


def test_a_refused_code_says_success_false_with_the_providers_error(api_as, admin_a, calendar_a, oauth_server):
    client = api_as(admin_a)
    signed = state_in(client.get(f"{BASE}/{calendar_a.pk}/oauth/authorize").json()["auth_url"])
    response = client.post(
        f"{BASE}/{calendar_a.pk}/oauth/callback", {"code": "spent-code", "state": signed}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["success"] is False
    assert body["error"] == "invalid_grant"
    assert body["error_description"] == "The code has expired or was already used."
    assert body["code"] == "OAUTH_ERROR"


def test_a_denied_consent_relayed_to_the_callback_says_access_denied(api_as, admin_a, calendar_a, oauth_server):
    response = api_as(admin_a).post(
        f"{BASE}/{calendar_a.pk}/oauth/callback",
        {"error": "access_denied", "error_description": "User denied access"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["success"] is False
    assert (response.json()["error"], response.json()["error_description"]) == ("access_denied", "User denied access")
    assert oauth_server.token_requests() == []
    calendar_a.refresh_from_db()
    assert calendar_a.status == Integration.Status.PENDING


def test_a_callback_without_code_or_error_is_a_field_error(api_as, admin_a, calendar_a):
    response = api_as(admin_a).post(f"{BASE}/{calendar_a.pk}/oauth/callback", {"state": "x"}, format="json")
    assert response.status_code == 400
    assert "code" in response.json()["errors"]


def test_refresh_says_success_and_a_refusal_says_why(api_as, admin_a, calendar_a, oauth_server):
    client = api_as(admin_a)
    refused = client.post(f"{BASE}/{calendar_a.pk}/oauth/refresh")
    assert refused.status_code == 400
    assert refused.json()["success"] is False
    assert "refresh token" in refused.json()["error_description"]

    callback(client, calendar_a, code="good-code", state=signed_state(client, calendar_a))
    response = client.post(f"{BASE}/{calendar_a.pk}/oauth/refresh")
    assert response.status_code == 200
    assert (response.json()["success"], response.json()["message"]) == (True, "Token refreshed successfully")


def test_a_partial_put_of_an_integration_leaves_unsent_fields(api_as, org_a, admin_a):
    integration = create_integration(
        organization=org_a,
        created_by=admin_a,
        name="Careers site – Zürich",
        provider="http",
        auth_type="api_key",
        config={"health_url": "https://careers.example.com/health", "calendarId": "primary"},
        settings={"syncEnabled": True, "degraded_after_ms": 1500},
        credentials="site-key-1",
    )
    response = api_as(admin_a).put(
        f"{BASE}/{integration.pk}", {"name": "Updated Name", "status": "inactive"}, format="json"
    )
    assert response.status_code == 200
    integration.refresh_from_db()
    assert integration.name == "Updated Name"
    assert integration.status == "inactive"
    assert integration.provider == "http"
    assert integration.config["calendarId"] == "primary"
    assert integration.settings == {"syncEnabled": True, "degraded_after_ms": 1500}
    assert integration.access_token == "site-key-1"


def test_a_partial_put_of_a_webhook_leaves_unsent_fields(api_as, admin_a, webhook_a):
    webhook_a.headers = {"X-Custom-Header": "valeur-été"}
    webhook_a.timeout_ms = 30_000
    webhook_a.save()
    secret = webhook_a.secret
    response = api_as(admin_a).put(
        f"{BASE}/webhooks/{webhook_a.pk}",
        {"name": "Updated Name", "events": ["application.created", "application.hired"]},
        format="json",
    )
    assert response.status_code == 200
    webhook = Webhook.objects.get()
    assert webhook.name == "Updated Name"
    assert webhook.events == ["application.created", "application.hired"]
    assert (webhook.url, webhook.secret, webhook.timeout_ms) == (webhook_a.url, secret, 30_000)
    assert webhook.headers == {"X-Custom-Header": "valeur-été"}
