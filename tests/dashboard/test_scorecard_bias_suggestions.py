"""The scorecard page in real Chromium: live highlights, category in words, optional suggestions, saved as written."""

import pytest
from playwright.sync_api import expect

from recruiting import services
from recruiting.models import Scorecard, User
from tests.conftest import PASSWORD
from tests.factories import ApplicationFactory, CandidateFactory, InterviewFactory, JobFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def interviewer(transactional_db):
    organization = services.create_organization(name="Acme Talent")
    return services.create_user(
        organization=organization,
        email="zoe@acme.test",
        password=PASSWORD,
        role=User.Role.RECRUITER,
        first_name="Zoë",
        last_name="O'Connor",
    )


@pytest.fixture
def interview(interviewer):
    candidate = CandidateFactory(organization=interviewer.organization, first_name="José", last_name="Álvarez")
    job = JobFactory(organization=interviewer.organization, title="Platform Engineer")
    return InterviewFactory(application=ApplicationFactory(job=job, candidate=candidate), interviewers=[interviewer])


def open_scorecard(page, interviewer, interview):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(interviewer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"/interviews/{interview.pk}/scorecard/")
    for criterion in ("technical", "problem_solving", "communication", "collaboration"):
        page.locator(f"label.rate:has(input[name=rating_{criterion}][value='4'])").click()
    page.get_by_label("Overall recommendation").select_option("yes")


def test_flags_highlight_the_phrase_name_the_category_and_a_suggestion_can_be_accepted(
    browser_page, interviewer, interview
):
    page = browser_page
    open_scorecard(page, interviewer, interview)
    feedback = page.get_by_label("Written feedback")
    feedback.press_sequentially("Young and energetic, designed the job queue in São Paulo well.", delay=5)
    panel = page.locator("#bias-panel")
    item = panel.locator("[data-bias-flag=age]")
    expect(item).to_contain_text("“Young and energetic” — Age.")
    expect(item).to_contain_text("not evidence of skill")
    expect(panel.locator(".bias-preview mark")).to_have_text("Young and energetic")

    item.get_by_role("button", name="Use “motivated”").click()
    expect(feedback).to_have_value("motivated, designed the job queue in São Paulo well.")
    expect(panel).to_have_text("No biased wording found.")
    page.get_by_role("button", name="Submit scorecard").click()
    expect(page.get_by_text("Scorecard for José Álvarez submitted.")).to_be_visible()
    scorecard = Scorecard.objects.get(interview=interview)
    assert scorecard.feedback == "motivated, designed the job queue in São Paulo well."
    assert scorecard.bias_flags == []


def test_an_ignored_suggestion_leaves_the_words_as_written_and_they_are_saved_with_the_flag(
    browser_page, interviewer, interview
):
    page = browser_page
    open_scorecard(page, interviewer, interview)
    feedback = page.get_by_label("Written feedback")
    written = "She has kids, so travel may be hard. Strong SQL, rated 4.5 by the panel."
    feedback.press_sequentially(written, delay=5)
    item = page.locator("#bias-panel [data-bias-flag=family_status]")
    expect(item).to_contain_text("Family status")
    item.get_by_role("button", name="Ignore").click()
    expect(item).to_have_count(0)
    expect(feedback).to_have_value(written)
    page.get_by_role("button", name="Submit scorecard").click()
    expect(page.get_by_text("1 wording suggestion(s) were recorded with it.")).to_be_visible()

    scorecard = Scorecard.objects.get(interview=interview)
    assert scorecard.feedback == written
    assert [flag["category"] for flag in scorecard.bias_flags] == ["family_status"]
    expect(page.get_by_text(written)).to_be_visible()
