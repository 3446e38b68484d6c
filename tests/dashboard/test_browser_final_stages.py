"""Final pipeline stages on the board in real Chromium: confirmation first, a rejection asks for its reason,
and Alt+← from Rejected never hires."""

import re

import pytest
from playwright.sync_api import expect

from recruiting import services
from recruiting.models import Application, PipelineStage, RejectionReason, StageChange, User
from tests.conftest import PASSWORD
from tests.factories import CandidateFactory, JobFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def board(browser_page):
    """A recruiter signed in on a job's board with Zoë O'Connor's application in Rejected."""
    organization = services.create_organization(name="Acme Talent")
    recruiter = services.create_user(
        organization=organization, email="riley@acme.test", password=PASSWORD, role=User.Role.RECRUITER
    )
    job = JobFactory(organization=organization, title="Platform Engineer – São Paulo, Brazil")
    candidate = CandidateFactory(
        organization=organization, first_name="Zoë", last_name="O'Connor", location="São Paulo, Brazil"
    )
    application = services.create_application(job=job, candidate=candidate)
    rejected = PipelineStage.objects.for_org(organization).get(kind=PipelineStage.Kind.REJECTED)
    salary = RejectionReason.objects.for_org(organization).get(code="salary")
    services.move_application_to_stage(
        application=application, stage=rejected, actor=recruiter, rejection_reason=salary, reason=""
    )
    page = browser_page
    page.goto(f"/accounts/login/?next=/jobs/{job.pk}/")
    page.get_by_label("Email address").fill(recruiter.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name=re.compile("Platform Engineer"))).to_be_visible()
    return page, application


def _reopened_at_offer(board):
    page, application = board
    card = page.locator(f"#app-{application.pk}")
    page.wait_for_load_state()  # the deferred scripts that handle keys have run
    card.focus()
    page.keyboard.press("Alt+ArrowLeft")
    expect(page.locator("#board-status")).to_have_text("Zoë O'Connor moved to Offer.")
    return page, application, card


def _stage_key(application):
    return Application.objects.select_related("stage").get(pk=application.pk).stage.key


def test_alt_left_from_rejected_reopens_at_the_last_active_stage_and_never_hires(board):
    page, application = board
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    card = page.locator(f"#app-{application.pk}")

    page.wait_for_load_state()  # the deferred scripts that handle keys have run
    card.focus()
    page.keyboard.press("Alt+ArrowLeft")

    expect(page.locator('.column[data-stage="offer"]').locator(f"#app-{application.pk}")).to_be_visible()
    expect(page.locator("#board-status")).to_have_text("Zoë O'Connor moved to Offer.")
    assert _stage_key(application) == "offer"
    assert dialogs == []
    assert not StageChange.objects.filter(application=application, to_stage__kind="hired").exists()


def test_moving_into_hired_asks_first_and_a_dismissed_dialog_changes_nothing(board):
    page, application, card = _reopened_at_offer(board)
    history = StageChange.objects.filter(application=application).count()

    messages = []
    page.once("dialog", lambda dialog: (messages.append(dialog.message), dialog.dismiss()))
    card.get_by_label("Move Zoë O'Connor to").select_option("hired")
    card.get_by_role("button", name="Move").click()

    expect(page.locator("#board-status")).to_have_text("Zoë O'Connor stays in Offer.")
    assert messages == ["Move Zoë O'Connor to Hired?"]
    assert _stage_key(application) == "offer"
    assert StageChange.objects.filter(application=application).count() == history

    page.once("dialog", lambda dialog: dialog.accept())
    page.wait_for_load_state()  # the deferred scripts that handle keys have run
    card.focus()
    page.keyboard.press("Alt+ArrowRight")
    expect(page.locator("#board-status")).to_have_text("Zoë O'Connor moved to Hired.")
    assert _stage_key(application) == "hired"


def test_rejecting_on_the_board_asks_for_a_reason_and_shows_it(board):
    page, application, card = _reopened_at_offer(board)

    # Cancelling the dialog leaves the card where it was.
    card.get_by_label("Move Zoë O'Connor to").select_option("rejected")
    card.get_by_role("button", name="Move").click()
    dialog = page.get_by_role("dialog", name="Reject Zoë O'Connor?")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Cancel").click()
    expect(page.locator("#board-status")).to_have_text("Zoë O'Connor stays in Offer.")
    assert _stage_key(application) == "offer"

    # Confirming needs a reason; the note is optional free text.
    card.get_by_label("Move Zoë O'Connor to").select_option("rejected")
    card.get_by_role("button", name="Move").click()
    dialog.get_by_role("button", name="Reject").click()
    expect(dialog).to_be_visible()  # the browser refuses an empty required reason
    dialog.get_by_label("Reason").select_option(label="Salary expectations don't match")
    dialog.get_by_label("Note (optional)").fill("Asked for 40 % above the band; happy to reconsider next year.")
    dialog.get_by_role("button", name="Reject").click()

    expect(page.locator("#board-status")).to_have_text("Zoë O'Connor moved to Rejected.")
    expect(card.locator(".rejection")).to_have_text(
        "Reason: Salary expectations don't match — Asked for 40 % above the band; happy to reconsider next year."
    )
    moved = Application.objects.select_related("rejection_reason").get(pk=application.pk)
    assert (moved.stage.key, moved.rejection_reason.code) == ("rejected", "salary")
    assert moved.rejection_note == "Asked for 40 % above the band; happy to reconsider next year."
    page.reload()
    expect(page.locator(f"#app-{application.pk} .rejection")).to_contain_text("Salary expectations don't match")
