"""A job's own settings in real headless Chromium: its scorecard criteria, its stages and its careers
questions, each used where it matters, with no console error or failed request."""

import re
import time
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from recruiting import services
from recruiting.models import Scorecard, User
from tests.conftest import PASSWORD
from tests.dashboard.test_browser_settings import assert_fits, current_nav_item, flash, sign_in
from tests.factories import CandidateFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def recruiter(transactional_db):
    organization = services.create_organization(name="Brasserie Lumière Ltd")
    return services.create_user(
        organization=organization,
        email="noemie@lumiere.test",
        password=PASSWORD,
        role=User.Role.RECRUITER,
        first_name="Noémie",
        last_name="O'Connell",
    )


@pytest.fixture
def job(recruiter):
    return services.create_job(
        organization=recruiter.organization, title="Chef de partie", location="Lyon, 2ᵉ", status="open"
    )


def test_recruiter_shapes_the_scorecard_and_an_interviewer_rates_exactly_those_criteria(browser_page, recruiter, job):
    candidate = CandidateFactory(organization=recruiter.organization, first_name="Siobhán", last_name="Ní Bhriain")
    application = services.create_application(job=job, candidate=candidate)
    interview = services.schedule_interview(
        application=application,
        scheduled_at=timezone.now() + timedelta(days=1),
        interviewers=[recruiter],
    )
    page = browser_page
    sign_in(page, recruiter, f"/jobs/{job.pk}/")
    page.get_by_role("link", name="Scorecard").click()
    expect(page).to_have_url(re.compile(rf"/jobs/{job.pk}/scorecard/$"))
    expect(page.get_by_text("Default criteria")).to_be_visible()
    expect(current_nav_item(page)).to_have_text(re.compile("Jobs"))

    page.get_by_label("Name of criterion 1").fill("Mise en place")
    page.get_by_label("What to look for, criterion 1").fill("A tidy station, everything prepped before service")
    page.get_by_label("Remove Collaboration").check()
    page.get_by_label("New criterion").first.fill("Palate & seasoning")
    page.get_by_label("Position of criterion 5").fill("1")
    page.get_by_role("button", name="Save scorecard").click()
    flash(page, "Scorecard saved: 4 criteria for “Chef de partie”.")
    expect(page.get_by_label("Name of criterion 1")).to_have_value("Palate & seasoning")
    expect(page.get_by_label("Name of criterion 2")).to_have_value("Mise en place")
    assert_fits(page, 1366)
    assert_fits(page, 768)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(f"/interviews/{interview.pk}/scorecard/")
    ratings = page.locator("fieldset.ratings")
    expect(ratings.locator(".rating-row")).to_have_count(4)
    expect(ratings).to_contain_text("Palate & seasoning")
    expect(ratings).to_contain_text("A tidy station, everything prepped before service")
    expect(ratings).not_to_contain_text("Collaboration")
    for criterion, rating in [("palate_seasoning", 5), ("technical", 4), ("problem_solving", 3), ("communication", 4)]:
        page.locator(f"label.rate:has(input[name=rating_{criterion}][value='{rating}'])").click()
    page.get_by_label("Overall recommendation").select_option("yes")
    page.get_by_label("Written feedback").fill("Kept the pass calm during a 120-cover service.")
    page.get_by_role("button", name="Submit scorecard").click()
    flash(page, "Scorecard for Siobhán Ní Bhriain submitted.")
    interviews = page.get_by_role("region", name="Interviews and scorecards")
    expect(interviews).to_contain_text("Palate & seasoning: 5/5")
    expect(interviews).to_contain_text("Mise en place: 4/5")
    expect(interviews).to_contain_text("Problem solving: 3/5")
    expect(interviews).not_to_contain_text("Problem_solving")
    scorecard = Scorecard.objects.get(interview=interview)
    assert scorecard.ratings == {"palate_seasoning": 5, "technical": 4, "problem_solving": 3, "communication": 4}


def test_recruiter_gives_a_job_its_own_stages_and_the_board_moves_only_through_them(browser_page, recruiter, job):
    organization = recruiter.organization
    waiting = services.create_application(
        job=job, candidate=CandidateFactory(organization=organization, first_name="Zoë", last_name="Çelik")
    )
    page = browser_page
    sign_in(page, recruiter, f"/jobs/{job.pk}/")
    page.get_by_role("link", name="Stages").click()
    expect(page).to_have_url(re.compile(rf"/jobs/{job.pk}/stages/$"))
    expect(page.get_by_text("The organization's stages")).to_be_visible()
    expect(current_nav_item(page)).to_have_text(re.compile("Jobs"))
    page.get_by_label("Use Screening").uncheck()
    page.get_by_role("button", name="Save stages").click()
    flash(page, "Stages saved for “Chef de partie”.")
    page.get_by_label("Stage name").fill("Essai en cuisine")
    page.get_by_role("button", name="Add stage").click()
    flash(page, "Stage “Essai en cuisine” added to “Chef de partie” before the final stages.")
    expect(page.get_by_text("Own stages")).to_be_visible()
    page.get_by_label("Position of Essai en cuisine").fill("2")
    page.get_by_role("button", name="Save stages").click()
    flash(page, "Stages saved for “Chef de partie”.")
    assert_fits(page, 1366)
    assert_fits(page, 768)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="Back to the board").click()
    expect(page.locator(".column-head > span[id^=col-]")).to_have_text(
        ["Applied", "Essai en cuisine", "Interview", "Offer", "Hired", "Rejected"]
    )
    card = page.locator(f"#app-{waiting.pk}")
    expect(card.locator("option", has_text="Screening")).to_have_count(0)
    page.wait_for_load_state()  # the deferred scripts that handle keys have run
    card.focus()
    page.keyboard.press("Alt+ArrowRight")
    expect(page.locator("#board-status")).to_have_text("Zoë Çelik moved to Essai en cuisine.")
    page.keyboard.press("Alt+ArrowRight")
    expect(page.locator("#board-status")).to_have_text("Zoë Çelik moved to Interview.")
    waiting.refresh_from_db()
    assert [change.to_stage.key for change in waiting.history.order_by("id")] == [
        "applied",
        "essai-en-cuisine",
        "interview",
    ]
    # The bulk bar's stages are the job's too.
    expect(page.locator("#bulk-stage option", has_text="Screening")).to_have_count(0)


def test_recruiter_asks_the_jobs_own_questions_and_an_applicants_answers_reach_the_candidate_page(
    browser_page, recruiter, job, settings
):
    settings.CAREERS_MIN_FORM_SECONDS = 0
    page = browser_page
    sign_in(page, recruiter, f"/jobs/{job.pk}/")
    page.get_by_role("link", name="Careers questions").click()
    expect(page).to_have_url(re.compile(rf"/jobs/{job.pk}/careers/$"))
    expect(page.get_by_text("Default questions")).to_be_visible()
    expect(current_nav_item(page)).to_have_text(re.compile("Jobs"))
    page.get_by_label("New question").first.fill("Which station have you run, and for how many covers?")
    page.get_by_label("Question 1 is required").check()
    page.get_by_label("New question").last.fill("Do you hold a food-hygiene certificate?")
    page.get_by_role("button", name="Save careers form").click()
    flash(page, "The careers page asks 2 questions for “Chef de partie”.")
    expect(page.get_by_label("Question 1", exact=True)).to_have_value(
        "Which station have you run, and for how many covers?"
    )
    assert_fits(page, 1366)
    assert_fits(page, 768)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.get_by_role("link", name="See the public form").click()
    page.get_by_label("First name").fill("Siobhán")
    page.get_by_label("Last name").fill("Ní Bhriain")
    page.get_by_label("E-mail").fill("siobhan@example.ie")
    expect(page.get_by_label("Why are you interested in this role?")).to_have_count(0)
    page.get_by_label("Do you hold a food-hygiene certificate? (optional)").fill("Oui, niveau 2 (2023)")
    page.get_by_role("button", name="Send application").click()
    expect(page.locator(".field-error")).to_have_count(1)
    page.get_by_label("Which station have you run, and for how many covers?").fill(
        "Garde-manger at a Lyon bouchon — 140 couverts le samedi."
    )
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_test_id("careers-thanks")).to_contain_text("Thank you, Siobhán!")

    application = job.applications.get()
    assert [row["question"] for row in application.answers] == [
        "Which station have you run, and for how many covers?",
        "Do you hold a food-hygiene certificate?",
    ]
    deadline = time.monotonic() + 10
    while not mail.outbox:
        assert time.monotonic() < deadline, "no confirmation e-mail"
        time.sleep(0.05)
    assert mail.outbox[0].subject == "We received your application for Chef de partie"
    page.goto(f"/candidates/{application.candidate_id}/")
    expect(page.locator(".application-answers")).to_contain_text("Garde-manger at a Lyon bouchon")
    expect(page.locator(".application-answers")).to_contain_text("Oui, niveau 2 (2023)")
    expect(page.get_by_text("sent the application confirmation to Siobhán Ní Bhriain")).to_be_visible()
