"""Each provider behind the one interface, against local endpoints: Slack's 200-with-error answers,
Microsoft's authorize parameters, and the registry."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

from integrations.providers import PROVIDERS, Provider, ProviderError, get_provider
from integrations.services.health import run_health_check
from integrations.services.integrations import create_integration
from integrations.services.oauth import complete_oauth, oauth_authorize_url
from recruiting.errors import DomainError
from tests.integrations.conftest import Receiver, Reply


@pytest.fixture
def slack_api(settings, allow_loopback):
    """A local stand-in for slack.com: errors come back as HTTP 200 with {"ok": false}."""
    server = Receiver()
    settings.INTEGRATION_PROVIDERS = {
        **settings.INTEGRATION_PROVIDERS,
        "slack": {
            "authorize_url": server.url("/oauth/v2/authorize"),
            "token_url": server.url("/api/oauth.v2.access"),
            "health_url": server.url("/api/auth.test"),
            "scopes": "chat:write",
            "client_id": "slack-client",
            "client_secret": "slack-secret",
        },
    }
    yield server
    server.stop()


@pytest.fixture
def slack_a(org_a):
    integration = create_integration(organization=org_a, name="Acme Slack", provider="slack", auth_type="oauth2")
    integration.access_token = "xoxb-1"
    integration.save()
    return integration


def test_every_provider_implements_the_interface():
    assert set(PROVIDERS) >= {"google_calendar", "microsoft_calendar", "slack", "http"}
    for key, provider in PROVIDERS.items():
        assert isinstance(provider, Provider)
        assert provider.key == key
        assert provider.describe()["provider"] == key
    with pytest.raises(ProviderError):
        get_provider("fax_machine")


def test_slack_health_reads_the_verdict_from_the_body(slack_a, slack_api):
    slack_api.respond = lambda request: Reply(body=json.dumps({"ok": True, "team": "Acme"}).encode())
    assert run_health_check(integration=slack_a).status == "healthy"
    slack_api.respond = lambda request: Reply(body=json.dumps({"ok": False, "error": "account_inactive"}).encode())
    check = run_health_check(integration=slack_a)
    assert check.status == "unhealthy"
    assert check.error == "Slack: account_inactive"
    assert slack_api.requests[-1].headers["Authorization"] == "Bearer xoxb-1"


def test_a_slack_token_error_answered_with_200_is_a_provider_error(admin_a, slack_a, slack_api):
    slack_api.respond = lambda request: Reply(body=json.dumps({"ok": False, "error": "invalid_code"}).encode())
    state = parse_qs(urlsplit(oauth_authorize_url(integration=slack_a, user=admin_a)).query)["state"][0]
    with pytest.raises(DomainError, match="invalid_code") as refused:
        complete_oauth(integration=slack_a, user=admin_a, code="nope", state=state)
    assert refused.value.code == "OAUTH_ERROR"


def test_microsoft_authorize_url_asks_for_offline_access(settings, org_a, admin_a):
    settings.INTEGRATION_PROVIDERS = {
        **settings.INTEGRATION_PROVIDERS,
        "microsoft_calendar": {**settings.INTEGRATION_PROVIDERS["microsoft_calendar"], "client_id": "ms-client"},
    }
    calendar = create_integration(organization=org_a, name="Outlook", provider="microsoft_calendar", auth_type="oauth2")
    url = urlsplit(oauth_authorize_url(integration=calendar, user=admin_a))
    query = parse_qs(url.query)
    assert url.netloc == "login.microsoftonline.com"
    assert "offline_access" in query["scope"][0]
    assert query["response_mode"] == ["query"]
    assert query["client_id"] == ["ms-client"]


def test_authorizing_without_a_client_id_is_a_clear_400(org_a, admin_a):
    calendar = create_integration(organization=org_a, name="Outlook", provider="microsoft_calendar", auth_type="oauth2")
    with pytest.raises(DomainError, match="No OAuth client id") as refused:
        oauth_authorize_url(integration=calendar, user=admin_a)
    assert refused.value.code == "PROVIDER_ERROR"


def test_generic_http_sends_its_api_key(org_a, receiver, allow_loopback):
    site = create_integration(
        organization=org_a,
        name="Careers site",
        provider="http",
        auth_type="api_key",
        config={"health_url": receiver.url("/status"), "api_key_header": "X-Api-Key"},
        credentials="site-key",
    )
    assert run_health_check(integration=site).status == "healthy"
    assert receiver.requests[0].headers["X-Api-Key"] == "site-key"
