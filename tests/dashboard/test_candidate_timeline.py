"""The candidate page's activity: everything that happened, newest first, in words; notes and @mentions."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from django.core import mail

from integrations.models import Notification
from integrations.services.relay import relay_event
from recruiting import candidate_emails, duplicates, services
from recruiting.models import CandidateActivity, Note, OutboxEvent, PipelineStage, User
from tests.factories import ApplicationFactory, CandidateFactory, InterviewFactory, JobFactory, ScorecardFactory


@pytest.fixture
def zoe(org_a):
    return User.objects.create_user(
        email="zoe@acme.test",
        password="x",
        organization=org_a,
        role=User.Role.HIRING_MANAGER,
        first_name="Zoë",
        last_name="O'Brien",
    )


@pytest.fixture
def riley(recruiter_a):
    recruiter_a.first_name, recruiter_a.last_name = "Riley", "Recruiter"
    recruiter_a.save()
    return recruiter_a


def relay_all() -> None:
    for event_id in OutboxEvent.objects.filter(relayed_at__isnull=True).values_list("pk", flat=True):
        relay_event(event_id=event_id)


def test_the_timeline_tells_the_whole_story_newest_first(page_as, riley, zoe, org_a):
    recruiter_a = riley
    candidate = services.create_candidate(
        organization=org_a,
        actor=recruiter_a,
        first_name="Renée",
        last_name="D'Aubigné",
        email="renee@example.fr",
        source="job_board",
    )
    job = JobFactory(organization=org_a, title="Data Engineer")
    application = services.create_application(job=job, candidate=candidate, actor=recruiter_a, source="careers_site")
    screening = PipelineStage.objects.for_org(org_a).get(key="screening")
    services.move_application_to_stage(application=application, stage=screening, actor=recruiter_a)
    interview = services.schedule_interview(
        application=application,
        interviewers=[zoe],
        actor=recruiter_a,
        scheduled_at=datetime(2031, 3, 4, 14, 0, tzinfo=UTC),
    )
    services.reschedule_interview(interview=interview, scheduled_at=datetime(2031, 3, 5, 14, 0, tzinfo=UTC), actor=zoe)
    ScorecardFactory(interview=interview, interviewer=zoe)
    services.add_note(candidate=candidate, body="Strong on SQL, let's move fast.", author=zoe)
    candidate_emails.send_candidate_email(candidate=candidate, sender=recruiter_a, subject="Next steps", body="Hi!")
    second = InterviewFactory(application=application, interviewers=[zoe], actor=recruiter_a)
    services.cancel_interview(interview=second, actor=recruiter_a)
    twin = CandidateFactory(
        organization=org_a, first_name="Renee", last_name="DAubigne", email="r.d@example.fr", source="ats:1"
    )
    duplicates.merge_candidates(kept=candidate, duplicate=twin, actor=recruiter_a)

    page = page_as(zoe).get(f"/candidates/{candidate.pk}/")
    lines = [f"{entry.actor} {entry.text}".strip() for entry in page.context["timeline"]]
    assert lines == [
        "Riley Recruiter merged in another record of Renee DAubigne (r.d@example.fr from ATS 1) with its history",
        "Riley Recruiter cancelled the Technical interview for Data Engineer",
        "Riley Recruiter scheduled a Technical interview for Data Engineer",
        "Riley Recruiter e-mailed Renée D'Aubigné: “Next steps”",
        "Zoë O'Brien added a note",
        "Zoë O'Brien marked the Technical interview for Data Engineer as held",
        "Zoë O'Brien submitted a scorecard for the Technical interview: Yes",
        "Zoë O'Brien moved the Technical interview for Data Engineer",
        "Riley Recruiter scheduled a Technical interview for Data Engineer",
        "Riley Recruiter moved Renée from Applied to Screening · Data Engineer",
        "Riley Recruiter added Renée to Data Engineer at Applied via Careers site",
        "Riley Recruiter added Renée D'Aubigné (source: Job board)",
    ]
    html = page.content.decode()
    assert re.search(
        r"moved the Technical interview for Data Engineer to <time[^>]*>Wed 5 Mar 2031, 14:00 \(UTC\)", html
    )
    assert "job_board" not in html and "careers_site" not in html


def test_a_candidate_added_by_an_import_or_a_partner_says_where_from(page_as, recruiter_a, org_a):
    candidate = services.create_candidate(
        organization=org_a, first_name="Ola", last_name="Nordmann", email="o@n.no", source="csv_import"
    )
    page = page_as(recruiter_a).get(f"/candidates/{candidate.pk}/")
    assert [entry.text for entry in page.context["timeline"]] == ["Ola Nordmann was added from CSV import"]


def test_the_page_runs_fixed_queries_however_long_the_timeline(page_as, count_queries, recruiter_a, zoe, org_a):
    candidate = CandidateFactory(organization=org_a)
    client = page_as(recruiter_a)

    def add_history():
        application = ApplicationFactory(job=JobFactory(organization=org_a), candidate=candidate)
        interview = InterviewFactory(application=application, interviewers=[zoe], actor=recruiter_a)
        services.reschedule_interview(
            interview=interview, scheduled_at=interview.scheduled_at.replace(year=2032), actor=zoe
        )
        services.add_note(candidate=candidate, body="@Zoë look", author=recruiter_a)
        candidate_emails.send_candidate_email(candidate=candidate, sender=recruiter_a, subject="Hi", body="Hello")
        services.cancel_interview(interview=InterviewFactory(application=application), actor=recruiter_a)

    add_history()
    few = count_queries(client, f"/candidates/{candidate.pk}/")
    for _ in range(8):
        add_history()
    assert count_queries(client, f"/candidates/{candidate.pk}/") == few


def test_notes_are_edited_and_deleted_by_their_author_only(page_as, recruiter_a, admin_a, zoe, candidate_a):
    note = services.add_note(candidate=candidate_a, body="First impression: calm.", author=zoe)
    for other in (recruiter_a, admin_a):
        client = page_as(other)
        assert client.get(f"/notes/{note.pk}/edit/").status_code == 403
        assert client.post(f"/notes/{note.pk}/edit/", {"body": "Rewritten"}).status_code == 403
        assert client.post(f"/notes/{note.pk}/delete/").status_code == 403
    note.refresh_from_db()
    assert (note.body, note.edited_at) == ("First impression: calm.", None)
    page = page_as(recruiter_a).get(f"/candidates/{candidate_a.pk}/").content.decode()
    assert "Edit note" not in page

    author = page_as(zoe)
    assert "Edit note" in author.get(f"/candidates/{candidate_a.pk}/").content.decode()
    author.post(f"/notes/{note.pk}/edit/", {"body": "First impression: calm, precise."})
    note.refresh_from_db()
    assert note.body == "First impression: calm, precise." and note.edited_at is not None
    author.post(f"/notes/{note.pk}/delete/")
    assert not Note.objects.filter(pk=note.pk).exists()
    deleted = CandidateActivity.objects.get(candidate=candidate_a, kind=CandidateActivity.Kind.NOTE_DELETED)
    assert deleted.actor == zoe


def test_an_empty_edit_is_a_form_error_and_another_organizations_note_is_a_404(page_as, zoe, admin_b, candidate_a):
    note = services.add_note(candidate=candidate_a, body="Keep", author=zoe)
    response = page_as(zoe).post(f"/notes/{note.pk}/edit/", {"body": "   "})
    assert response.status_code == 200 and response.context["form"].errors["body"]
    assert page_as(admin_b).post(f"/notes/{note.pk}/delete/").status_code == 404
    assert page_as(admin_b).get(f"/notes/{note.pk}/edit/").status_code == 404
    note.refresh_from_db()
    assert note.body == "Keep"


def test_a_mention_notifies_that_teammate_and_no_one_else(page_as, riley, manager_a, zoe, candidate_a):
    recruiter_a = riley
    page_as(recruiter_a).post(
        f"/candidates/{candidate_a.pk}/notes/", {"body": "@Zoë, can you take the technical round? cc @recruiter"}
    )
    relay_all()
    (notification,) = Notification.objects.all()
    assert notification.user == zoe
    assert notification.title == f"Riley Recruiter mentioned you in a note on {candidate_a.full_name}"
    assert notification.metadata["url"] == f"/candidates/{candidate_a.pk}/"
    assert mail.outbox == []


def test_mentions_match_first_names_full_names_and_email_names_case_insensitively(org_a, zoe, manager_a):
    for body in ["@zoë", "@ZOË", "@zoë.o'brien", "@zoe", "thanks @Zoë."]:
        found = services.mentioned_teammates(organization=org_a, body=body)
        assert found == [zoe], body
    assert services.mentioned_teammates(organization=org_a, body="email zoe@acme.test or @nobody") == []


def test_editing_a_note_notifies_only_newly_mentioned_teammates(page_as, zoe, manager_a, recruiter_a, candidate_a):
    note = services.add_note(candidate=candidate_a, body="@Zoë please look", author=recruiter_a)
    relay_all()
    page_as(recruiter_a).post(f"/notes/{note.pk}/edit/", {"body": "@Zoë please look, and @manager too"})
    relay_all()
    assert sorted(Notification.objects.values_list("user__email", flat=True)) == ["manager@acme.test", "zoe@acme.test"]


def test_mentioning_someone_in_another_organization_notifies_no_one(page_as, recruiter_a, admin_b, candidate_a):
    admin_b.first_name = "Bruno"
    admin_b.save()
    page_as(recruiter_a).post(f"/candidates/{candidate_a.pk}/notes/", {"body": "@Bruno @admin hello"})
    relay_all()
    assert not Notification.objects.filter(user=admin_b).exists()


def test_interview_kinds_read_with_the_right_article(page_as, recruiter_a, application_a):
    services.schedule_interview(
        application=application_a,
        scheduled_at=datetime(2031, 5, 6, 9, 0, tzinfo=UTC),
        kind="onsite",
        actor=recruiter_a,
    )
    page = page_as(recruiter_a).get(f"/candidates/{application_a.candidate_id}/")
    texts = [entry.text for entry in page.context["timeline"]]
    assert f"scheduled an On-site interview for {application_a.job.title}" in texts


def test_erasing_a_candidate_erases_their_name_and_emails_from_the_timeline(recruiter_a, org_a):
    from recruiting import lifecycle

    candidate = services.create_candidate(
        organization=org_a, actor=recruiter_a, first_name="Amélie", last_name="Poulain", email="amelie@example.fr"
    )
    candidate_emails.send_candidate_email(
        candidate=candidate, sender=recruiter_a, subject="Hello Amélie", body="Your address: 12 rue Lepic"
    )
    exported = lifecycle.export_candidate(candidate=candidate, actor=recruiter_a)
    assert [row["kind"] for row in exported["activity"]] == ["email_sent", "created"]
    lifecycle.erase_candidate(candidate=candidate, actor=recruiter_a)
    rows = list(CandidateActivity.objects.filter(candidate=candidate).values_list("kind", "summary", "detail"))
    assert sorted(rows) == [("created", "Added ([erased])", ""), ("email_sent", "E-mail sent ([erased])", "")]


def test_an_interview_scheduled_before_the_timeline_recorded_them_still_shows(page_as, recruiter_a, application_a):
    from recruiting.models import Interview

    Interview.objects.create(
        organization=application_a.organization,
        application=application_a,
        scheduled_at=datetime(2031, 5, 6, 9, 0, tzinfo=UTC),
        kind="onsite",
    )
    page = page_as(recruiter_a).get(f"/candidates/{application_a.candidate_id}/")
    (entry,) = [entry for entry in page.context["timeline"] if entry.kind == "interview_scheduled"]
    assert (entry.actor, entry.text, entry.when) == (
        "",
        "An On-site interview was scheduled",
        datetime(2031, 5, 6, 9, 0, tzinfo=UTC),
    )
