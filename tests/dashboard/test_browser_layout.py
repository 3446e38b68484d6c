"""Every page at a laptop's 1366 px and a tablet's 768 px in real Chromium: nothing scrolls sideways
(not the page, not a table, not a card, not the board), and exactly one sidebar item is highlighted."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ats.services import api_keys
from integrations.models import Integration
from integrations.services.notifications import notify_user
from integrations.services.webhooks import create_webhook
from recruiting import candidate_emails, services, tags
from recruiting.demo import seed_demo
from recruiting.models import Application, Candidate, Interview
from tests.conftest import PASSWORD
from tests.dashboard.conftest import watched_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1366, 768)
# Containers that must never be wider than their box; a .table-wrap scrolls, so a table too wide for
# the screen would hide its last columns (the API keys' Rotate and Revoke) behind a scrollbar.
CONTAINERS = ".table-wrap, .card, .board, .column, .app-card, .settings-list, .kpis, .grid, main"
OVERFLOWING = f"""() => Array.from(document.querySelectorAll({CONTAINERS!r}))
    .filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1)
    .map(e => (e.id ? '#' + e.id : '') + '.' + e.className + ' ' + e.scrollWidth + '>' + e.clientWidth +
        (e.querySelector('h2') ? ' (' + e.querySelector('h2').textContent.trim() + ')' : ''))"""
# A select narrower than its chosen option shows it cut ("Appli" for "Application review").
CUT_SELECTS = """() => Array.from(document.querySelectorAll('select')).filter(s => s.offsetParent !== null)
    .filter(s => {
        const probe = document.createElement('span');
        const style = getComputedStyle(s);
        probe.style.cssText = 'position:absolute;visibility:hidden;white-space:pre;font:' + style.font;
        probe.textContent = s.options[s.selectedIndex] ? s.options[s.selectedIndex].text : '';
        document.body.appendChild(probe);
        const needed = probe.getBoundingClientRect().width;
        probe.remove();
        // The text box is the select's width less its padding and the arrow (about 20 px).
        const room = s.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
        return needed > room + 1;
    }).map(s => (s.id || s.name) + ': ' + (s.options[s.selectedIndex] || {}).text)"""

# The sidebar's highlighted items, by their words (without the icon).
HIGHLIGHTED = """() => Array.from(document.querySelectorAll('#sidebar [aria-current="page"]')).map(a =>
    Array.from(a.childNodes).filter(n => !(n.classList && n.classList.contains('nav-icon')))
        .map(n => n.textContent).join('').trim())"""


@pytest.fixture
def demo(transactional_db, settings):
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    seeded = seed_demo(
        org_name="Société d'Études & Recrutement", admin_email="alex@demo.test", password=PASSWORD, candidates=40
    )
    org, admin = seeded.organization, seeded.admin
    # A zone with a long name: the interview list names it above its times.
    admin.time_zone = "America/Argentina/Buenos_Aires"
    admin.save()
    # The longest things people type: a long name and e-mail, a long title, many tags.
    candidate = services.create_candidate(
        organization=org,
        first_name="Marie-Hélène",
        last_name="d'Aubigné-Villeneuve de la Tour",
        email="marie-helene.daubigne-villeneuve.de.la.tour@universite-paris-saclay.example.fr",
        location="Saint-Rémy-de-Provence, Bouches-du-Rhône, France",
        source="Salon de l'emploi Lyon 2026",
        skills=["Python", "Apache Kafka", "PostgreSQL", "Kubernetes", "Terraform", "Machine Learning"],
        actor=admin,
    )
    for name in ("Silver medallist", "Speaks German", "Relocating from Montréal", "Referred by Zoë"):
        tags.tag_candidates(organization=org, candidates=[candidate], name=name)
    job = services.create_job(
        organization=org,
        created_by=admin,
        title="Ingénieure principale en fiabilité des plateformes de paiement (Staff Site Reliability Engineer)",
        department="Infrastructure & Paiements",
        location="Lyon, Auvergne-Rhône-Alpes (hybride, 2 jours sur site)",
        salary_min=85000,
        salary_max=1250000,
        salary_currency="CHF",
        status="open",
    )
    application = services.create_application(job=job, candidate=candidate, actor=admin)
    held = services.schedule_interview(
        application=application,
        scheduled_at=timezone.now() - timedelta(days=1),
        interviewers=[admin, seeded.recruiter],
        allow_past=True,
        location="Salle « Confluence », 3e étage, 12 quai Perrache",
    )
    services.schedule_interview(
        application=application, scheduled_at=timezone.now() + timedelta(days=2), interviewers=[admin], actor=admin
    )
    note = services.add_note(
        candidate=candidate, body="Très bon échange ; voir avec l'équipe paiements. " * 8, author=admin
    )
    template = candidate_emails.save_email_template(
        organization=org, name="Invitation à un entretien (version longue)", subject="{{job_title}}", body="Bonjour"
    )
    api_keys.create_api_key(
        organization=org,
        name="Synchronisation Greenhouse — équipe recrutement Europe",
        scopes=["candidates:read", "candidates:write", "jobs:read", "jobs:write", "analytics:read"],
        created_by=admin,
    )
    Integration.objects.create(
        organization=org,
        name="Calendrier partagé de l'équipe paiements",
        provider="http",
        health_status="unhealthy",
        last_error="Connection refused by calendar.internal.example.com:8443 after 3 attempts",
    )
    hook = create_webhook(
        organization=org,
        name="Relais vers le canal #recrutement-paiements",
        url="https://hooks.example.com/services/T0000000/B0000000/a-very-long-token-that-keeps-going-on",
        events=["application.hired", "scorecard.submitted", "candidate.created", "interview.scheduled"],
    )
    notify_user(
        user=admin,
        type="application.hired",
        title=f"{candidate.full_name} was hired for {job.title}",
        metadata={"candidate_id": candidate.pk},
    )
    return {
        "admin": admin,
        "org": org,
        "job": job,
        "candidate": candidate,
        "application": application,
        "interview": held,
        "note": note,
        "template": template,
        "webhook": hook,
    }


def pages(d):
    """(URL, the sidebar item it highlights)."""
    candidate, job = d["candidate"], d["job"]
    return [
        ("/", "Home"),
        ("/jobs/", "Jobs"),
        ("/jobs/new/", "Jobs"),
        (f"/jobs/{job.pk}/", "Jobs"),
        (f"/jobs/{job.pk}/edit/", "Jobs"),
        ("/candidates/", "Candidates"),
        ("/candidates/?tag=silver+medallist&sort=name", "Candidates"),
        ("/candidates/new/", "Candidates"),
        (f"/candidates/{candidate.pk}/", "Candidates"),
        (f"/candidates/{candidate.pk}/edit/", "Candidates"),
        (f"/candidates/{candidate.pk}/email/", "Candidates"),
        (f"/notes/{d['note'].pk}/edit/", "Candidates"),
        (f"/applications/{d['application'].pk}/interviews/new/", "Interviews"),
        ("/interviews/", "Interviews"),
        (f"/interviews/{d['interview'].pk}/scorecard/", "Interviews"),
        (
            f"/interviews/{Interview.objects.filter(status='scheduled', scheduled_at__gt=timezone.now()).first().pk}/reschedule/",
            "Interviews",
        ),
        ("/search/?q=mar", None),  # the top bar's search, no sidebar item
        ("/imports/", "Imports"),
        ("/analytics/", "Analytics"),
        ("/settings/profile/", "Profile and preferences"),
        ("/settings/users/", "Users & roles"),
        ("/settings/pipeline/", "Pipeline stages"),
        ("/settings/rejection-reasons/", "Rejection reasons"),
        ("/settings/tags/", "Tags"),
        ("/settings/email-templates/", "E-mail templates"),
        (f"/settings/email-templates/{d['template'].pk}/", "E-mail templates"),
        ("/settings/api-keys/", "API keys"),
        ("/settings/integrations/", "Integrations"),
        ("/settings/webhooks/", "Webhooks"),
        ("/settings/webhooks/new/", "Webhooks"),
        (f"/settings/webhooks/{d['webhook'].pk}/", "Webhooks"),
        (f"/settings/webhooks/{d['webhook'].pk}/edit/", "Webhooks"),
    ]


def test_no_page_overflows_at_laptop_or_tablet_width_and_each_highlights_one_sidebar_item(
    chromium, live_server, settings, demo
):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 900})
    page = watched_page(context)
    try:
        page.goto("/accounts/login/")
        page.get_by_label("Email address").fill(demo["admin"].email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", name="Good to see you, Alex")).to_be_visible()
        problems = []
        for url, highlighted in pages(demo):
            page.goto(url)
            names = page.evaluate(HIGHLIGHTED)
            if names != ([highlighted] if highlighted else []):
                problems.append(f"{url}: highlighted {names}, expected {highlighted!r}")
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                sideways = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                if sideways > 0:
                    problems.append(f"{url} at {width}px: the page scrolls sideways by {sideways}px")
                problems += [f"{url} at {width}px: {e}" for e in page.evaluate(OVERFLOWING)]
                problems += [f"{url} at {width}px: select cut: {e}" for e in page.evaluate(CUT_SELECTS)]
            page.set_viewport_size({"width": 1366, "height": 900})
        # The public careers pages have no sidebar, and fit too.
        for url in (f"/careers/{demo['org'].slug}/", f"/careers/{demo['org'].slug}/jobs/{demo['job'].pk}/"):
            page.goto(url)
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 900})
                if page.evaluate("document.documentElement.scrollWidth - window.innerWidth") > 0:
                    problems.append(f"{url} at {width}px: the page scrolls sideways")
                problems += [f"{url} at {width}px: {e}" for e in page.evaluate(OVERFLOWING)]
        assert problems == [], "\n".join(problems)
    finally:
        context.close()
    assert page.problems == [], page.problems
    assert Application.objects.filter(candidate__in=Candidate.objects.for_org(demo["org"])).exists()
