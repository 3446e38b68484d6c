"""Admin pages over the partner API, integrations and webhooks, and the candidate import page."""

import pytest

from ats.models import ApiKey
from ats.services import api_keys, csv_import
from integrations.models import WebhookDelivery
from integrations.services.integrations import create_integration
from integrations.services.webhooks import create_webhook
from tests.integrations.conftest import Receiver, Reply


@pytest.fixture
def receiver(settings):
    # Loopback receivers stand in for partner endpoints; the SSRF guard allows them only in tests.
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    server = Receiver()
    yield server
    server.stop()


ADMIN_PAGES = ["/settings/api-keys/", "/settings/integrations/", "/settings/webhooks/"]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_platform_settings_are_for_admins_only(page_as, recruiter_a, admin_a, url):
    assert page_as(recruiter_a).get(url).status_code == 403
    assert page_as(admin_a).get(url).status_code == 200


# --- API keys ---------------------------------------------------------------------------------


def test_creating_an_api_key_shows_the_raw_key_exactly_once(page_as, admin_a, org_a):
    client = page_as(admin_a)
    response = client.post(
        "/settings/api-keys/", {"name": "Greenhouse sync", "scopes": ["candidates:read", "jobs:read"]}, follow=True
    )
    api_key = ApiKey.objects.for_org(org_a).get(name="Greenhouse sync")
    raw = response.context["new_key"]["raw"]
    assert api_key.matches(raw)
    assert api_key.scopes == ["candidates:read", "jobs:read"]
    assert raw in response.content.decode()
    assert raw not in client.get("/settings/api-keys/").content.decode()


def test_api_key_form_needs_a_name_and_a_scope(page_as, admin_a, org_a):
    response = page_as(admin_a).post("/settings/api-keys/", {"name": "", "scopes": []})
    assert set(response.context["form"].errors) == {"name", "scopes"}
    assert not ApiKey.objects.for_org(org_a).exists()


def test_revoking_and_rotating_api_keys(page_as, admin_a, org_a):
    client = page_as(admin_a)
    doomed, _ = api_keys.create_api_key(organization=org_a, name="Old", scopes=None, created_by=admin_a)
    rotating, old_raw = api_keys.create_api_key(organization=org_a, name="Lever", scopes=None, created_by=admin_a)
    client.post(f"/settings/api-keys/{doomed.pk}/revoke/")
    doomed.refresh_from_db()
    assert doomed.revoked_at is not None
    response = client.post(f"/settings/api-keys/{rotating.pk}/rotate/", follow=True)
    rotating.refresh_from_db()
    assert rotating.replaced_by is not None and rotating.expires_at is not None
    new_raw = response.context["new_key"]["raw"]
    assert new_raw != old_raw and rotating.replaced_by.matches(new_raw)


def test_another_organizations_api_key_is_404_and_untouched(page_as, admin_a, org_b, admin_b):
    key_b, _ = api_keys.create_api_key(organization=org_b, name="B", scopes=None, created_by=admin_b)
    assert page_as(admin_a).post(f"/settings/api-keys/{key_b.pk}/revoke/").status_code == 404
    key_b.refresh_from_db()
    assert key_b.revoked_at is None


def test_api_key_list_runs_fixed_queries(page_as, count_queries, admin_a, org_a):
    client = page_as(admin_a)
    api_keys.create_api_key(organization=org_a, name="k0", scopes=None, created_by=admin_a)
    few = count_queries(client, "/settings/api-keys/")
    for index in range(8):
        api_keys.create_api_key(organization=org_a, name=f"k{index + 1}", scopes=None, created_by=admin_a)
    assert count_queries(client, "/settings/api-keys/") == few


# --- Integrations -----------------------------------------------------------------------------


def _http_integration(org, url, name="Careers site"):
    return create_integration(organization=org, name=name, provider="http", config={"health_url": url})


def test_check_now_runs_a_real_health_check_and_shows_it(page_as, admin_a, org_a, receiver):
    integration = _http_integration(org_a, receiver.url("/health"))
    client = page_as(admin_a)
    response = client.post(f"/settings/integrations/{integration.pk}/check/", follow=True)
    assert "Careers site: Healthy." in response.content.decode()
    assert receiver.requests[-1].path == "/health"
    receiver.respond = lambda request: Reply(status=503)
    client.post(f"/settings/integrations/{integration.pk}/check/")
    page = client.get("/settings/integrations/")
    ((row_integration, health),) = page.context["rows"]
    assert health["status"] == "unhealthy"
    assert health["uptime_24h"] == 50.0


def test_integration_pages_are_scoped_to_the_organization(page_as, admin_a, org_b, receiver):
    other = _http_integration(org_b, receiver.url("/health"), name="Globex site")
    client = page_as(admin_a)
    assert "Globex site" not in client.get("/settings/integrations/").content.decode()
    assert client.post(f"/settings/integrations/{other.pk}/check/").status_code == 404
    assert receiver.requests == []


def test_oauth_connect_sends_the_admin_to_the_provider_and_back(page_as, admin_a, org_a, settings, receiver):
    import json

    settings.INTEGRATION_PROVIDERS = {
        **settings.INTEGRATION_PROVIDERS,
        "slack": {
            **settings.INTEGRATION_PROVIDERS["slack"],
            "authorize_url": receiver.url("/authorize"),
            "token_url": receiver.url("/token"),
            "client_id": "client-1",
            "client_secret": "secret-1",
        },
    }
    receiver.respond = lambda request: Reply(
        body=json.dumps({"ok": True, "access_token": "xoxb-1", "token_type": "bearer", "expires_in": 3600}).encode()
    )
    integration = create_integration(
        organization=org_a, name="Slack", provider="slack", auth_type="oauth2", status="pending"
    )
    client = page_as(admin_a)
    response = client.post(f"/settings/integrations/{integration.pk}/connect/")
    assert response.status_code == 302
    assert response["Location"].startswith(receiver.url("/authorize"))
    from urllib.parse import parse_qs, urlparse

    state = parse_qs(urlparse(response["Location"]).query)["state"][0]
    back = client.get("/integrations/oauth/callback", {"code": "the-code", "state": state}, follow=True)
    assert "Slack is connected." in back.content.decode()
    integration.refresh_from_db()
    assert integration.access_token == "xoxb-1"


def test_oauth_callback_with_a_forged_state_connects_nothing(page_as, admin_a, org_a):
    integration = create_integration(
        organization=org_a, name="Slack", provider="slack", auth_type="oauth2", status="pending"
    )
    response = page_as(admin_a).get("/integrations/oauth/callback", {"code": "x", "state": "forged"}, follow=True)
    assert "could not be completed" in response.content.decode()
    integration.refresh_from_db()
    assert integration.access_token == ""


# --- Webhooks ---------------------------------------------------------------------------------


def test_send_test_event_and_redeliver_reach_the_receiver(page_as, admin_a, org_a, receiver):
    webhook = create_webhook(
        organization=org_a, name="Slack relay", url=receiver.url("/hook"), events=["application.hired"]
    )
    client = page_as(admin_a)
    response = client.post(f"/settings/webhooks/{webhook.pk}/test/", follow=True)
    assert "Delivered: the endpoint answered 200." in response.content.decode()
    assert len(receiver.requests) == 1
    delivery = WebhookDelivery.objects.get(webhook=webhook)
    page = client.get(f"/settings/webhooks/{webhook.pk}/")
    assert page.context["stats"]["success"] == 1
    assert [d.pk for d in page.context["deliveries"]] == [delivery.pk]

    receiver.respond = lambda request: Reply(status=500)
    response = client.post(f"/settings/webhooks/{webhook.pk}/deliveries/{delivery.pk}/redeliver/", follow=True)
    assert len(receiver.requests) == 2
    delivery.refresh_from_db()
    assert delivery.attempt_count == 2
    assert "Redelivered webhook.test" in response.content.decode()


def test_webhook_list_shows_delivery_counts_in_fixed_queries(page_as, count_queries, admin_a, org_a, receiver):
    client = page_as(admin_a)
    create_webhook(organization=org_a, name="w0", url=receiver.url(), events=["job.created"])
    few = count_queries(client, "/settings/webhooks/")
    for index in range(6):
        create_webhook(organization=org_a, name=f"w{index + 1}", url=receiver.url(), events=["job.created"])
    assert count_queries(client, "/settings/webhooks/") == few


def test_another_organizations_webhook_is_404(page_as, admin_a, org_b, receiver):
    webhook = create_webhook(organization=org_b, name="B", url=receiver.url(), events=[])
    client = page_as(admin_a)
    assert client.get(f"/settings/webhooks/{webhook.pk}/").status_code == 404
    assert client.post(f"/settings/webhooks/{webhook.pk}/test/").status_code == 404
    assert receiver.requests == []


# --- Imports ----------------------------------------------------------------------------------


def test_import_page_is_for_recruiters_and_lists_recent_imports(page_as, recruiter_a, viewer_a, org_a):
    csv_import.start_candidate_import(
        organization=org_a,
        csv_bytes=b"first_name,last_name,email\nAda,Lovelace,ada@example.com\n",
        file_name="people.csv",
        created_by=recruiter_a,
        integration=None,
    )
    assert page_as(viewer_a).get("/imports/").status_code == 403
    page = page_as(recruiter_a).get("/imports/")
    assert page.status_code == 200
    assert [item.file_name for item in page.context["imports"]] == ["people.csv"]
    assert 'data-api="/api/v1/candidates/import"' in page.content.decode()


def test_api_key_scopes_read_in_words_with_the_code_partners_send(page_as, admin_a):
    from ats.models import ALL_SCOPES, SCOPE_LABELS

    assert set(SCOPE_LABELS) == set(ALL_SCOPES)
    client = page_as(admin_a)
    client.post("/settings/api-keys/", {"name": "Greenhouse sync", "scopes": ["candidates:read", "audit:read"]})
    text = client.get("/settings/api-keys/").content.decode()
    assert "Add and update candidates (candidates:write)" in text  # the form's choice
    assert '<span class="chip" title="audit:read">Read the audit log</span>' in text  # the key's row
    assert '<span class="chip">candidates:read</span>' not in text
