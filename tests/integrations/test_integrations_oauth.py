"""Integrations API: CRUD per organization, the OAuth code flow against a local provider, tokens at rest."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection

from integrations.models import Integration
from integrations.services.health import queue_due_health_checks
from integrations.services.integrations import create_integration
from recruiting.services import create_user

BASE = "/api/v1/integrations"


def authorize(client, integration) -> str:
    response = client.get(f"{BASE}/{integration.pk}/oauth/authorize")
    assert response.status_code == 200
    return parse_qs(urlsplit(response.json()["auth_url"]).query)["state"][0]


def stored_columns(integration) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT access_token_encrypted || refresh_token_encrypted FROM integrations_integration WHERE id = %s",
            [integration.pk.hex if connection.vendor == "sqlite" else str(integration.pk)],
        )
        return cursor.fetchone()[0]


def test_admin_creates_lists_updates_and_deletes_integrations(api_as, admin_a):
    client = api_as(admin_a)
    created = client.post(
        BASE,
        {
            "name": "Careers site",
            "provider": "http",
            "auth_type": "api_key",
            "config": {"health_url": "https://careers.example.com/health"},
            "settings": {"check_interval_seconds": 60},
            "credentials": "site-api-key-123",
        },
        format="json",
    )
    assert created.status_code == 201
    body = created.json()
    assert body["has_access_token"] is True
    assert body["check_interval_seconds"] == 60
    assert "site-api-key-123" not in str(body)
    assert Integration.objects.get().access_token == "site-api-key-123"

    assert [i["name"] for i in client.get(BASE).json()["results"]] == ["Careers site"]
    patched = client.patch(f"{BASE}/{body['id']}", {"status": "inactive"}, format="json")
    assert patched.json()["status"] == "inactive"
    assert client.delete(f"{BASE}/{body['id']}/").status_code == 204
    assert not Integration.objects.exists()


@pytest.mark.parametrize("health_url", [5, ["https://status.example.com"], "ftp://status.example.com/"])
def test_a_health_url_that_cannot_be_called_is_a_400_when_added_or_changed(api_as, admin_a, health_url):
    # Before, a number was stored and the next health check was a 500.
    client = api_as(admin_a)
    added = client.post(
        BASE, {"name": "Statuspage", "provider": "http", "config": {"health_url": health_url}}, format="json"
    )
    assert added.status_code == 400
    assert "health_url" in added.json()["errors"]
    created = client.post(BASE, {"name": "Statuspage", "provider": "http"}, format="json").json()
    changed = client.patch(f"{BASE}/{created['id']}", {"config": {"health_url": health_url}}, format="json")
    assert changed.status_code == 400
    assert Integration.objects.get(pk=created["id"]).config == {}


def test_an_auth_type_the_provider_does_not_support_is_400(api_as, admin_a):
    response = api_as(admin_a).post(BASE, {"name": "Slack", "provider": "slack", "auth_type": "basic"}, format="json")
    assert response.status_code == 400
    assert "auth_type" in response.json()["errors"]
    assert not Integration.objects.exists()


def test_provider_endpoint_describes_it_and_lists_our_integrations(api_as, admin_a, calendar_a):
    body = api_as(admin_a).get(f"{BASE}/provider/google_calendar").json()
    assert body["provider"] == "google_calendar"
    assert body["oauth"] is True
    assert [i["id"] for i in body["integrations"]] == [str(calendar_a.pk)]
    assert api_as(admin_a).get(f"{BASE}/provider/fax_machine").status_code == 404


def test_oauth_authorize_points_at_the_provider_with_a_signed_state(api_as, admin_a, calendar_a, oauth_server):
    response = api_as(admin_a).get(f"{BASE}/{calendar_a.pk}/oauth/authorize")
    url = urlsplit(response.json()["auth_url"])
    query = parse_qs(url.query)
    assert f"{url.scheme}://{url.netloc}{url.path}" == oauth_server.url("/authorize")
    assert query["client_id"] == ["acme-client"]
    assert query["response_type"] == ["code"]
    assert query["access_type"] == ["offline"]
    assert query["state"][0]


def test_oauth_callback_exchanges_the_code_and_keeps_tokens_encrypted(api_as, admin_a, calendar_a, oauth_server):
    client = api_as(admin_a)
    state = authorize(client, calendar_a)
    response = client.post(
        f"{BASE}/{calendar_a.pk}/oauth/callback", {"code": "good-code", "state": state}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "active"
    assert body["has_access_token"] is True
    assert body["has_refresh_token"] is True
    assert "access-1" not in str(body) and "refresh-1" not in str(body)
    assert "access-1" not in str(client.get(f"{BASE}/{calendar_a.pk}").json())

    calendar_a.refresh_from_db()
    assert (calendar_a.access_token, calendar_a.refresh_token) == ("access-1", "refresh-1")
    at_rest = stored_columns(calendar_a)
    assert at_rest and "access-1" not in at_rest and "refresh-1" not in at_rest
    [token_request] = oauth_server.token_requests()
    assert "code=good-code" in token_request.body.decode()


def test_a_provider_error_is_a_400_with_the_providers_reason(api_as, admin_a, calendar_a, oauth_server):
    client = api_as(admin_a)
    state = authorize(client, calendar_a)
    response = client.post(f"{BASE}/{calendar_a.pk}/oauth/callback", {"code": "stale", "state": state}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "OAUTH_ERROR"
    assert "invalid_grant: The code has expired or was already used." in response.json()["detail"]
    calendar_a.refresh_from_db()
    assert calendar_a.access_token_encrypted == ""
    assert calendar_a.status == Integration.Status.PENDING


def test_a_tampered_state_is_refused_before_calling_the_provider(api_as, admin_a, calendar_a, oauth_server):
    client = api_as(admin_a)
    state = authorize(client, calendar_a)
    response = client.post(
        f"{BASE}/{calendar_a.pk}/oauth/callback", {"code": "good-code", "state": state[:-2] + "xx"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "INVALID_STATE"
    assert oauth_server.token_requests() == []


def test_a_state_for_another_integration_or_user_is_refused(api_as, org_a, admin_a, calendar_a, oauth_server):
    client = api_as(admin_a)
    other = create_integration(organization=org_a, name="Second", provider="google_calendar", auth_type="oauth2")
    state = authorize(client, other)
    response = client.post(
        f"{BASE}/{calendar_a.pk}/oauth/callback", {"code": "good-code", "state": state}, format="json"
    )
    assert response.json()["code"] == "INVALID_STATE"

    second_admin = create_user(organization=org_a, email="admin2@acme.test", password="pw-123456789", role="admin")
    state = authorize(client, calendar_a)
    response = api_as(second_admin).post(
        f"{BASE}/{calendar_a.pk}/oauth/callback", {"code": "good-code", "state": state}, format="json"
    )
    assert response.json()["code"] == "INVALID_STATE"
    assert oauth_server.token_requests() == []


def test_an_expired_state_is_refused(settings, api_as, admin_a, calendar_a, oauth_server):
    client = api_as(admin_a)
    state = authorize(client, calendar_a)
    # Drive the clock instead of waiting: every state is older than a negative maximum age.
    settings.INTEGRATIONS_OAUTH_STATE_MAX_AGE = -1
    response = client.post(
        f"{BASE}/{calendar_a.pk}/oauth/callback", {"code": "good-code", "state": state}, format="json"
    )
    assert response.status_code == 400
    assert "expired" in response.json()["detail"]


def test_refresh_gets_a_new_access_token(api_as, admin_a, calendar_a, oauth_server):
    client = api_as(admin_a)
    client.post(
        f"{BASE}/{calendar_a.pk}/oauth/callback",
        {"code": "good-code", "state": authorize(client, calendar_a)},
        format="json",
    )
    response = client.post(f"{BASE}/{calendar_a.pk}/oauth/refresh")
    assert response.status_code == 200
    calendar_a.refresh_from_db()
    assert calendar_a.access_token == "access-2"
    assert calendar_a.refresh_token == "refresh-1"


def test_refresh_without_a_refresh_token_is_400(api_as, admin_a, calendar_a, oauth_server):
    response = api_as(admin_a).post(f"{BASE}/{calendar_a.pk}/oauth/refresh")
    assert response.status_code == 400
    assert response.json()["code"] == "OAUTH_ERROR"


def test_recruiters_cannot_see_integrations(api_as, recruiter_a, calendar_a):
    assert api_as(recruiter_a).get(BASE).status_code == 403
    assert api_as(recruiter_a).get(f"{BASE}/{calendar_a.pk}/health").status_code == 403


def test_another_organization_never_sees_or_touches_our_integrations(api_as, admin_b, calendar_a, oauth_server):
    client = api_as(admin_b)
    assert client.get(BASE).json()["results"] == []
    assert client.get(f"{BASE}/provider/google_calendar").json()["integrations"] == []
    for method, path in [
        ("get", f"{BASE}/{calendar_a.pk}"),
        ("patch", f"{BASE}/{calendar_a.pk}"),
        ("delete", f"{BASE}/{calendar_a.pk}"),
        ("get", f"{BASE}/{calendar_a.pk}/oauth/authorize"),
        ("post", f"{BASE}/{calendar_a.pk}/oauth/callback"),
        ("post", f"{BASE}/{calendar_a.pk}/oauth/refresh"),
        ("get", f"{BASE}/{calendar_a.pk}/health"),
        ("post", f"{BASE}/{calendar_a.pk}/health/check"),
    ]:
        response = getattr(client, method)(path, {"name": "stolen", "code": "c", "state": "s"}, format="json")
        assert response.status_code == 404, path
    calendar_a.refresh_from_db()
    assert calendar_a.name == "Acme Google Calendar"
    assert calendar_a.last_check_at is None
    assert oauth_server.requests == []


def test_a_new_oauth_integration_is_pending_until_the_code_exchange_succeeds(api_as, admin_a, oauth_server):
    client = api_as(admin_a)
    created = client.post(
        BASE, {"name": "Zoë's Google Calendar", "provider": "google_calendar", "auth_type": "oauth2"}, format="json"
    )
    assert created.status_code == 201
    assert created.json()["status"] == "pending"
    integration = Integration.objects.get(pk=created.json()["id"])
    assert queue_due_health_checks() == 0

    state = authorize(client, integration)
    exchanged = client.post(
        f"{BASE}/{integration.pk}/oauth/callback", {"code": "good-code", "state": state}, format="json"
    )
    assert exchanged.json()["status"] == "active"


def test_an_oauth_integration_cannot_be_made_active_before_it_is_authorized(api_as, admin_a, oauth_server):
    client = api_as(admin_a)
    created = client.post(
        BASE,
        {"name": "Slack", "provider": "slack", "auth_type": "oauth2", "status": "active"},
        format="json",
    )
    assert created.json()["status"] == "pending"

    patched = client.patch(f"{BASE}/{created.json()['id']}", {"status": "active"}, format="json")
    assert patched.json()["status"] == "pending"
