"""The finishing touches in real Chromium: a salary's currency chosen by name and shown in the reader's
format, people in the global search as links, tags and relative times on the board's cards."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from recruiting import services, tags
from recruiting.models import Application, Job, User
from tests.conftest import PASSWORD
from tests.dashboard.conftest import watched_page
from tests.factories import CandidateFactory

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


def sign_in(page, user, next_url="/"):
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(re.escape(next_url) + "$"))


def test_a_salary_in_euros_reads_as_the_readers_language_writes_it(chromium, live_server, settings, admin):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    english = chromium.new_context(base_url=live_server.url, locale="en-GB")
    german = chromium.new_context(base_url=live_server.url, locale="de-DE")
    page, page_de = watched_page(english), watched_page(german)
    try:
        sign_in(page, admin, "/jobs/new/")
        page.get_by_label("Title").fill("Ingénieure logiciel, équipe paiements")
        page.get_by_label("Salary min").fill("85000")
        page.get_by_label("Salary max").fill("110000")
        currency = page.get_by_label("Salary currency")
        expect(currency.locator("option:checked")).to_have_text("US dollar (USD)")
        currency.select_option(label="Euro (EUR)")
        page.get_by_role("button", name="Create job").click()
        salary = page.get_by_test_id("job-salary")
        expect(salary).to_contain_text("€85,000 – €110,000")
        expect(salary).to_contain_text("Euro (EUR)")
        job = Job.objects.get(title="Ingénieure logiciel, équipe paiements")
        assert (job.salary_min, job.salary_max, job.salary_currency) == (85000, 110000, "EUR")

        # The same page for a reader whose browser prefers German.
        sign_in(page_de, admin, f"/jobs/{job.pk}/")
        expect(page_de.get_by_test_id("job-salary")).to_contain_text("85.000\xa0€ – 110.000\xa0€")

        # A person may choose the format on their profile, whatever their browser says.
        page.goto("/settings/profile/")
        page.get_by_label("Numbers and salaries").select_option(label="Français: 85 000,50 and 85 000 €")
        page.get_by_role("button", name="Save").click()
        expect(page.locator(".flash")).to_contain_text("a salary of 85,000 euros as 85\xa0000\xa0€.")
        page.goto(f"/jobs/{job.pk}/")
        expect(page.get_by_test_id("job-salary")).to_contain_text("85\xa0000\xa0€ – 110\xa0000\xa0€")
    finally:
        english.close()
        german.close()
    assert page.problems == [] and page_de.problems == [], page.problems + page_de.problems


def test_people_in_the_search_are_links_and_the_board_shows_tags_and_just_now(browser_page, admin):
    page, org = browser_page, admin.organization
    liam = services.create_user(
        organization=org,
        email="liam.obrien@sgr.test",
        password=PASSWORD,
        role=User.Role.HIRING_MANAGER,
        first_name="Liam",
        last_name="O'Brien",
    )
    job = services.create_job(organization=org, title="Chargée de recrutement", status="open", created_by=admin)
    zoe = CandidateFactory(organization=org, first_name="Zoë", last_name="O'Neill")
    application = services.create_application(job=job, candidate=zoe, actor=admin)
    tags.tag_candidates(organization=org, candidates=[zoe], name="Speaks French")
    sign_in(page, admin)

    page.wait_for_load_state()  # the deferred scripts that handle keys have run
    page.keyboard.press("/")
    page.keyboard.type("o'brien")
    page.keyboard.press("Enter")
    people = page.get_by_role("region", name=re.compile("^People"))
    people.get_by_role("link", name="Liam O'Brien").click()
    expect(page).to_have_url(re.compile(rf"/settings/users/\?q=liam\.obrien%40sgr\.test#user-{liam.pk}$"))
    expect(page.locator(f"#user-{liam.pk}")).to_contain_text("liam.obrien@sgr.test")
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator('#sidebar [aria-current="page"]')).to_have_text(re.compile("Users & roles"))

    page.goto(f"/jobs/{job.pk}/")
    card = page.locator(".app-card", has_text="Zoë O'Neill")
    expect(card.locator(".chip-tag")).to_have_text("Speaks French")
    expect(card).to_contain_text("Entered stage just now")

    # Three days later, moved with the keyboard, the card says so at once, in the same words.
    Application.objects.filter(pk=application.pk).update(stage_changed_at=timezone.now() - timedelta(days=3))
    page.reload()
    card = page.locator(".app-card", has_text="Zoë O'Neill")
    expect(card).to_contain_text("Entered stage 3\xa0days ago")
    page.wait_for_load_state()  # the deferred scripts that handle keys have run
    card.focus()
    page.keyboard.press("Alt+ArrowRight")
    expect(page.locator("#board-status")).to_have_text("Zoë O'Neill moved to Screening.")
    moved = page.locator(".column[data-stage=screening] .app-card", has_text="Zoë O'Neill")
    expect(moved).to_contain_text("Entered stage just now")
    page.reload()
    expect(moved).to_contain_text("Entered stage just now")
