"""Interviews in each viewer's time zone: scheduling, moving, cancelling and holding, with calendar invites."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from recruiting import services
from recruiting.models import CandidateActivity, Interview, User
from tests.factories import ApplicationFactory, CandidateFactory, InterviewFactory, JobFactory, ScorecardFactory

ST_JOHNS = "America/St_Johns"  # UTC−3:30 in winter: a half-hour offset


def unfold(text: str) -> list[str]:
    """The content lines of an iCalendar text (RFC 5545 §3.1), insisting on CRLF endings."""
    assert text.endswith("\r\n")
    assert "\n" not in text.replace("\r\n", "")
    return text.replace("\r\n ", "").split("\r\n")[:-1]


def unescape(value: str) -> str:
    out, chars = [], iter(value)
    for char in chars:
        if char == "\\":
            following = next(chars)
            out.append("\n" if following in "nN" else following)
        else:
            out.append(char)
    return "".join(out)


def parse_invite(text: str) -> dict[str, str]:
    """Property name (without parameters) to unescaped value; ATTENDEE values are joined with '|'."""
    properties: dict[str, str] = {}
    for line in unfold(text):
        name_and_params, _, value = line.partition(":")
        name = name_and_params.split(";", 1)[0]
        if name == "ATTENDEE" and name in properties:
            properties[name] += "|" + value
        else:
            properties.setdefault(name, unescape(value))
        if name == "METHOD":
            properties["METHOD"] = value
    return properties


def invites_in(outbox) -> list[tuple[list[str], str, str]]:
    """(recipients, subject, .ics text) of every message in the outbox that carries an invite."""
    found = []
    for message in outbox:
        for part in message.attachments:
            if getattr(part, "get_content_type", lambda: "")() == "text/calendar":
                found.append((message.to, message.subject, part.get_payload(decode=True).decode("utf-8")))
    return found


@pytest.fixture
def zoe(org_a):
    """A hiring manager in St. John's, Newfoundland, with an accented name."""
    return User.objects.create_user(
        email="zoe.obrien@acme.test",
        password="x",
        organization=org_a,
        role=User.Role.HIRING_MANAGER,
        first_name="Zoë",
        last_name="O'Brien",
        time_zone=ST_JOHNS,
    )


@pytest.fixture
def application_with_commas(org_a):
    job = JobFactory(organization=org_a, title="Engineer, Platform; Data")
    candidate = CandidateFactory(organization=org_a, first_name="Renée", last_name="D'Aubigné")
    return ApplicationFactory(job=job, candidate=candidate)


def schedule_form(when: str, interviewers) -> dict:
    return {
        "kind": "technical",
        "scheduled_at": when,
        "duration_minutes": "45",
        "location": "Room 4, 2nd floor; east wing",
        "interviewers": [person.pk for person in interviewers],
    }


def test_a_time_typed_in_st_johns_is_stored_in_utc_and_shown_back_in_st_johns(
    page_as, zoe, application_with_commas, django_capture_on_commit_callbacks
):
    client = page_as(zoe)
    form = client.get(f"/applications/{application_with_commas.pk}/interviews/new/")
    assert "Date and time (America/St_Johns)" in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/applications/{application_with_commas.pk}/interviews/new/", schedule_form("2031-03-04T10:30", [zoe])
        )
    interview = Interview.objects.get(application=application_with_commas)
    assert interview.scheduled_at == datetime(2031, 3, 4, 14, 0, tzinfo=UTC)
    page = client.get(f"/candidates/{application_with_commas.candidate_id}/").content.decode()
    assert "Tue 4 Mar 2031, 10:30 (America/St Johns)" in page


def test_a_utc_colleague_sees_the_same_interview_at_their_own_time(page_as, zoe, recruiter_a, application_a):
    interview = InterviewFactory(
        application=application_a, interviewers=[zoe], scheduled_at=datetime(2031, 3, 4, 14, 0, tzinfo=UTC)
    )
    page = page_as(recruiter_a).get(f"/candidates/{application_a.candidate_id}/").content.decode()
    assert "Tue 4 Mar 2031, 14:00 (UTC)" in page
    listing = page_as(zoe).get("/interviews/").content.decode()
    assert ">America/St Johns</span></th>" in listing and "Tue Mar 4, 10:30" in listing
    assert interview.pk


def test_the_interviewers_get_an_ics_invite_that_parses_back(
    page_as, zoe, recruiter_a, application_with_commas, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page_as(zoe).post(
            f"/applications/{application_with_commas.pk}/interviews/new/",
            schedule_form("2031-03-04T10:30", [zoe, recruiter_a]),
        )
    interview = Interview.objects.get(application=application_with_commas)
    invites = invites_in(mail.outbox)
    assert sorted(to[0] for to, _, _ in invites) == ["recruiter@acme.test", "zoe.obrien@acme.test"]
    to, subject, text = next(invite for invite in invites if invite[0] == ["zoe.obrien@acme.test"])
    assert subject == "Interview invitation: Technical interview: Renée D'Aubigné, Engineer, Platform; Data"
    event = parse_invite(text)
    assert event["METHOD"] == "REQUEST"
    assert event["VERSION"] == "2.0"
    assert event["UID"] == interview.calendar_uid
    assert event["SEQUENCE"] == "0"
    assert (event["DTSTART"], event["DTEND"]) == ("20310304T140000Z", "20310304T144500Z")
    assert event["SUMMARY"] == "Technical interview: Renée D'Aubigné, Engineer, Platform; Data"
    assert event["LOCATION"] == "Room 4, 2nd floor; east wing"
    assert event["STATUS"] == "CONFIRMED"
    assert "mailto:zoe.obrien@acme.test" in event["ATTENDEE"] and "mailto:recruiter@acme.test" in event["ATTENDEE"]
    # Commas and semicolons in text are escaped on the wire, not only after parsing.
    assert "SUMMARY:Technical interview: Renée D'Aubigné\\, Engineer\\, Platform\\; Data" in text.replace("\r\n ", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    # The body names the time in each interviewer's own zone.
    body = next(m.body for m in mail.outbox if m.to == ["zoe.obrien@acme.test"])
    assert "Tuesday 04 March 2031, 10:30 (America/St_Johns)" in body


def test_a_reschedule_sends_the_same_uid_with_a_higher_sequence_and_a_cancel_sends_method_cancel(
    page_as, zoe, application_with_commas, django_capture_on_commit_callbacks
):
    client = page_as(zoe)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/applications/{application_with_commas.pk}/interviews/new/", schedule_form("2031-03-04T10:30", [zoe])
        )
    interview = Interview.objects.get(application=application_with_commas)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/interviews/{interview.pk}/reschedule/",
            {"scheduled_at": "2031-03-05T16:00", "duration_minutes": "60", "location": "Video call"},
        )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.scheduled_at == datetime(2031, 3, 5, 19, 30, tzinfo=UTC)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/interviews/{interview.pk}/cancel/")
    interview.refresh_from_db()
    assert interview.status == Interview.Status.CANCELLED
    events = [parse_invite(text) for _, _, text in invites_in(mail.outbox)]
    assert [(e["METHOD"], e["SEQUENCE"], e["UID"]) for e in events] == [
        ("REQUEST", "0", interview.calendar_uid),
        ("REQUEST", "1", interview.calendar_uid),
        ("CANCEL", "2", interview.calendar_uid),
    ]
    assert events[1]["DTSTART"] == "20310305T193000Z"
    assert events[2]["STATUS"] == "CANCELLED"
    assert [m.subject.split(":")[0] for m in mail.outbox] == [
        "Interview invitation",
        "Interview moved",
        "Interview cancelled",
    ]
    kinds = list(
        CandidateActivity.objects.filter(candidate_id=application_with_commas.candidate_id)
        .order_by("id")
        .values_list("kind", flat=True)
    )
    assert kinds == ["interview_scheduled", "interview_rescheduled", "interview_cancelled"]


def test_scheduling_in_the_past_is_refused_with_a_form_error(page_as, zoe, application_a):
    yesterday = timezone.localtime(timezone.now() - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = page_as(zoe).post(f"/applications/{application_a.pk}/interviews/new/", schedule_form(yesterday, [zoe]))
    assert response.status_code == 200
    assert response.context["form"].errors["scheduled_at"] == [services.PAST_INTERVIEW_MESSAGE]
    assert "Choose a time in the future" in response.content.decode()
    assert not Interview.objects.exists()
    assert mail.outbox == []


def test_the_service_refuses_the_past_too(application_a):
    with pytest.raises(services.DomainError) as refused:
        services.schedule_interview(application=application_a, scheduled_at=timezone.now() - timedelta(minutes=1))
    assert (refused.value.code, refused.value.field) == ("INTERVIEW_IN_PAST", "scheduled_at")


def test_rescheduling_into_the_past_is_refused_and_changes_nothing(page_as, zoe, application_a):
    interview = InterviewFactory(application=application_a, interviewers=[zoe])
    before = interview.scheduled_at
    response = page_as(zoe).post(
        f"/interviews/{interview.pk}/reschedule/",
        {"scheduled_at": "2020-01-01T09:00", "duration_minutes": "60", "location": ""},
    )
    assert response.status_code == 200
    assert "Choose a time in the future" in response.content.decode()
    interview.refresh_from_db()
    assert (interview.scheduled_at, interview.sequence) == (before, 0)


@pytest.mark.parametrize(
    "data",
    [
        {"scheduled_at": "not a date", "duration_minutes": "60"},
        {"scheduled_at": "2031-13-45T25:61", "duration_minutes": "60"},
        {"scheduled_at": "2031-03-04T10:30", "duration_minutes": "99999999999999999999"},
        {"scheduled_at": "2031-03-04T10:30", "duration_minutes": "-3", "location": "x" * 400},
        {},
    ],
)
def test_bad_reschedule_input_is_a_form_error_never_a_500(page_as, zoe, application_a, data):
    interview = InterviewFactory(application=application_a, interviewers=[zoe])
    response = page_as(zoe).post(f"/interviews/{interview.pk}/reschedule/", data)
    assert response.status_code == 200
    assert response.context["form"].errors
    interview.refresh_from_db()
    assert interview.sequence == 0


def test_a_time_that_does_not_exist_in_the_zone_is_a_form_error(page_as, zoe, application_a):
    # Clocks in St. John's jump from 02:00 to 03:00 on 9 March 2031.
    response = page_as(zoe).post(
        f"/applications/{application_a.pk}/interviews/new/", schedule_form("2031-03-09T02:30", [zoe])
    )
    assert response.status_code == 200
    assert "scheduled_at" in response.context["form"].errors
    assert not Interview.objects.exists()


def test_marking_held_and_a_submitted_scorecard_both_end_scheduled(page_as, zoe, recruiter_a, org_a):
    candidate = CandidateFactory(organization=org_a)
    first = InterviewFactory(
        application=ApplicationFactory(job=JobFactory(organization=org_a), candidate=candidate),
        scheduled_at=timezone.now() - timedelta(minutes=30),
    )
    second = InterviewFactory(application=ApplicationFactory(job=JobFactory(organization=org_a), candidate=candidate))
    page_as(recruiter_a).post(f"/interviews/{first.pk}/held/")
    ScorecardFactory(interview=second, interviewer=zoe)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == Interview.Status.COMPLETED
    page = page_as(recruiter_a).get(f"/candidates/{candidate.pk}/")
    statuses = [interview.get_status_display() for interview, _ in page.context["interviews"]]
    assert statuses == ["Completed", "Completed"]
    assert ">Scheduled<" not in page.content.decode()


def test_a_cancelled_interview_cannot_be_moved_or_held_and_says_why(page_as, recruiter_a, application_a):
    interview = InterviewFactory(application=application_a)
    client = page_as(recruiter_a)
    client.post(f"/interviews/{interview.pk}/cancel/")
    response = client.post(f"/interviews/{interview.pk}/held/", follow=True)
    assert "no longer scheduled: it was cancelled" in response.content.decode()
    again = client.post(f"/interviews/{interview.pk}/cancel/", follow=True)
    assert again.status_code == 200
    interview.refresh_from_db()
    assert (interview.status, interview.sequence) == (Interview.Status.CANCELLED, 1)


def test_another_organizations_interview_is_a_404_and_stays_as_it_was(page_as, admin_b, application_a):
    interview = InterviewFactory(application=application_a)
    client = page_as(admin_b)
    assert client.get(f"/interviews/{interview.pk}/reschedule/").status_code == 404
    assert (
        client.post(f"/interviews/{interview.pk}/reschedule/", {"scheduled_at": "2031-01-01T10:00"}).status_code == 404
    )
    assert client.post(f"/interviews/{interview.pk}/cancel/").status_code == 404
    assert client.post(f"/interviews/{interview.pk}/held/").status_code == 404
    interview.refresh_from_db()
    assert (interview.status, interview.sequence) == (Interview.Status.SCHEDULED, 0)


def test_viewers_cannot_change_interviews(page_as, viewer_a, application_a):
    interview = InterviewFactory(application=application_a)
    client = page_as(viewer_a)
    assert client.post(f"/interviews/{interview.pk}/cancel/").status_code == 403
    assert client.post(f"/interviews/{interview.pk}/held/").status_code == 403
    assert client.get(f"/interviews/{interview.pk}/reschedule/").status_code == 403
    interview.refresh_from_db()
    assert interview.status == Interview.Status.SCHEDULED


def test_each_person_chooses_their_time_zone_on_their_profile(page_as, recruiter_a, org_a):
    client = page_as(recruiter_a)
    page = client.get("/settings/profile/").content.decode()
    assert "Organization default (UTC)" in page and '<option value="America/St_Johns">America/St Johns</option>' in page
    response = client.post("/settings/profile/", {"time_zone": ST_JOHNS}, follow=True)
    assert "Times are now shown in America/St Johns," in response.content.decode()
    recruiter_a.refresh_from_db()
    assert recruiter_a.time_zone == ST_JOHNS
    bad = client.post("/settings/profile/", {"time_zone": "Mars/Olympus_Mons"})
    assert bad.status_code == 200 and "time_zone" in bad.context["form"].errors
    recruiter_a.refresh_from_db()
    assert recruiter_a.time_zone == ST_JOHNS


def test_without_a_zone_of_their_own_people_see_the_organizations(org_a, recruiter_a):
    org_a.time_zone = "Asia/Kolkata"
    org_a.save()
    recruiter_a.refresh_from_db()
    assert recruiter_a.time_zone_name == "Asia/Kolkata"
    recruiter_a.time_zone = ST_JOHNS
    assert recruiter_a.time_zone_name == ST_JOHNS


def test_an_interview_is_marked_held_only_once_its_start_time_has_passed(page_as, recruiter_a, application_a):
    upcoming = InterviewFactory(application=application_a, scheduled_at=timezone.now() + timedelta(minutes=5))
    response = page_as(recruiter_a).post(f"/interviews/{upcoming.pk}/held/", follow=True)
    assert "This interview has not started yet" in response.content.decode()
    upcoming.refresh_from_db()
    assert upcoming.status == Interview.Status.SCHEDULED
    assert not CandidateActivity.objects.filter(kind=CandidateActivity.Kind.INTERVIEW_HELD).exists()
