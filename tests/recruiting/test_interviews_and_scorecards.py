"""Scheduling interviews and submitting scorecards."""

from datetime import timedelta

from django.utils import timezone

from recruiting.models import OutboxEvent, Scorecard


def test_schedule_interview_then_submit_one_scorecard_per_interviewer(manager_a, application_a, api_as):
    client = api_as(manager_a)
    when = (timezone.now() + timedelta(days=1)).isoformat()
    interview = client.post(
        "/api/v1/interviews",
        {"application": application_a.pk, "scheduled_at": when, "kind": "technical", "interviewers": [manager_a.pk]},
        format="json",
    )
    assert interview.status_code == 201, interview.content
    payload = {
        "interview": interview.json()["id"],
        "ratings": {"technical": 5, "communication": 4},
        "recommendation": "strong_yes",
        "feedback": "Excellent systems thinking.",
    }
    scorecard = client.post("/api/v1/scorecards", payload, format="json")
    assert scorecard.status_code == 201, scorecard.content
    assert scorecard.json()["interviewer"]["email"] == "manager@acme.test"
    again = client.post("/api/v1/scorecards", payload, format="json")
    assert again.status_code == 400
    assert Scorecard.objects.count() == 1
    assert {"interview.scheduled", "scorecard.submitted"} <= set(OutboxEvent.objects.values_list("name", flat=True))


def test_scorecard_ratings_and_recommendation_are_validated(manager_a, application_a, api_as):
    client = api_as(manager_a)
    when = (timezone.now() + timedelta(days=1)).isoformat()
    interview = client.post(
        "/api/v1/interviews", {"application": application_a.pk, "scheduled_at": when}, format="json"
    )
    response = client.post(
        "/api/v1/scorecards",
        {"interview": interview.json()["id"], "ratings": {"technical": 9}, "recommendation": "maybe"},
        format="json",
    )
    assert response.status_code == 400
    assert {"ratings", "recommendation"} <= set(response.json()["errors"])


def test_completing_or_cancelling_an_interview_emits_an_event(recruiter_a, application_a, api_as):
    client = api_as(recruiter_a)
    when = (timezone.now() + timedelta(days=1)).isoformat()
    interview_id = client.post(
        "/api/v1/interviews", {"application": application_a.pk, "scheduled_at": when}, format="json"
    ).json()["id"]
    client.patch(f"/api/v1/interviews/{interview_id}", {"status": "cancelled"}, format="json")
    assert OutboxEvent.objects.filter(name="interview.cancelled").count() == 1


def test_moving_an_interview_to_another_time_tells_partners_the_new_time(recruiter_a, application_a, api_as):
    client = api_as(recruiter_a)
    first, later = timezone.now() + timedelta(days=1), timezone.now() + timedelta(days=3, hours=2)
    interview_id = client.post(
        "/api/v1/interviews", {"application": application_a.pk, "scheduled_at": first.isoformat()}, format="json"
    ).json()["id"]
    client.patch(f"/api/v1/interviews/{interview_id}", {"location": "Salle Ada, 2ᵉ étage"}, format="json")
    assert not OutboxEvent.objects.filter(name="interview.rescheduled").exists()

    moved = client.patch(f"/api/v1/interviews/{interview_id}", {"scheduled_at": later.isoformat()}, format="json")

    assert moved.status_code == 200, moved.content
    (event,) = OutboxEvent.objects.filter(name="interview.rescheduled")
    assert event.data["interview_id"] == interview_id
    assert event.data["scheduled_at"] == moved.json()["scheduled_at"].replace("Z", "+00:00")


def test_feedback_and_notes_are_written_for_a_candidate(recruiter_a, candidate_a, api_as):
    client = api_as(recruiter_a)
    feedback = client.post(
        "/api/v1/feedback", {"candidate": candidate_a.pk, "text": "Strong portfolio", "rating": 4}, format="json"
    )
    assert feedback.status_code == 201, feedback.content
    note = client.post("/api/v1/notes", {"candidate": candidate_a.pk, "body": "Prefers remote"}, format="json")
    assert note.status_code == 201
    assert note.json()["author"] == "recruiter@acme.test"
    assert client.get(f"/api/v1/notes?candidate={candidate_a.pk}").json()["count"] == 1
    bad = client.post("/api/v1/feedback", {"candidate": candidate_a.pk, "text": "x", "rating": 11}, format="json")
    assert bad.status_code == 400 and "rating" in bad.json()["errors"]


def test_the_api_refuses_to_complete_an_interview_before_it_starts(recruiter_a, application_a, api_as):
    client = api_as(recruiter_a)
    when = (timezone.now() + timedelta(hours=3)).isoformat()
    interview_id = client.post(
        "/api/v1/interviews", {"application": application_a.pk, "scheduled_at": when}, format="json"
    ).json()["id"]
    response = client.patch(f"/api/v1/interviews/{interview_id}", {"status": "completed"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "INTERVIEW_NOT_STARTED"
    assert "has not started yet" in response.json()["detail"]
    assert client.get(f"/api/v1/interviews/{interview_id}").json()["status"] == "scheduled"
    assert not OutboxEvent.objects.filter(name="interview.completed").exists()
