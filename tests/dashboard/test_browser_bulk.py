"""Working with many candidates in real headless Chromium: bulk actions, the global search, saved searches."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect

from recruiting import services
from recruiting.models import Application, PipelineStage, SavedSearch, User
from tests.conftest import PASSWORD
from tests.factories import ApplicationFactory, CandidateFactory, JobFactory

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


def sign_in(page, email):
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Good to see you, Riley")).to_be_visible()


def bulk_bar(page):
    return page.get_by_role("form", name="Act on the selected candidates")


def test_recruiter_tags_saves_a_search_adds_moves_rejects_and_exports_many(browser_page, recruiter):
    page = browser_page
    org = recruiter.organization
    job = JobFactory(organization=org, title="Développeuse Python", status="open")
    for first, last in [("Zoë", "O'Neill"), ("Amélie", "D'Arcy"), ("José", "Núñez")]:
        CandidateFactory(organization=org, first_name=first, last_name=last, source="LinkedIn", skills=["Python"])
    hired = CandidateFactory(organization=org, first_name="Bjørn", last_name="Ødegård", source="referral")
    application = ApplicationFactory(job=job, candidate=hired)
    services.move_application_to_stage(
        application=application, stage=PipelineStage.objects.for_org(org).get(key="hired"), actor=recruiter
    )
    sign_in(page, recruiter.email)

    # Select everyone on the list but Bjørn and tag them.
    page.locator("#sidebar").get_by_role("link", name="Candidates", exact=True).click()
    expect(page.get_by_role("heading", name="4 candidates")).to_be_visible()
    page.get_by_label("Select every candidate on this page").check()
    expect(page.locator("[data-bulk-count]")).to_have_text("4 candidates selected")
    page.get_by_label("Select Bjørn Ødegård").uncheck()
    expect(page.locator("[data-bulk-count]")).to_have_text("3 candidates selected")
    page.get_by_label("Tag to add").fill("Speaks French")
    bulk_bar(page).get_by_role("button", name="Tag", exact=True).click()
    expect(page.get_by_text("3 candidates tagged “Speaks French”.")).to_be_visible()
    expect(page.locator("tr", has_text="Zoë O'Neill").locator(".chip-tag")).to_have_text("Speaks French")

    # Filter by the tag and the source (any case), save the search for the team; it shows in the sidebar.
    page.get_by_label("Tag", exact=True).select_option("Speaks French")
    page.get_by_label("Source").select_option("linkedin")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="3 candidates match")).to_be_visible()
    page.get_by_label("Save this search as").fill("Francophones")
    page.get_by_label("Share with the team").check()
    page.get_by_role("button", name="Save search").click()
    expect(page.get_by_text("Search “Francophones” saved; it is in the sidebar for the team.")).to_be_visible()
    saved_link = page.locator(".nav-saved a", has_text="Francophones")
    expect(saved_link.locator(".nav-count")).to_have_text("3 candidates")

    # Add the three to the job from the saved search.
    page.goto("/")
    saved_link.click()
    expect(page.get_by_role("heading", name="3 candidates match")).to_be_visible()
    page.get_by_label("Select every candidate on this page").check()
    page.get_by_label("Job to add them to").select_option(label="Développeuse Python")
    bulk_bar(page).get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_text("3 candidates added to the pipeline for Développeuse Python.")).to_be_visible()

    # On the board: select all, move to Interview; the hired one is skipped and named.
    page.goto(f"/jobs/{job.pk}/")
    page.get_by_label("Select every candidate on the board").check()
    expect(page.locator("[data-bulk-count]")).to_have_text("4 candidates selected")
    page.get_by_label("Stage to move them to").select_option(label="Interview")
    bulk_bar(page).get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_text("3 candidates moved to Interview.")).to_be_visible()
    expect(page.get_by_text("1 candidate skipped: Bjørn Ødegård (already hired).")).to_be_visible()
    expect(page.locator('.column[data-stage="interview"] .app-card')).to_have_count(3)

    # Reject two with a reason.
    page.get_by_label("Select Zoë O'Neill").check()
    page.get_by_label("Select José Núñez").check()
    page.get_by_label("Rejection reason").select_option(label="Salary expectations don't match")
    page.get_by_label("Rejection note (optional)").fill("Asked for 30 % more")
    bulk_bar(page).get_by_role("button", name="Reject", exact=True).click()
    expect(
        page.get_by_text("2 candidates rejected for Développeuse Python: Salary expectations don't match.")
    ).to_be_visible()
    rejected = page.locator('.column[data-stage="rejected"] .app-card')
    expect(rejected).to_have_count(2)
    expect(rejected.first).to_contain_text("Reason: Salary expectations don't match — Asked for 30 % more")
    assert Application.objects.filter(job=job, stage__key="rejected").count() == 2

    # Export the board's selection.
    page.get_by_label("Select every candidate on the board").check()
    with page.expect_download() as download_info:
        bulk_bar(page).get_by_role("button", name="Export CSV").click()
    download = download_info.value
    assert re.fullmatch(r"candidates-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    with open(download.path(), encoding="utf-8") as exported:
        rows = list(csv.DictReader(io.StringIO(exported.read())))
    assert sorted(row["last_name"] for row in rows) == ["D'Arcy", "Núñez", "O'Neill", "Ødegård"]
    assert {row["tags"] for row in rows if row["last_name"] != "Ødegård"} == {"Speaks French"}

    # Delete the saved search from the sidebar.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete saved search Francophones").click()
    expect(page.get_by_text("Search “Francophones” deleted.")).to_be_visible()
    expect(page.locator(".nav-saved")).to_have_count(0)
    assert not SavedSearch.objects.exists()


def test_slash_focuses_the_global_search_and_results_are_grouped(browser_page, recruiter):
    page = browser_page
    org = recruiter.organization
    CandidateFactory(organization=org, first_name="Siobhán", last_name="O'Brien", email="siobhan@example.ie")
    JobFactory(organization=org, title="O'Brien account manager")
    services.create_user(
        organization=org, email="liam@acme.test", password=PASSWORD, first_name="Liam", last_name="O'Brien"
    )
    other = services.create_organization(name="Globex Hiring")
    CandidateFactory(organization=other, first_name="Hidden", last_name="O'Brien")
    sign_in(page, recruiter.email)

    page.wait_for_load_state()  # the deferred scripts that handle keys have run
    page.keyboard.press("/")
    search = page.get_by_role("searchbox", name="Search candidates, jobs and people")
    expect(search).to_be_focused()
    page.keyboard.type("o'brien")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Results for “o'brien”")).to_be_visible()
    expect(page.get_by_role("region", name="Candidates")).to_contain_text("Siobhán O'Brien")
    expect(page.get_by_role("region", name="Jobs")).to_contain_text("O'Brien account manager")
    expect(page.get_by_role("region", name="People")).to_contain_text("Liam O'Brien")
    expect(page.get_by_text("Hidden O'Brien")).to_have_count(0)
    # Typing "/" in a field types it; it does not jump away.
    page.get_by_role("searchbox", name="Search candidates, jobs and people").fill("")
    page.keyboard.press("Tab")
    page.get_by_role("region", name="Candidates").get_by_role("link", name="Siobhán O'Brien").click()
    expect(page.get_by_role("heading", name="Siobhán O'Brien")).to_be_visible()


@pytest.mark.parametrize("width", [1366, 768])
def test_candidate_list_with_the_bulk_bar_does_not_overflow(browser_page, recruiter, width):
    page = browser_page
    org = recruiter.organization
    JobFactory(organization=org, title="Senior Site Reliability Engineer, Payments Platform (Zürich)")
    for n in range(5):
        CandidateFactory(
            organization=org,
            first_name=f"Maximiliane-Theodora{n}",
            last_name="von Hohenzollern-Sigmaringen",
            email=f"maximiliane.theodora.{n}@ein-sehr-langer-domainname.example.com",
            skills=["Python", "PostgreSQL", "Kubernetes", "Terraform", "Go", "Rust"],
            source="job_board",
        )
    sign_in(page, recruiter.email)
    page.set_viewport_size({"width": width, "height": 900})
    for url in ("/candidates/", "/search/?q=maximiliane"):
        page.goto(url)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{url} overflows by {overflow}px at {width}px"
        for wrap in page.locator(".table-wrap").all():
            assert wrap.evaluate("el => el.scrollWidth - el.clientWidth") <= 0, f"{url} table scrolls at {width}px"


def test_select_all_ticked_before_the_script_loads_selects_every_row_once_it_does(browser_page, recruiter):
    """On a slow connection someone ticks "select all" before bulk.js has run: the script must take it
    as meant (every row selected), not un-tick it and report no one selected."""
    page = browser_page
    for first, last in [("Zoë", "O'Neill"), ("Amélie", "D'Arcy")]:
        CandidateFactory(organization=recruiter.organization, first_name=first, last_name=last)
    sign_in(page, recruiter.email)
    held = []  # bulk.js is held back until "select all" is ticked
    page.route("**/bulk*.js", lambda route: held.append(route))
    page.goto("/candidates/", wait_until="commit")
    page.get_by_label("Select every candidate on this page").check()
    expect(page.locator("[data-bulk-count]")).not_to_have_text("2 candidates selected")  # no script yet
    assert len(held) == 1

    held[0].continue_()

    expect(page.locator("[data-bulk-count]")).to_have_text("2 candidates selected")
    expect(page.get_by_label("Select Zoë O'Neill")).to_be_checked()
    expect(page.get_by_label("Select Amélie D'Arcy")).to_be_checked()
