"""Moving applications through the pipeline writes history and events in one transaction."""

from recruiting.models import Application, OutboxEvent, StageChange


def test_move_records_history_with_who_and_why(recruiter_a, application_a, api_as):
    client = api_as(recruiter_a)
    moved = client.post(f"/api/v1/applications/{application_a.pk}/move", {"stage": "interview"}, format="json")
    assert moved.status_code == 200, moved.content
    assert moved.json()["stage"] == "interview"
    rejected = client.post(
        f"/api/v1/applications/{application_a.pk}/move",
        {"stage": "rejected", "rejection_reason": "another-candidate", "reason": "Chose another candidate"},
        format="json",
    )
    assert rejected.json()["rejection_reason"] == "another-candidate"
    assert rejected.json()["rejection_note"] == "Chose another candidate"
    history = client.get(f"/api/v1/applications/{application_a.pk}/history").json()
    assert [(h["from_stage"], h["to_stage"]) for h in history] == [
        ("interview", "rejected"),
        ("applied", "interview"),
        (None, "applied"),
    ]
    assert history[0]["changed_by"] == "recruiter@acme.test"
    assert history[0]["reason"] == "Chose another candidate"


def test_move_emits_stage_changed_and_outcome_events(recruiter_a, application_a, api_as):
    OutboxEvent.objects.all().delete()
    client = api_as(recruiter_a)
    client.post(f"/api/v1/applications/{application_a.pk}/move", {"stage": "hired"}, format="json")
    events = list(OutboxEvent.objects.order_by("occurred_at").values_list("name", "data"))
    assert [name for name, _ in events] == ["application.stage_changed", "application.hired"]
    assert events[0][1]["from_stage"] == "applied" and events[0][1]["to_stage"] == "hired"


def test_moving_to_an_unknown_stage_is_a_field_error_and_changes_nothing(recruiter_a, application_a, api_as):
    response = api_as(recruiter_a).post(
        f"/api/v1/applications/{application_a.pk}/move", {"stage": "teleported"}, format="json"
    )
    assert response.status_code == 400
    assert "stage" in response.json()["errors"]
    assert StageChange.objects.filter(application=application_a).count() == 1


def test_moving_to_the_current_stage_writes_no_history(recruiter_a, application_a, api_as):
    api_as(recruiter_a).post(f"/api/v1/applications/{application_a.pk}/move", {"stage": "applied"}, format="json")
    assert StageChange.objects.filter(application=application_a).count() == 1


def test_a_candidate_applies_to_a_job_once(recruiter_a, application_a, api_as):
    response = api_as(recruiter_a).post(
        "/api/v1/applications", {"job": application_a.job_id, "candidate": application_a.candidate_id}, format="json"
    )
    # A conflict with what is stored, named in words: the same 409 a concurrent add gets.
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "ALREADY_IN_PIPELINE"
    name, title = application_a.candidate.full_name, application_a.job.title
    assert body["detail"] == f"{name} is already in the pipeline for {title}."
    assert Application.objects.count() == 1


def test_creating_an_application_starts_in_the_first_stage(recruiter_a, job_a, candidate_a, api_as):
    response = api_as(recruiter_a).post(
        "/api/v1/applications", {"job": job_a.pk, "candidate": candidate_a.pk}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["stage"] == "applied"
    assert StageChange.objects.get().to_stage.key == "applied"


def test_stage_change_via_patch_is_ignored_so_history_cannot_be_skipped(recruiter_a, application_a, api_as):
    api_as(recruiter_a).patch(f"/api/v1/applications/{application_a.pk}", {"stage": "hired"}, format="json")
    application_a.refresh_from_db()
    assert application_a.stage.key == "applied"
