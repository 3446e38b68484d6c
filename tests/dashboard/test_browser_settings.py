"""An admin's settings in real headless Chromium: integrations, webhooks, pipeline stages and rejection reasons,
each done in the page, fitting a laptop and a tablet, with no console error or failed request."""

import json
import re
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.sync_api import expect

from integrations.models import Integration, Webhook, WebhookDelivery
from recruiting import services
from recruiting.models import Application, PipelineStage, RejectionReason, User
from tests.conftest import PASSWORD
from tests.factories import CandidateFactory, JobFactory
from tests.integrations.conftest import Receiver, Reply

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def admin(transactional_db):
    organization = services.create_organization(name="Société Générale de Recrutement")
    return services.create_user(
        organization=organization,
        email="zoe@sgr.test",
        password=PASSWORD,
        role=User.Role.ADMIN,
        first_name="Zoë",
        last_name="D'Arcy",
    )


@pytest.fixture
def receiver(settings):
    # A partner endpoint and an OAuth provider on 127.0.0.1; the SSRF guard allows loopback only in tests.
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    server = Receiver()
    yield server
    server.stop()


def sign_in(page, user, next_url):
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(re.escape(next_url) + "$"))


def flash(page, text):
    expect(page.locator(".flash", has_text=text)).to_be_visible()


def assert_fits(page, width):
    """Nothing scrolls sideways at this width: not the page, not any table."""
    page.set_viewport_size({"width": width, "height": 900})
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0, width
    overflowing = page.evaluate(
        "Array.from(document.querySelectorAll('.table-wrap, .settings-list, .card'))"
        ".filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.className)"
    )
    assert overflowing == [], (width, overflowing)


def current_nav_item(page):
    return page.locator('#sidebar [aria-current="page"]')


# --- Integrations -------------------------------------------------------------------------------


def test_admin_connects_slack_through_its_consent_page_checks_it_and_disconnects_it(
    browser_page, admin, receiver, live_server, settings
):
    settings.INTEGRATION_PROVIDERS = {
        **settings.INTEGRATION_PROVIDERS,
        "slack": {
            **settings.INTEGRATION_PROVIDERS["slack"],
            "authorize_url": receiver.url("/authorize"),
            "token_url": receiver.url("/token"),
            "health_url": receiver.url("/auth.test"),
            "client_id": "client-1",
            "client_secret": "secret-1",
        },
    }

    def provider(request):
        if request.path.startswith("/authorize"):
            # The consent screen: the user agrees and the provider sends the browser back with a code.
            state = parse_qs(urlparse(request.path).query)["state"][0]
            back = f"{live_server.url}/integrations/oauth/callback?code=the-code&state={state}"
            return Reply(status=302, body=b"", headers={"Location": back})
        if request.path == "/token":
            return Reply(body=json.dumps({"ok": True, "access_token": "xoxb-1", "expires_in": 3600}).encode())
        return Reply(body=b'{"ok": true}')

    receiver.respond = provider
    page = browser_page
    sign_in(page, admin, "/settings/integrations/")
    expect(current_nav_item(page)).to_have_text(re.compile("Integrations$"))

    page.get_by_role("combobox", name=re.compile("^Service")).select_option(label="HTTP service")
    expect(page.get_by_label("Health URL")).to_be_visible()
    page.get_by_role("combobox", name=re.compile("^Service")).select_option(label="Slack")
    expect(page.get_by_label("Health URL")).to_be_hidden()
    expect(page.get_by_label("API key")).to_be_hidden()
    page.get_by_label("Name").fill("Canal #recrutement d'Acme")
    page.get_by_role("button", name="Connect", exact=True).click()
    flash(page, "Canal #recrutement d'Acme is connected.")
    integration = Integration.objects.get(name="Canal #recrutement d'Acme")
    assert (integration.status, integration.access_token) == (Integration.Status.ACTIVE, "xoxb-1")
    assert [request.path.split("?")[0] for request in receiver.requests] == ["/authorize", "/token"]

    page.get_by_role("button", name="Check Canal #recrutement d'Acme now").click()
    flash(page, "Canal #recrutement d'Acme: Healthy.")
    row = page.locator("tr", has_text="Canal #recrutement d'Acme")
    expect(row).to_contain_text("24 h: 100.0%")
    assert_fits(page, 1366)
    assert_fits(page, 768)
    page.set_viewport_size({"width": 1366, "height": 900})

    # Disconnecting asks first; saying no keeps it.
    page.once("dialog", lambda dialog: dialog.dismiss())
    row.get_by_role("button", name="Disconnect Canal #recrutement d'Acme").click()
    expect(row).to_be_visible()
    assert Integration.objects.filter(pk=integration.pk).exists()
    messages = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.accept()))
    row.get_by_role("button", name="Disconnect Canal #recrutement d'Acme").click()
    flash(page, "Canal #recrutement d'Acme is disconnected")
    assert messages == ["Disconnect Canal #recrutement d'Acme? Its stored tokens and health history are deleted."]
    expect(page.get_by_text("No integrations yet")).to_be_visible()
    assert not Integration.objects.filter(pk=integration.pk).exists()


def test_an_http_service_without_a_health_url_is_pointed_out(browser_page, admin):
    page = browser_page
    sign_in(page, admin, "/settings/integrations/")
    page.get_by_role("combobox", name=re.compile("^Service")).select_option(label="HTTP service")
    page.get_by_role("button", name="Connect", exact=True).click()
    expect(page.locator("#id_health_url_error")).to_have_text("Enter the address to check for an HTTP service.")
    page.get_by_label("Health URL").fill("ftp://status.example.com/")
    page.get_by_role("button", name="Connect", exact=True).click()
    expect(page.locator("#id_health_url_error")).to_contain_text("Only http and https URLs can be called")
    assert not Integration.objects.exists()


# --- Webhooks -----------------------------------------------------------------------------------


def test_admin_creates_edits_tests_rotates_and_redelivers_a_webhook(browser_page, admin, receiver):
    page = browser_page
    sign_in(page, admin, "/settings/webhooks/")
    page.get_by_role("link", name="New webhook").click()
    expect(current_nav_item(page)).to_have_text(re.compile("Webhooks$"))

    # A URL the guard refuses is pointed out on the form, not a server error.
    page.get_by_label("Name").fill("Relais de l'équipe")
    page.get_by_label("Endpoint URL").fill("ftp://hooks.example.com/in")
    page.get_by_label("A candidate is hired").check()
    page.get_by_label("A scorecard is submitted").check()
    page.get_by_role("button", name="Create webhook").click()
    expect(page.locator("#id_url_error")).to_have_text("Only http and https URLs can be called, not ftp.")
    assert not Webhook.objects.exists()

    page.get_by_label("Endpoint URL").fill(receiver.url("/hook"))
    page.get_by_role("button", name="Create webhook").click()
    flash(page, "Webhook “Relais de l'équipe” created.")
    webhook = Webhook.objects.get()
    assert webhook.events == ["application.hired", "scorecard.submitted"]
    expect(page.locator("[data-new-webhook-secret]")).to_have_text(webhook.secret)
    expect(page.get_by_label("Events")).to_contain_text("A candidate is hired")
    page.reload()
    expect(page.locator("[data-new-webhook-secret]")).to_have_count(0)
    assert webhook.secret not in page.content()

    # Edit: another URL, other events.
    page.get_by_role("link", name="Edit").click()
    expect(page.get_by_label("Endpoint URL")).to_have_value(receiver.url("/hook"))
    page.get_by_label("Endpoint URL").fill(receiver.url("/v2/hook"))
    page.get_by_label("A candidate is hired").uncheck()
    page.get_by_label("An interview is scheduled").check()
    page.get_by_role("button", name="Save webhook").click()
    flash(page, "Webhook “Relais de l'équipe” saved.")
    webhook.refresh_from_db()
    assert (webhook.url, webhook.events) == (receiver.url("/v2/hook"), ["interview.scheduled", "scorecard.submitted"])

    page.get_by_role("button", name="Send test event").click()
    flash(page, "Delivered: the endpoint answered 200.")
    assert receiver.requests[-1].path == "/v2/hook"

    # Rotate: the new secret shows once; the old one keeps signing for the window.
    old = webhook.secret
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Rotate secret").click()
    flash(page, "The secret is rotated.")
    webhook.refresh_from_db()
    assert webhook.secret != old and webhook.signing_secrets() == [webhook.secret, old]
    expect(page.locator("[data-new-webhook-secret]")).to_have_text(webhook.secret)

    receiver.respond = lambda request: Reply(status=500)
    page.get_by_role("button", name="Redeliver").click()
    flash(page, "Redelivered webhook.test")
    assert WebhookDelivery.objects.get(webhook=webhook).attempt_count == 2
    expect(page.locator("[data-new-webhook-secret]")).to_have_count(0)
    assert_fits(page, 1366)
    assert_fits(page, 768)
    page.goto("/settings/webhooks/")
    expect(page.locator("tr", has_text="Relais de l'équipe")).to_contain_text("An interview is scheduled")
    assert_fits(page, 768)


def test_a_loopback_url_is_refused_by_the_guard_on_the_form(browser_page, admin, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = False
    page = browser_page
    sign_in(page, admin, "/settings/webhooks/new/")
    page.get_by_label("Name").fill("Interne")
    page.get_by_label("Endpoint URL").fill("http://127.0.0.1:9000/hook")
    page.get_by_role("button", name="Create webhook").click()
    expect(page.locator("#id_events_error")).to_have_text("Choose at least one event to send.")
    page.get_by_label("Every event").check()
    page.get_by_role("button", name="Create webhook").click()
    expect(page.locator("#id_url_error")).to_contain_text("127.0.0.1 is a loopback address")
    assert not Webhook.objects.exists()


# --- Pipeline stages and rejection reasons ------------------------------------------------------


def stage_order(organization):
    return list(
        PipelineStage.objects.for_org(organization).filter(archived_at__isnull=True).values_list("name", flat=True)
    )


def test_admin_adds_renames_reorders_and_archives_stages_and_the_board_follows(browser_page, admin):
    organization = admin.organization
    job = JobFactory(organization=organization, title="Ingénieure plateforme – Montréal")
    interviewing = services.create_application(
        job=job, candidate=CandidateFactory(organization=organization, first_name="Siobhán", last_name="O'Neill")
    )
    services.move_application_to_stage(
        application=interviewing, stage=PipelineStage.objects.for_org(organization).get(key="interview")
    )
    screening = services.create_application(
        job=job, candidate=CandidateFactory(organization=organization, first_name="Zoë", last_name="Çelik")
    )
    services.move_application_to_stage(
        application=screening, stage=PipelineStage.objects.for_org(organization).get(key="screening")
    )
    page = browser_page
    sign_in(page, admin, "/settings/pipeline/")
    expect(current_nav_item(page)).to_have_text(re.compile("Pipeline stages$"))

    page.get_by_role("button", name="Add stage").click()
    expect(page.locator("#id_name_error")).to_have_text("Give the stage a name.")
    page.get_by_label("Stage name").fill("Entretien d'équipe")
    page.get_by_role("button", name="Add stage").click()
    flash(page, "Stage “Entretien d'équipe” added before the final stages.")

    page.get_by_label("Name of the stage “Screening”").fill("Appel de présélection")
    page.get_by_role("button", name="Rename Screening").click()
    flash(page, "“Screening” is now called “Appel de présélection”.")

    page.get_by_role("button", name="Move Entretien d'équipe up").click()
    flash(page, "“Entretien d'équipe” moved up.")
    expect(page.get_by_role("button", name="Move Applied up")).to_be_disabled()
    assert stage_order(organization) == [
        "Applied", "Appel de présélection", "Interview", "Entretien d'équipe", "Offer", "Hired", "Rejected",
    ]  # fmt: skip

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Archive Interview").click()
    flash(page, "“Interview” is archived")
    expect(page.get_by_role("list", name="Archived stages")).to_contain_text("Interview")
    expect(page.get_by_role("button", name="Archive Hired")).to_have_count(0)
    assert_fits(page, 1366)
    assert_fits(page, 768)
    page.set_viewport_size({"width": 1280, "height": 900})

    # The board keeps Siobhán in the archived column, offers it for no move, and Alt+→ skips it.
    page.goto(f"/jobs/{job.pk}/")
    columns = page.locator(".column-head > span[id^=col-]")
    expect(columns).to_have_text(
        [
            "Applied",
            "Appel de présélection",
            re.compile("^Interview"),
            "Entretien d'équipe",
            "Offer",
            "Hired",
            "Rejected",
        ]
    )
    expect(page.locator('.column[data-stage="interview"]')).to_contain_text("Siobhán O'Neill")
    zoe = page.locator(f"#app-{screening.pk}")
    expect(zoe.locator("option", has_text="Interview")).to_have_count(0)
    page.wait_for_load_state()  # the deferred scripts that handle keys have run
    zoe.focus()
    page.keyboard.press("Alt+ArrowRight")
    expect(page.locator("#board-status")).to_have_text("Zoë Çelik moved to Entretien d'équipe.")
    assert Application.objects.get(pk=screening.pk).stage.name == "Entretien d'équipe"
    siobhan = page.locator(f"#app-{interviewing.pk}")
    siobhan.get_by_label("Move Siobhán O'Neill to").select_option(label="Offer")
    siobhan.get_by_role("button", name="Move").click()
    expect(page.locator("#board-status")).to_have_text("Siobhán O'Neill moved to Offer.")
    assert Application.objects.get(pk=interviewing.pk).stage.key == "offer"


def test_admin_adds_rewords_and_archives_rejection_reasons_and_the_reject_dialog_follows(browser_page, admin):
    organization = admin.organization
    job = JobFactory(organization=organization, title="Chargée de recrutement")
    application = services.create_application(
        job=job, candidate=CandidateFactory(organization=organization, first_name="Aoife", last_name="O'Brien")
    )
    page = browser_page
    sign_in(page, admin, "/settings/rejection-reasons/")
    expect(current_nav_item(page)).to_have_text(re.compile("Rejection reasons$"))

    page.get_by_label("Reason", exact=True).fill("Pas de permis de travail à Montréal")
    page.get_by_role("button", name="Add reason").click()
    flash(page, "Reason “Pas de permis de travail à Montréal” added.")
    page.get_by_label("Wording of “Pas de permis de travail à Montréal”").fill("Permis de travail manquant")
    page.get_by_role("button", name="Save the wording of Pas de permis de travail à Montréal").click()
    flash(page, "now reads “Permis de travail manquant”.")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Archive Salary expectations don't match").click()
    flash(page, "“Salary expectations don't match” is archived")
    expect(page.get_by_role("list", name="Archived rejection reasons")).to_contain_text("Salary expectations")
    assert_fits(page, 1366)
    assert_fits(page, 768)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"/jobs/{job.pk}/")
    card = page.locator(f"#app-{application.pk}")
    options = page.locator("#reject-reason option")
    card.get_by_label("Move Aoife O'Brien to").select_option(label="Rejected")
    card.get_by_role("button", name="Move").click()
    dialog = page.locator("#reject-dialog")
    expect(dialog).to_be_visible()
    expect(options).to_contain_text(["Permis de travail manquant"])
    expect(options.filter(has_text="Salary expectations")).to_have_count(0)
    page.locator("#reject-reason").select_option(label="Permis de travail manquant")
    dialog.get_by_role("button", name="Reject", exact=True).click()
    expect(page.locator("#board-status")).to_have_text("Aoife O'Brien moved to Rejected.")
    rejected = Application.objects.select_related("rejection_reason").get(pk=application.pk)
    assert rejected.rejection_reason.label == "Permis de travail manquant"
    assert RejectionReason.objects.for_org(organization).get(code="salary").archived_at is not None
