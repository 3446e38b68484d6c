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

    expect(item).to_contain_text("Reads: “Motivated, designed the job queue in São Paulo well.”")

    item.get_by_role("button", name="Use “Motivated”").click()
    expect(feedback).to_have_value("Motivated, designed the job queue in São Paulo well.")
    expect(panel).to_have_text("No biased wording found.")
    page.get_by_role("button", name="Submit scorecard").click()
    expect(page.get_by_text("Scorecard for José Álvarez submitted.")).to_be_visible()
    scorecard = Scorecard.objects.get(interview=interview)
    assert scorecard.feedback == "Motivated, designed the job queue in São Paulo well."
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


def test_every_flag_offers_a_rewording_or_a_removal_and_what_is_saved_is_the_textarea(
    browser_page, interviewer, interview, tmp_path
):
    page = browser_page
    open_scorecard(page, interviewer, interview)
    feedback = page.get_by_label("Written feedback")
    feedback.press_sequentially(
        "Hired a young, energetic guy for the platform team. She is married, should focus on family. "
        "Designed the job queue in São Paulo really well; O'Brien's review agreed.",
        delay=2,
    )
    panel = page.locator("#bias-panel")
    age = panel.locator("[data-bias-flag=age]")
    family = panel.locator("[data-bias-flag=family_status]")
    expect(age).to_contain_text("“young” — Age.")
    expect(age).to_contain_text("Reads: “Hired an energetic candidate for the platform team.”")
    expect(family).to_contain_text("Removes: “She is married, should focus on family.”")
    page.screenshot(path=str(tmp_path / "scorecard-flags.png"), full_page=True)

    age.get_by_role("button", name="Use “Hired an energetic candidate for the platform team.”").click()
    expect(feedback).to_have_value(
        "Hired an energetic candidate for the platform team. She is married, should focus on family. "
        "Designed the job queue in São Paulo really well; O'Brien's review agreed."
    )
    expect(age).to_have_count(0)
    family.get_by_role("button", name="Remove this sentence").click()
    written = (
        "Hired an energetic candidate for the platform team. "
        "Designed the job queue in São Paulo really well; O'Brien's review agreed."
    )
    expect(feedback).to_have_value(written)
    expect(panel).to_have_text("No biased wording found.")
    # The interviewer may still type after accepting; what is saved is exactly what the textarea holds.
    feedback.press_sequentially(" Rated 4.5.", delay=2)
    held = feedback.input_value()
    page.get_by_role("button", name="Submit scorecard").click()
    expect(page.get_by_text("Scorecard for José Álvarez submitted.")).to_be_visible()
    scorecard = Scorecard.objects.get(interview=interview)
    assert scorecard.feedback == held == written + " Rated 4.5."
    assert scorecard.bias_flags == []


def test_a_gendered_noun_is_offered_a_neutral_one_and_ignore_changes_nothing(browser_page, interviewer, interview):
    page = browser_page
    open_scorecard(page, interviewer, interview)
    feedback = page.get_by_label("Written feedback")
    written = (
        "Honestly a lovely bloke, would be great with clients. Mother of two, so she probably wants a strict 9-to-5."
    )
    feedback.press_sequentially(written, delay=2)
    gender = page.locator("#bias-panel [data-bias-flag=gender]")
    family = page.locator("#bias-panel [data-bias-flag=family_status]")
    expect(family.get_by_role("button", name="Remove this sentence")).to_be_visible()
    family.get_by_role("button", name="Ignore").click()
    expect(family).to_have_count(0)
    expect(feedback).to_have_value(written)
    gender.get_by_role("button", name="Use “candidate”").focus()
    page.keyboard.press("Enter")
    expect(feedback).to_have_value(
        "Honestly a lovely candidate, would be great with clients. Mother of two, so she probably wants a strict 9-to-5."
    )
