"""A recruiter's day in real headless Chromium: every step through the pages, no console errors."""

import re

import pytest
from playwright.sync_api import expect

from recruiting import services
from recruiting.models import Application, Interview, Job, Scorecard, User
from tests.conftest import PASSWORD
from tests.factories import CandidateFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def recruiter(transactional_db):
    organization = services.create_organization(name="Acme Talent")
    return services.create_user(
        organization=organization,
        email="riley@acme.test",
        password=PASSWORD,
        role=User.Role.RECRUITER,
        first_name="Riley",
        last_name="Recruiter",
    )


def open_section(page, name):
    page.locator("#sidebar").get_by_role("link", name=name, exact=True).click()


def sign_in(page, email):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Good to see you, Riley")).to_be_visible()


def test_recruiter_creates_a_job_fills_its_pipeline_interviews_and_scores(browser_page, recruiter):
    page = browser_page
    candidate = CandidateFactory(
        organization=recruiter.organization, first_name="Grace", last_name="Hopper", skills=["Python", "Django"]
    )
    CandidateFactory(organization=recruiter.organization, first_name="Lin", last_name="Nomatch", skills=["Python"])
    sign_in(page, recruiter.email)

    # Create a job, first with a mistake the form points out.
    open_section(page, "Jobs")
    page.get_by_role("link", name="New job").click()
    page.get_by_label("Salary min").fill("120000")
    page.get_by_label("Salary max").fill("90000")
    page.get_by_role("button", name="Create job").click()
    expect(page.locator("#id_title_error")).to_have_text("This field is required.")
    expect(page.locator("#id_salary_max_error")).to_contain_text("at least the minimum")
    page.get_by_label("Title").fill("Platform Engineer")
    page.get_by_label("Salary max").fill("150000")
    page.get_by_label("Status").select_option("open")
    page.get_by_label("Required skills").fill("Python, Django, PostgreSQL")
    page.get_by_role("button", name="Create job").click()
    expect(page.get_by_text("Job “Platform Engineer” created.")).to_be_visible()
    job = Job.objects.get(title="Platform Engineer")

    # The job page suggests the candidate among its top matches; add them to the pipeline from there.
    matches = page.get_by_role("region", name="Top matches")
    match = matches.locator("li", has_text="Grace Hopper")
    expect(match).to_contain_text("✓ Python")
    expect(match).to_contain_text("✓ Django")
    expect(match).to_contain_text("✗ PostgreSQL")
    expect(match.locator(".score")).to_have_text(re.compile(r"^\d+$"))
    expect(matches.locator("li", has_text="Lin Nomatch")).to_have_count(1)
    match.get_by_role("button", name="Add Grace Hopper to pipeline").click()
    expect(page.get_by_text("Grace Hopper added to the pipeline for Platform Engineer.")).to_be_visible()
    expect(page.get_by_role("region", name="Top matches").locator("li", has_text="Grace Hopper")).to_have_count(0)

    # Search finds the candidate, whose page lists the job among their matching jobs.
    open_section(page, "Candidates")
    page.get_by_label("Skills").fill("django")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Lin Nomatch")).to_have_count(0)
    page.get_by_role("link", name="Grace Hopper").click()
    expect(page.get_by_role("region", name="Matching jobs")).to_contain_text("Platform Engineer")
    page.get_by_role("link", name="Platform Engineer").first.click()

    # Move the card to Interview with the keyboard on the board.
    card = page.locator(".app-card", has_text="Grace Hopper")
    expect(page.locator('.column[data-stage="applied"] .app-card')).to_have_count(1)
    page.wait_for_load_state()  # the deferred scripts that handle keys have run
    card.focus()
    page.keyboard.press("Alt+ArrowRight")
    expect(page.locator("#board-status")).to_have_text("Grace Hopper moved to Screening.")
    page.keyboard.press("Alt+ArrowRight")
    expect(page.locator("#board-status")).to_have_text("Grace Hopper moved to Interview.")
    expect(page.locator('.column[data-stage="interview"] .app-card')).to_have_count(1)
    page.reload()
    expect(page.locator('.column[data-stage="interview"] .app-card', has_text="Grace Hopper")).to_be_visible()
    application = Application.objects.get(job=job, candidate=candidate)
    assert application.stage.key == "interview"
    assert [c.to_stage.key for c in application.history.order_by("id")] == ["applied", "screening", "interview"]

    # Schedule an interview.
    page.locator(".app-card a", has_text="Grace Hopper").click()
    page.get_by_role("link", name="Schedule interview").click()
    page.get_by_label("Kind").select_option("technical")
    page.get_by_label("Date and time (UTC)").fill("2031-03-04T10:30")
    page.get_by_label("Location or video link").fill("https://meet.example/room")
    page.get_by_role("button", name="Schedule interview").click()
    expect(page.get_by_text("Technical interview with Grace Hopper scheduled")).to_be_visible()
    interview = Interview.objects.get(application=application)
    assert list(interview.interviewers.all()) == [recruiter]

    # Submit a scorecard.
    page.get_by_role("link", name="Submit scorecard").click()
    for criterion, rating in [("technical", 4), ("problem_solving", 5), ("communication", 4), ("collaboration", 3)]:
        page.locator(f"label.rate:has(input[name=rating_{criterion}][value='{rating}'])").click()
    page.get_by_label("Overall recommendation").select_option("strong_yes")
    feedback = page.get_by_label("Written feedback")
    feedback.fill("Designed the job queue with clear failure handling.")
    panel = page.locator("#bias-panel")
    expect(panel).to_have_text("No biased wording found.")
    feedback.press_sequentially(" Young and energetic, a great culture fit.", delay=15)
    expect(panel.locator("[data-bias-flag=age]")).to_contain_text("“Young and energetic” — Age.")
    expect(panel.locator("[data-bias-flag=culture_fit]")).to_contain_text("Coded 'culture fit' language")
    expect(panel).to_contain_text("2 phrases may read as biased")
    page.get_by_role("button", name="Submit scorecard").click()
    expect(
        page.get_by_text("Scorecard for Grace Hopper submitted. 2 wording suggestion(s) were recorded with it.")
    ).to_be_visible()
    interviews = page.get_by_role("region", name="Interviews and scorecards")
    expect(interviews.locator("[data-bias-flag=age]")).to_contain_text(
        "Young and energetic — Age (suggested: Motivated)"
    )
    expect(interviews.get_by_text("2 bias flags")).to_be_visible()
    scorecard = Scorecard.objects.get(interview=interview)
    assert scorecard.ratings == {"technical": 4, "problem_solving": 5, "communication": 4, "collaboration": 3}
    assert scorecard.original_feedback.endswith("Young and energetic, a great culture fit.")
    assert [flag["category"] for flag in scorecard.bias_flags] == ["age", "culture_fit"]

    # Sign out.
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You are signed out.")).to_be_visible()
    expect(page.get_by_role("heading", name="Sign in to your workspace")).to_be_visible()
    page.goto("/jobs/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/jobs/$"))


def test_a_card_can_be_dragged_to_another_column(browser_page, recruiter):
    job = services.create_job(organization=recruiter.organization, title="Designer", status="open")
    candidate = CandidateFactory(organization=recruiter.organization, first_name="Ada", last_name="Drag")
    application = services.create_application(job=job, candidate=candidate)
    page = browser_page
    sign_in(page, recruiter.email)
    page.goto(f"/jobs/{job.pk}/")
    page.locator(f"#app-{application.pk}").drag_to(page.locator('.column[data-stage="offer"]'))
    expect(page.locator("#board-status")).to_have_text("Ada Drag moved to Offer.")
    application.refresh_from_db()
    assert application.stage.key == "offer"


def test_pages_fit_a_tablet_and_the_menu_opens_from_the_keyboard(browser_page, recruiter):
    job = services.create_job(organization=recruiter.organization, title="Analyst", status="open")
    for index in range(4):
        candidate = CandidateFactory(organization=recruiter.organization, first_name=f"Tab{index}")
        services.create_application(job=job, candidate=candidate)
    page = browser_page
    sign_in(page, recruiter.email)
    page.set_viewport_size({"width": 820, "height": 1100})
    for url in ["/", "/jobs/", f"/jobs/{job.pk}/", "/candidates/", "/interviews/"]:
        page.goto(url)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (url, overflow)
    sidebar = page.locator("#sidebar")
    assert sidebar.bounding_box()["x"] < 0  # tucked away at tablet width
    toggle = page.get_by_role("button", name="Menu")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(sidebar.get_by_role("link", name="Candidates", exact=True)).to_be_in_viewport()
