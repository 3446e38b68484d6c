"""Integrations and webhooks set up in the page: connect, disconnect, create, edit, rotate; admins only, per tenant."""

import json
from urllib.parse import parse_qs, urlparse

import pytest

from integrations.models import Integration, Webhook
from integrations.services.integrations import create_integration
from integrations.services.webhooks import create_webhook
from recruiting.models import AuditEntry
from tests.integrations.conftest import Receiver, Reply


@pytest.fixture
def receiver(settings):
    # Loopback receivers stand in for partner endpoints; the SSRF guard allows them only in tests.
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    server = Receiver()
    yield server
    server.stop()


@pytest.fixture
def slack_at(settings):
    """Point the Slack provider's OAuth endpoints at a receiver on 127.0.0.1."""

    def point(receiver, client_id="client-1"):
        settings.INTEGRATION_PROVIDERS = {
            **settings.INTEGRATION_PROVIDERS,
            "slack": {
                **settings.INTEGRATION_PROVIDERS["slack"],
                "authorize_url": receiver.url("/authorize"),
                "token_url": receiver.url("/token"),
                "client_id": client_id,
                "client_secret": "secret-1",
            },
        }

    return point


def _webhook(org, url="https://hooks.example.com/acme", name="Équipe d'embauche", events=("application.hired",)):
    return create_webhook(organization=org, name=name, url=url, events=list(events))


# --- Who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/settings/webhooks/new/", "/settings/integrations/"])
def test_new_settings_forms_are_for_admins_only(page_as, recruiter_a, viewer_a, admin_a, url):
    assert page_as(recruiter_a).get(url).status_code == 403
    assert page_as(viewer_a).get(url).status_code == 403
    assert page_as(admin_a).get(url).status_code == 200


def test_a_recruiter_cannot_connect_disconnect_create_edit_or_rotate(page_as, recruiter_a, org_a):
    integration = create_integration(
        organization=org_a, name="Statut", provider="http", config={"health_url": "https://x.example"}
    )
    webhook = _webhook(org_a)
    secret = webhook.secret
    client = page_as(recruiter_a)
    assert (
        client.post("/settings/integrations/", {"provider": "http", "health_url": "https://a.example"}).status_code
        == 403
    )
    assert client.post(f"/settings/integrations/{integration.pk}/disconnect/").status_code == 403
    assert (
        client.post("/settings/webhooks/new/", {"name": "x", "url": "https://a.example", "events": ["*"]}).status_code
        == 403
    )
    assert client.get(f"/settings/webhooks/{webhook.pk}/edit/").status_code == 403
    assert (
        client.post(
            f"/settings/webhooks/{webhook.pk}/edit/", {"name": "x", "url": "https://b.example", "events": ["*"]}
        ).status_code
        == 403
    )
    assert client.post(f"/settings/webhooks/{webhook.pk}/rotate-secret/").status_code == 403
    assert Integration.objects.for_org(org_a).count() == 1
    webhook.refresh_from_db()
    assert (Webhook.objects.for_org(org_a).count(), webhook.url, webhook.secret) == (
        1,
        "https://hooks.example.com/acme",
        secret,
    )


def test_another_organizations_integration_and_webhook_are_404_and_untouched(page_as, admin_a, org_b):
    integration = create_integration(
        organization=org_b, name="Globex", provider="http", config={"health_url": "https://g.example"}
    )
    webhook = _webhook(org_b, name="Globex relay")
    secret = webhook.secret
    client = page_as(admin_a)
    assert client.post(f"/settings/integrations/{integration.pk}/disconnect/").status_code == 404
    assert client.get(f"/settings/webhooks/{webhook.pk}/edit/").status_code == 404
    edit = {"name": "Mine now", "url": "https://evil.example", "events": ["*"]}
    assert client.post(f"/settings/webhooks/{webhook.pk}/edit/", edit).status_code == 404
    assert client.post(f"/settings/webhooks/{webhook.pk}/rotate-secret/").status_code == 404
    assert Integration.objects.filter(pk=integration.pk).exists()
    webhook.refresh_from_db()
    assert (webhook.name, webhook.url, webhook.secret) == ("Globex relay", "https://hooks.example.com/acme", secret)


# --- Integrations -------------------------------------------------------------------------------


def test_connecting_an_http_service_adds_it_with_its_key_encrypted(page_as, admin_a, org_a):
    response = page_as(admin_a).post(
        "/settings/integrations/",
        {
            "provider": "http",
            "name": "Page d'état de l'équipe",
            "health_url": "https://status.example.com/health",
            "api_key": "k-123",
        },
        follow=True,
    )
    integration = Integration.objects.for_org(org_a).get()
    assert integration.name == "Page d'état de l'équipe"
    assert integration.config == {"health_url": "https://status.example.com/health"}
    assert integration.auth_type == Integration.AuthType.API_KEY
    assert integration.access_token == "k-123" and "k-123" not in integration.access_token_encrypted
    assert "Page d&#x27;état de l&#x27;équipe is added." in response.content.decode()


@pytest.mark.parametrize(
    ("health_url", "message"),
    [("", "Enter the address to check"), ("ftp://files.example.com/", "Only http and https URLs")],
)
def test_an_http_service_needs_a_health_url_it_can_call(page_as, admin_a, org_a, health_url, message):
    response = page_as(admin_a).post("/settings/integrations/", {"provider": "http", "health_url": health_url})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["health_url"])
    assert not Integration.objects.for_org(org_a).exists()


def test_connecting_slack_sends_the_admin_to_the_provider_and_the_callback_finishes_it(
    page_as, admin_a, org_a, receiver, slack_at
):
    slack_at(receiver)
    receiver.respond = lambda request: Reply(
        body=json.dumps({"ok": True, "access_token": "xoxb-1", "token_type": "bearer", "expires_in": 3600}).encode()
    )
    client = page_as(admin_a)
    response = client.post("/settings/integrations/", {"provider": "slack", "name": ""})
    assert response.status_code == 302
    assert response["Location"].startswith(receiver.url("/authorize"))
    integration = Integration.objects.for_org(org_a).get()
    assert (integration.name, integration.status) == ("Slack", Integration.Status.PENDING)
    state = parse_qs(urlparse(response["Location"]).query)["state"][0]
    back = client.get("/integrations/oauth/callback", {"code": "the-code", "state": state}, follow=True)
    assert "Slack is connected." in back.content.decode()
    integration.refresh_from_db()
    assert (integration.status, integration.access_token) == (Integration.Status.ACTIVE, "xoxb-1")


def test_connecting_a_provider_without_an_oauth_client_adds_nothing(page_as, admin_a, org_a, receiver, slack_at):
    slack_at(receiver, client_id="")
    response = page_as(admin_a).post("/settings/integrations/", {"provider": "slack"})
    assert response.status_code == 200
    assert "No OAuth client id is configured for Slack." in response.content.decode()
    assert not Integration.objects.for_org(org_a).exists()


def test_an_unknown_provider_is_a_form_error(page_as, admin_a, org_a):
    response = page_as(admin_a).post("/settings/integrations/", {"provider": "myspace"})
    assert response.status_code == 200
    assert "provider" in response.context["form"].errors
    assert not Integration.objects.for_org(org_a).exists()


def test_disconnecting_deletes_the_integration_and_records_who(page_as, admin_a, org_a):
    integration = create_integration(
        organization=org_a, name="Agenda de Zoë", provider="google_calendar", auth_type="oauth2"
    )
    integration.access_token = "ya29.token"
    integration.save()
    response = page_as(admin_a).post(f"/settings/integrations/{integration.pk}/disconnect/", follow=True)
    assert not Integration.objects.filter(pk=integration.pk).exists()
    assert "Agenda de Zoë is disconnected" in response.content.decode()
    entry = AuditEntry.objects.get(action="integration.disconnected")
    assert (entry.actor_id, entry.target_id) == (admin_a.pk, str(integration.pk))


def test_disconnect_asks_for_confirmation_first_and_services_are_named_in_words(page_as, admin_a, org_a):
    create_integration(organization=org_a, name="Statut", provider="http", config={"health_url": "https://x.example"})
    create_integration(organization=org_a, name="Agenda", provider="google_calendar", auth_type="oauth2")
    page = page_as(admin_a).get("/settings/integrations/").content.decode()
    assert 'data-confirm="Disconnect Statut?' in page
    assert "HTTP service · Active" in page and "Google Calendar · Pending authorization" in page


# --- Webhooks -----------------------------------------------------------------------------------


def test_creating_a_webhook_with_events_in_words_shows_its_secret_once(page_as, admin_a, org_a):
    client = page_as(admin_a)
    form = client.get("/settings/webhooks/new/").content.decode()
    assert "A candidate is hired" in form and "application.hired" not in form.replace('value="application.hired"', "")
    response = client.post(
        "/settings/webhooks/new/",
        {
            "name": "Relais de l'équipe",
            "url": "https://hooks.example.com/équipe",
            "events": ["application.hired", "scorecard.submitted"],
        },
        follow=True,
    )
    webhook = Webhook.objects.for_org(org_a).get()
    assert (webhook.name, webhook.events) == ("Relais de l'équipe", ["application.hired", "scorecard.submitted"])
    page = response.content.decode()
    assert webhook.secret in page and "A scorecard is submitted" in page
    assert webhook.secret not in client.get(f"/settings/webhooks/{webhook.pk}/").content.decode()
    assert "A candidate is hired" in client.get("/settings/webhooks/").content.decode()


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://hooks.example.com/in", "Only http and https URLs can be called, not ftp."),
        ("/hooks/in", "Only http and https URLs can be called, not a relative URL"),
        ("http://127.0.0.1:8000/hook", "127.0.0.1 is a loopback address"),
        ("http://localhost/hook", "is a loopback address"),
        ("http://10.0.0.7/hook", "10.0.0.7 is a private address"),
        ("http://169.254.169.254/latest/meta-data", "cloud metadata address"),
        ("http://[::1/hook", "not a valid URL"),
    ],
)
def test_a_url_the_guard_refuses_is_a_form_error_not_a_webhook(page_as, admin_a, org_a, url, message):
    response = page_as(admin_a).post("/settings/webhooks/new/", {"name": "Relais", "url": url, "events": ["*"]})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["url"])
    assert not Webhook.objects.for_org(org_a).exists()


def test_an_address_typed_without_its_scheme_is_https_as_in_a_browser(page_as, admin_a, org_a):
    page_as(admin_a).post("/settings/webhooks/new/", {"name": "Relais", "url": "hooks.example.com/in", "events": ["*"]})
    page_as(admin_a).post("/settings/integrations/", {"provider": "http", "health_url": "status.example.com/health"})

    assert Webhook.objects.for_org(org_a).get().url == "https://hooks.example.com/in"
    assert Integration.objects.for_org(org_a).get().config == {"health_url": "https://status.example.com/health"}


def test_a_webhook_needs_a_name_and_an_event(page_as, admin_a, org_a):
    response = page_as(admin_a).post("/settings/webhooks/new/", {"name": "", "url": "https://hooks.example.com/"})
    assert set(response.context["form"].errors) == {"name", "events"}
    assert "Choose at least one event to send." in response.content.decode()
    assert not Webhook.objects.for_org(org_a).exists()


def test_editing_changes_url_and_events_and_keeps_events_the_boxes_do_not_offer(page_as, admin_a, org_a):
    webhook = _webhook(org_a, events=("application.hired", "application.submitted", "custom.offer_signed"))
    secret = webhook.secret
    client = page_as(admin_a)
    form = client.get(f"/settings/webhooks/{webhook.pk}/edit/")
    assert form.context["form"].initial["url"] == "https://hooks.example.com/acme"
    assert "Also subscribed through the API, and kept: A candidate joins a pipeline, custom.offer_signed." in (
        form.content.decode()
    )
    response = client.post(
        f"/settings/webhooks/{webhook.pk}/edit/",
        {"name": "Équipe d'embauche", "url": "https://hooks.example.com/v2", "events": ["interview.scheduled"]},
        follow=True,
    )
    webhook.refresh_from_db()
    assert webhook.url == "https://hooks.example.com/v2"
    assert webhook.events == ["interview.scheduled", "application.submitted", "custom.offer_signed"]
    assert webhook.secret == secret
    assert "Webhook “Équipe d&#x27;embauche” saved." in response.content.decode()


def test_editing_to_a_refused_url_changes_nothing(page_as, admin_a, org_a):
    webhook = _webhook(org_a)
    response = page_as(admin_a).post(
        f"/settings/webhooks/{webhook.pk}/edit/",
        {"name": "Renamed", "url": "http://192.168.1.20/hook", "events": ["job.created"]},
    )
    assert response.status_code == 200
    assert "192.168.1.20 is a private address" in " ".join(response.context["form"].errors["url"])
    webhook.refresh_from_db()
    assert (webhook.name, webhook.url, webhook.events) == (
        "Équipe d'embauche",
        "https://hooks.example.com/acme",
        ["application.hired"],
    )


def test_rotating_the_secret_shows_the_new_one_once_and_keeps_the_old_one_signing(page_as, admin_a, org_a):
    webhook = _webhook(org_a)
    old = webhook.secret
    client = page_as(admin_a)
    response = client.post(f"/settings/webhooks/{webhook.pk}/rotate-secret/", follow=True)
    webhook.refresh_from_db()
    assert webhook.secret != old and webhook.signing_secrets() == [webhook.secret, old]
    assert response.context["new_secret"] == webhook.secret
    assert webhook.secret in response.content.decode()
    again = client.get(f"/settings/webhooks/{webhook.pk}/").content.decode()
    assert webhook.secret not in again and old not in again


def test_webhook_detail_names_events_in_words(page_as, admin_a, org_a, receiver):
    webhook = _webhook(org_a, url=receiver.url("/hook"), events=("*",))
    client = page_as(admin_a)
    client.post(f"/settings/webhooks/{webhook.pk}/test/")
    page = client.get(f"/settings/webhooks/{webhook.pk}/").content.decode()
    assert "Every event" in page and "Test event" in page
