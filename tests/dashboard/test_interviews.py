"""Scheduling interviews and submitting scorecards from the dashboard."""

from datetime import timedelta

from django.utils import timezone

from recruiting.models import Interview, OutboxEvent, Scorecard
from tests.factories import ApplicationFactory, CandidateFactory, InterviewFactory, ScorecardFactory

SCORECARD = {
    "rating_technical": "4",
    "rating_problem_solving": "5",
    "rating_communication": "3",
    "rating_collaboration": "4",
    "recommendation": "yes",
    "feedback": "Walked through the cache design with clear trade-offs.",
}


def test_scheduling_an_interview_records_it_with_interviewers(page_as, manager_a, recruiter_a, application_a):
    response = page_as(manager_a).post(
        f"/applications/{application_a.pk}/interviews/new/",
        {
            "kind": "technical",
            "scheduled_at": "2030-05-04T14:30",
            "duration_minutes": "45",
            "location": "Room 4",
            "interviewers": [manager_a.pk, recruiter_a.pk],
        },
        follow=True,
    )
    interview = Interview.objects.get(application=application_a)
    assert (interview.scheduled_at.isoformat(), interview.duration_minutes) == ("2030-05-04T14:30:00+00:00", 45)
    assert set(interview.interviewers.all()) == {manager_a, recruiter_a}
    assert OutboxEvent.objects.filter(name="interview.scheduled", data__interview_id=interview.pk).exists()
    assert "Technical interview with" in response.content.decode()


def test_interview_form_shows_field_errors(page_as, manager_a, application_a, admin_b):
    response = page_as(manager_a).post(
        f"/applications/{application_a.pk}/interviews/new/",
        {"kind": "tea", "scheduled_at": "next tuesday", "duration_minutes": "2", "interviewers": [admin_b.pk]},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"kind", "scheduled_at", "duration_minutes", "interviewers"}
    assert not Interview.objects.exists()


def test_submitting_a_scorecard_records_ratings_and_feedback(page_as, manager_a, application_a):
    interview = InterviewFactory(application=application_a, interviewers=[manager_a])
    response = page_as(manager_a).post(f"/interviews/{interview.pk}/scorecard/", SCORECARD)
    assert response["Location"] == f"/candidates/{application_a.candidate_id}/"
    scorecard = Scorecard.objects.get(interview=interview)
    assert scorecard.interviewer == manager_a
    assert scorecard.ratings == {"technical": 4, "problem_solving": 5, "communication": 3, "collaboration": 4}
    assert scorecard.recommendation == "yes"
    assert scorecard.original_feedback == SCORECARD["feedback"]


def test_scorecard_form_keeps_what_was_typed_when_a_field_is_missing(page_as, manager_a, application_a):
    interview = InterviewFactory(application=application_a, interviewers=[manager_a])
    data = SCORECARD | {"rating_communication": "", "recommendation": ""}
    response = page_as(manager_a).post(f"/interviews/{interview.pk}/scorecard/", data)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"rating_communication", "recommendation"}
    html = response.content.decode()
    assert SCORECARD["feedback"] in html
    assert 'name="rating_technical" value="4" id="id_rating_technical_3" required checked' in html
    assert not Scorecard.objects.exists()


def test_a_second_scorecard_from_the_same_interviewer_is_refused(page_as, manager_a, application_a):
    interview = InterviewFactory(application=application_a, interviewers=[manager_a])
    ScorecardFactory(interview=interview, interviewer=manager_a)
    response = page_as(manager_a).post(f"/interviews/{interview.pk}/scorecard/", SCORECARD)
    assert response.status_code == 200
    assert "already submitted" in response.content.decode()
    assert Scorecard.objects.filter(interview=interview).count() == 1


def test_viewer_cannot_submit_a_scorecard(page_as, viewer_a, application_a):
    interview = InterviewFactory(application=application_a)
    assert page_as(viewer_a).post(f"/interviews/{interview.pk}/scorecard/", SCORECARD).status_code == 403
    assert not Scorecard.objects.exists()


def test_interview_list_filters_by_status_and_mine_in_fixed_queries(
    page_as, count_queries, recruiter_a, manager_a, org_a, job_a
):
    def interview(**kwargs):
        application = ApplicationFactory(job=job_a, candidate=CandidateFactory(organization=org_a))
        return InterviewFactory(application=application, **kwargs)

    client = page_as(manager_a)
    interview(interviewers=[manager_a])
    few = count_queries(client, "/interviews/")
    for _ in range(12):
        interview(interviewers=[recruiter_a, manager_a])
    assert count_queries(client, "/interviews/") == few
    done = interview(interviewers=[recruiter_a])
    done.status = Interview.Status.COMPLETED
    done.save()
    assert [i.pk for i in client.get("/interviews/?status=completed").context["page"]] == [done.pk]
    assert done.pk not in [i.pk for i in client.get("/interviews/?mine=1").context["page"]]


def test_scheduled_interviews_read_soonest_first_and_the_rest_newest_first(page_as, manager_a, org_a, job_a):
    now = timezone.now()
    later, sooner = (
        InterviewFactory(
            application=ApplicationFactory(job=job_a, candidate=CandidateFactory(organization=org_a)),
            scheduled_at=now + timedelta(days=days),
        )
        for days in (5, 1)
    )
    client = page_as(manager_a)
    assert [i.pk for i in client.get("/interviews/?status=scheduled").context["page"]] == [sooner.pk, later.pk]
    assert [i.pk for i in client.get("/interviews/").context["page"]] == [later.pk, sooner.pk]


def test_scorecard_page_wires_the_live_bias_check(page_as, manager_a, application_a):
    interview = InterviewFactory(application=application_a, interviewers=[manager_a])
    html = page_as(manager_a).get(f"/interviews/{interview.pk}/scorecard/").content.decode()
    assert 'id="bias-panel"' in html and 'data-url="/api/v1/bias/check"' in html
    assert "js/scorecard.js" in html


def test_bias_check_endpoint_answers_the_signed_in_page_with_csrf(manager_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(manager_a)
    token = client.get("/").cookies["csrftoken"].value
    response = client.post(
        "/api/v1/bias/check",
        {"text": "Young and energetic engineer."},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 200
    assert [(flag["category"], flag["phrase"], flag["suggestion"]) for flag in response.json()["flags"]] == [
        ("age", "Young and energetic", "Motivated")
    ]


def test_biased_scorecard_keeps_what_was_written_and_shows_the_flag(page_as, admin_a, manager_a, application_a):
    interview = InterviewFactory(application=application_a, interviewers=[manager_a])
    written = "Young and energetic engineer who designed the job queue well."
    response = page_as(manager_a).post(
        f"/interviews/{interview.pk}/scorecard/", SCORECARD | {"feedback": written}, follow=True
    )
    scorecard = Scorecard.objects.get(interview=interview)
    assert scorecard.original_feedback == written
    assert scorecard.feedback == written
    assert [flag["category"] for flag in scorecard.bias_flags] == ["age"]
    html = response.content.decode()
    assert "1 wording suggestion(s) were recorded with it." in html
    assert "<mark>Young and energetic</mark> — Age (suggested: Motivated)" in html
    assert written in html  # recruiters read the interviewer's own words, with the flags beside them


def test_the_bias_check_gives_every_flag_its_kind_of_suggestion_and_the_exact_edit(api_as, manager_a):
    text = "Strong SQL. She is married, should focus on family. Honestly a lovely bloke, would be great with clients."
    flags = api_as(manager_a).post("/api/v1/bias/check", {"text": text}, format="json").json()["flags"]
    assert [
        (flag["label"], flag["suggestion_kind"], flag["suggestion_scope"], flag["suggestion"], flag["edit"])
        for flag in flags
    ] == [
        (
            "Family status",
            "remove",
            "sentence",
            "She is married, should focus on family.",
            {"start": 12, "end": 52, "text": ""},
        ),
        ("Gender", "replace", "phrase", "candidate", {"start": 70, "end": 75, "text": "candidate"}),
    ]
    assert flags[1]["suggestion_result"] == "Honestly a lovely candidate, would be great with clients."


def test_the_candidate_page_names_a_removal_as_a_removal(page_as, manager_a, application_a):
    interview = InterviewFactory(application=application_a, interviewers=[manager_a])
    written = "Designed the job queue well. Mother of two, so she probably wants a strict 9-to-5."
    response = page_as(manager_a).post(
        f"/interviews/{interview.pk}/scorecard/", SCORECARD | {"feedback": written}, follow=True
    )
    assert Scorecard.objects.get(interview=interview).feedback == written
    assert "<mark>Mother of two</mark> — Family status (suggested: remove the sentence)" in response.content.decode()
