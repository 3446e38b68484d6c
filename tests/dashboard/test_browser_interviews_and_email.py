"""The candidate and the interview in real Chromium: times in a half-hour zone, e-mail with a template,
the activity timeline, notes with @mentions."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from recruiting import candidate_emails, services
from recruiting.models import CandidateActivity, EmailTemplate, Interview, Note, OutboxEvent, User
from tests.conftest import PASSWORD
from tests.factories import CandidateFactory, JobFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(transactional_db):
    organization = services.create_organization(name="Acme Talent")
    zoe = services.create_user(
        organization=organization,
        email="zoe@acme.test",
        password=PASSWORD,
        role=User.Role.ADMIN,
        first_name="Zoë",
        last_name="O'Brien",
    )
    zoe.time_zone = "America/St_Johns"
    zoe.save()
    tomas = services.create_user(
        organization=organization,
        email="tomas@acme.test",
        password=PASSWORD,
        role=User.Role.HIRING_MANAGER,
        first_name="Tomás",
        last_name="Núñez",
    )
    job = JobFactory(organization=organization, title="Data Engineer, Payments")
    candidate = CandidateFactory(
        organization=organization, first_name="Renée", last_name="D'Aubigné", email="renee@example.fr"
    )
    application = services.create_application(job=job, candidate=candidate, actor=zoe)
    return {
        "organization": organization,
        "zoe": zoe,
        "tomas": tomas,
        "candidate": candidate,
        "application": application,
    }


def sign_in(page, user, next_url):
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(re.escape(next_url) + "$"))


def test_schedule_move_and_cancel_an_interview_in_st_johns_time(browser_page, world):
    page, candidate = browser_page, world["candidate"]
    sign_in(page, world["zoe"], f"/candidates/{candidate.pk}/")
    page.get_by_role("link", name="Schedule interview").click()

    # A time already past is refused with the reason, under the field.
    page.get_by_label("Date and time (America/St_Johns)").fill("2020-03-04T10:30")
    page.get_by_role("button", name="Schedule interview").click()
    expect(page.locator("#id_scheduled_at_error")).to_have_text(
        "Choose a time in the future: this one has already passed."
    )

    page.get_by_label("Date and time (America/St_Johns)").fill("2031-03-04T10:30")
    page.get_by_label("Location or video link").fill("https://meet.example/renée")
    page.locator("label.check", has_text="Tomás Núñez").click()
    page.get_by_role("button", name="Schedule interview").click()
    expect(page.get_by_text("scheduled for Tue 4 Mar 2031, 10:30 (America/St Johns).")).to_be_visible()
    interview = Interview.objects.get(application=world["application"])
    assert interview.scheduled_at == datetime(2031, 3, 4, 14, 0, tzinfo=UTC)
    assert sorted(m.to[0] for m in mail.outbox) == ["tomas@acme.test", "zoe@acme.test"]
    card = page.get_by_role("region", name="Interviews and scorecards")
    expect(card.get_by_test_id("interview-time")).to_have_text("Tue 4 Mar 2031, 10:30 (America/St Johns)")
    expect(card.get_by_test_id("interview-status")).to_have_text("Scheduled")

    # Move it: the form starts at the current local time; the invite goes out again with SEQUENCE 1.
    card.get_by_role("link", name="Reschedule").click()
    time_field = page.get_by_label("New date and time (America/St_Johns)")
    expect(time_field).to_have_value("2031-03-04T10:30")
    time_field.fill("2031-03-05T16:15")
    page.get_by_role("button", name="Move interview").click()
    expect(page.get_by_text("moved to Wed 5 Mar 2031, 16:15 (America/St Johns)")).to_be_visible()
    interview.refresh_from_db()
    assert (interview.scheduled_at, interview.sequence) == (datetime(2031, 3, 5, 19, 45, tzinfo=UTC), 1)

    # Cancel it: the interviewers get METHOD:CANCEL, the page stops offering changes.
    page.get_by_role("region", name="Interviews and scorecards").get_by_role("button", name="Cancel interview").click()
    expect(page.get_by_text("Interview with Renée D'Aubigné cancelled; the interviewers were told.")).to_be_visible()
    card = page.get_by_role("region", name="Interviews and scorecards")
    expect(card.get_by_test_id("interview-status")).to_have_text("Cancelled")
    expect(card.get_by_role("link", name="Reschedule")).to_have_count(0)
    cancellations = [m for m in mail.outbox if m.subject.startswith("Interview cancelled")]
    assert sorted(m.to[0] for m in cancellations) == ["tomas@acme.test", "zoe@acme.test"]
    assert "METHOD:CANCEL" in cancellations[0].attachments[0].get_payload(decode=True).decode()

    timeline = page.get_by_test_id("timeline")
    expect(timeline.locator("li").nth(0)).to_contain_text("Zoë O'Brien cancelled the Technical interview")
    expect(timeline.locator("li[data-kind=interview_rescheduled]")).to_contain_text(
        "moved the Technical interview for Data Engineer, Payments to Wed 5 Mar 2031, 16:15 (America/St Johns)"
    )
    expect(timeline.locator("li[data-kind=interview_scheduled]")).to_contain_text("for Tue 4 Mar 2031, 10:30")


def test_mark_an_interview_as_held_once_it_has_started(browser_page, world):
    page, candidate = browser_page, world["candidate"]
    upcoming = services.schedule_interview(
        application=world["application"], scheduled_at=datetime(2031, 6, 1, 12, 0, tzinfo=UTC), interviewers=[]
    )
    sign_in(page, world["tomas"], f"/candidates/{candidate.pk}/")
    card = page.locator(f"[data-interview='{upcoming.pk}']")
    expect(card.get_by_test_id("interview-time")).to_have_text("Sun 1 Jun 2031, 12:00 (UTC)")
    card.get_by_role("button", name="Mark as held").click()
    expect(
        page.get_by_text("This interview has not started yet: it can be marked as held once its start")
    ).to_be_visible()
    expect(page.locator(f"[data-interview='{upcoming.pk}']").get_by_test_id("interview-status")).to_have_text(
        "Scheduled"
    )

    # One that began an hour ago can be.
    started = services.schedule_interview(
        application=world["application"],
        scheduled_at=timezone.now() - timedelta(hours=1),
        interviewers=[],
        allow_past=True,
    )
    page.reload()
    page.locator(f"[data-interview='{started.pk}']").get_by_role("button", name="Mark as held").click()
    expect(page.get_by_text("marked as held.")).to_be_visible()
    expect(page.locator(f"[data-interview='{started.pk}']").get_by_test_id("interview-status")).to_have_text(
        "Completed"
    )


def test_email_a_candidate_with_a_template_previewed_and_edited(browser_page, world):
    page, candidate, zoe = browser_page, world["candidate"], world["zoe"]
    sign_in(page, zoe, "/settings/email-templates/")
    page.get_by_label("Name").fill("Interview invitation")
    page.get_by_label("Subject").fill("{{company_name}}: next steps for {{job_title}}")
    page.get_by_label("Body").fill("Bonjour {{candidate_first_name}},\n\nCould you do Thursday?\n\n{{sender_name}}")
    page.get_by_role("button", name="Add template").click()
    expect(page.get_by_text("Template “Interview invitation” added.")).to_be_visible()
    expect(page.get_by_role("link", name="Interview invitation")).to_be_visible()

    page.goto(f"/candidates/{candidate.pk}/")
    page.get_by_role("link", name="Email candidate").click()
    page.get_by_label("Template").select_option(label="Interview invitation")
    page.get_by_role("button", name="Use template").click()
    subject = page.get_by_label("Subject")
    expect(subject).to_have_value("Acme Talent: next steps for Data Engineer, Payments")
    message = page.get_by_label("Message")
    expect(message).to_have_value("Bonjour Renée,\n\nCould you do Thursday?\n\nZoë O'Brien")
    message.fill("Bonjour {{candidate_first_name}},\n\nCould you do Friday instead?\n\nZoë")
    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_test_id("email-preview")
    expect(preview).to_contain_text("Bonjour Renée,")
    expect(preview).to_contain_text("Could you do Friday instead?")
    assert mail.outbox == []
    page.get_by_role("button", name="Send e-mail").click()
    expect(page.get_by_text("E-mail sent to Renée D'Aubigné (renee@example.fr).")).to_be_visible()
    (sent,) = mail.outbox
    assert sent.to == ["renee@example.fr"]
    assert sent.subject == "Acme Talent: next steps for Data Engineer, Payments"
    assert sent.body == "Bonjour Renée,\n\nCould you do Friday instead?\n\nZoë"
    entry = page.get_by_test_id("timeline").locator("li[data-kind=email_sent]")
    expect(entry).to_contain_text(
        "Zoë O'Brien e-mailed Renée D'Aubigné: “Acme Talent: next steps for Data Engineer, Payments” "
        "(template “Interview invitation”)"
    )
    expect(entry.locator("time")).to_have_text("just now")
    entry.get_by_text("Message").click()
    expect(entry).to_contain_text("Could you do Friday instead?")


def test_rejecting_on_the_board_sends_the_chosen_template(browser_page, world):
    page, zoe = browser_page, world["zoe"]
    candidate_emails.save_email_template(
        organization=world["organization"],
        name="Kind regret",
        subject="About {{job_title}}",
        body="Merci, {{candidate_first_name}}.",
    )
    job_id = world["application"].job_id
    sign_in(page, zoe, f"/jobs/{job_id}/")
    page.locator(f"#app-{world['application'].pk}").drag_to(page.locator('.column[data-stage="rejected"]'))
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Reason").select_option("skills-gap")
    dialog.get_by_label("E-mail the candidate (optional)").select_option(label="Kind regret")
    dialog.get_by_role("button", name="Reject").click()
    expect(page.locator("#board-status")).to_have_text("Renée D'Aubigné moved to Rejected.")
    (sent,) = mail.outbox
    assert (sent.to, sent.subject, sent.body) == (
        ["renee@example.fr"],
        "About Data Engineer, Payments",
        "Merci, Renée.",
    )


def test_the_timeline_and_notes_with_mentions(browser_page, world):
    page, candidate, zoe, tomas = browser_page, world["candidate"], world["zoe"], world["tomas"]
    sign_in(page, zoe, f"/candidates/{candidate.pk}/")
    page.get_by_role("textbox", name="Note").fill("@Tomás can you run the SQL exercise? L'équipe is keen.")
    page.get_by_role("button", name="Add note").click()
    expect(page.get_by_text("Note added.")).to_be_visible()
    note = Note.objects.get(candidate=candidate)
    mention = OutboxEvent.objects.get(name="note.mentioned")
    assert mention.data == {
        "note_id": note.pk,
        "candidate_id": candidate.pk,
        "author_id": zoe.pk,
        "mentioned_user_ids": [tomas.pk],
    }

    timeline = page.get_by_test_id("timeline")
    expect(timeline.locator("li").nth(0)).to_contain_text("Zoë O'Brien added a note")
    expect(timeline.locator("li[data-kind=applied]")).to_contain_text(
        "Zoë O'Brien added Renée to Data Engineer, Payments at Applied"
    )
    expect(timeline.locator("li[data-kind=created]")).to_contain_text("Renée D'Aubigné was added from LinkedIn")

    notes = page.get_by_role("region", name="Notes")
    notes.get_by_role("link", name="Edit note").click()
    page.get_by_role("textbox", name="Note").fill("@Tomás can you run the SQL exercise on Friday?")
    page.get_by_role("button", name="Save note").click()
    expect(page.get_by_text("Note saved.")).to_be_visible()
    expect(page.get_by_role("region", name="Notes")).to_contain_text("run the SQL exercise on Friday?")
    page.get_by_role("region", name="Notes").get_by_role("button", name="Delete note").click()
    expect(page.get_by_text("Note deleted.")).to_be_visible()
    expect(page.get_by_role("region", name="Notes")).to_contain_text("No notes yet.")
    expect(page.get_by_test_id("timeline").locator("li").nth(0)).to_contain_text("Zoë O'Brien deleted a note")
    assert CandidateActivity.objects.filter(kind=CandidateActivity.Kind.NOTE_DELETED).count() == 1


def test_the_new_pages_fit_a_tablet(browser_page, world):
    page, candidate, zoe = browser_page, world["candidate"], world["zoe"]
    template = candidate_emails.save_email_template(
        organization=world["organization"], name="Invitation", subject="Hi", body="Hello {{candidate_first_name}}"
    )
    interview = services.schedule_interview(
        application=world["application"], scheduled_at=datetime(2031, 6, 1, 12, 0, tzinfo=UTC), interviewers=[zoe]
    )
    services.add_note(candidate=candidate, body="@Tomás " + "a long note without breaks " * 20, author=zoe)
    sign_in(page, zoe, f"/candidates/{candidate.pk}/")
    for width in (1366, 768):
        page.set_viewport_size({"width": width, "height": 1000})
        for url in [
            f"/candidates/{candidate.pk}/",
            f"/candidates/{candidate.pk}/email/?template={template.pk}",
            f"/interviews/{interview.pk}/reschedule/",
            "/settings/profile/",
            "/settings/email-templates/",
            f"/settings/email-templates/{template.pk}/",
            "/interviews/",
        ]:
            page.goto(url)
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, (width, url, overflow)


def test_choosing_a_template_fills_the_message_at_once_and_asks_before_replacing_typed_text(browser_page, world):
    page, candidate, zoe = browser_page, world["candidate"], world["zoe"]
    for name, subject in (("Invitation", "Next steps, {{candidate_first_name}}"), ("Regret", "About {{job_title}}")):
        candidate_emails.save_email_template(
            organization=world["organization"], name=name, subject=subject, body="Bonjour {{candidate_first_name}}."
        )
    sign_in(page, zoe, f"/candidates/{candidate.pk}/email/")
    page.get_by_label("Template").select_option(label="Invitation")
    expect(page.get_by_label("Subject")).to_have_value("Next steps, Renée")
    expect(page.get_by_label("Message")).to_have_value("Bonjour Renée.")

    page.get_by_label("Message").fill("Bonjour Renée, I wrote this myself.")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_label("Template").select_option(label="Regret")
    expect(page.get_by_label("Message")).to_have_value("Bonjour Renée, I wrote this myself.")
    expect(page.get_by_label("Template")).to_have_value(str(EmailTemplate.objects.get(name="Invitation").pk))

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_label("Template").select_option(label="Regret")
    expect(page.get_by_label("Subject")).to_have_value("About Data Engineer, Payments")
    page.get_by_label("Message").fill("Second draft.")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Use template").click()
    page.wait_for_load_state()  # a submitted form would have reloaded the page with the template
    expect(page.get_by_label("Message")).to_have_value("Second draft.")
