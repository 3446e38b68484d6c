"""Connecting an OAuth integration from the dashboard: a refusal is a flash message, never a 500."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.test import Client

from integrations.models import Integration
from integrations.services.integrations import create_integration
from integrations.services.oauth import integration_id_in_state, oauth_authorize_url
from recruiting.errors import DomainError


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def flashes(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def state_from(auth_url: str) -> str:
    return parse_qs(urlsplit(auth_url).query)["state"][0]


def test_the_state_names_the_integration_it_was_issued_for(admin_a, calendar_a, oauth_server):
    state = state_from(oauth_authorize_url(integration=calendar_a, user=admin_a))
    assert integration_id_in_state(state=state) == str(calendar_a.pk)


@pytest.mark.parametrize("state", ["", "forged", "eyJpbnRlZ3JhdGlvbiI6IDF9:tampered"])
def test_a_state_that_is_not_ours_is_an_invalid_state(state):
    with pytest.raises(DomainError) as refused:
        integration_id_in_state(state=state)
    assert refused.value.code == "INVALID_STATE"


def test_connecting_without_a_client_id_explains_why_in_a_flash_message(admin_a, org_a):
    outlook = create_integration(
        organization=org_a, name="Outlook de José Álvarez", provider="microsoft_calendar", auth_type="oauth2"
    )
    response = signed_in(admin_a).post(f"/settings/integrations/{outlook.pk}/connect/")
    assert response.status_code == 302
    assert response["Location"] == "/settings/integrations/"
    [message] = flashes(response)
    assert message.startswith("Outlook de José Álvarez: No OAuth client id")
    outlook.refresh_from_db()
    assert outlook.status == Integration.Status.PENDING


def test_a_code_the_provider_refuses_leaves_the_integration_pending_and_says_why(admin_a, calendar_a, oauth_server):
    client = signed_in(admin_a)
    consent = client.post(f"/settings/integrations/{calendar_a.pk}/connect/")
    response = client.get("/integrations/oauth/callback", {"code": "stale", "state": state_from(consent["Location"])})
    assert response.status_code == 302
    assert response["Location"] == "/settings/integrations/"
    [message] = flashes(response)
    assert message.startswith("Acme Google Calendar: the connection could not be completed.")
    assert "invalid_grant" in message
    calendar_a.refresh_from_db()
    assert calendar_a.status == Integration.Status.PENDING
    assert calendar_a.access_token_encrypted == ""


def test_another_organizations_admin_cannot_finish_our_connection(admin_a, admin_b, calendar_a, oauth_server):
    state = state_from(oauth_authorize_url(integration=calendar_a, user=admin_a))
    response = signed_in(admin_b).get("/integrations/oauth/callback", {"code": "good-code", "state": state})
    assert response.status_code == 302
    assert flashes(response) == ["The connection could not be completed: the link is not valid. Start again."]
    assert oauth_server.token_requests() == []
    calendar_a.refresh_from_db()
    assert calendar_a.status == Integration.Status.PENDING
    assert calendar_a.access_token_encrypted == ""
