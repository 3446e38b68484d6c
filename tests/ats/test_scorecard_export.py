"""GET /api/ats/scorecards/export: a bare array of bias-checked scorecards, filtered by submission date."""

from datetime import UTC, datetime

from recruiting.models import Scorecard
from tests.factories import ApplicationFactory, CandidateFactory, InterviewFactory, JobFactory, ScorecardFactory


def _scorecard(org, interviewer, external_id, feedback, submitted_at, **ratings):
    candidate = CandidateFactory(organization=org, external_id=external_id)
    application = ApplicationFactory(job=JobFactory(organization=org, title="Staff Engineer"), candidate=candidate)
    interview = InterviewFactory(application=application, scheduled_at=datetime(2026, 2, 1, 9, 30, tzinfo=UTC))
    scorecard = ScorecardFactory(
        interview=interview,
        interviewer=interviewer,
        feedback=feedback,
        ratings=ratings or {"technical": 5, "communication": 3, "cultural_fit": 1},
    )
    Scorecard.objects.filter(pk=scorecard.pk).update(submitted_at=submitted_at)
    return scorecard


def test_export_shapes_scores_0_to_100_and_sanitized_feedback(acme_ats, org_a, manager_a):
    _scorecard(
        org_a,
        manager_a,
        "c1",
        "He seems young and energetic. Strong Go, and wrote clean tests.",
        datetime(2026, 2, 2, tzinfo=UTC),
    )

    response = acme_ats.client().get("/api/ats/scorecards/export")

    assert response.status_code == 200
    [row] = response.json()
    assert row == {
        "candidate_external_id": "c1",
        "interview_date": "2026-02-01T09:30:00Z",
        "position": "Staff Engineer",
        "scores": {"technical": 100, "communication": 50, "cultural_fit": 0, "overall": 50},
        "recommendation": "yes",
        "feedback": "[Sentence withheld: it commented on age.] Strong Go, and wrote clean tests.",
        "bias_filtered": True,
        "recruiter_email": "manager@acme.test",
        "submitted_at": "2026-02-02T00:00:00Z",
    }


def test_export_filters_by_candidate_and_submission_dates(acme_ats, org_a, manager_a):
    _scorecard(org_a, manager_a, "early", "ok", datetime(2026, 1, 10, 8, 0, tzinfo=UTC))
    _scorecard(org_a, manager_a, "mid", "ok", datetime(2026, 1, 20, 8, 0, tzinfo=UTC))
    _scorecard(org_a, manager_a, "late", "ok", datetime(2026, 1, 31, 23, 0, tzinfo=UTC))
    client = acme_ats.client()

    def ids(query):
        response = client.get("/api/ats/scorecards/export", query)
        assert response.status_code == 200, response.json()
        return [row["candidate_external_id"] for row in response.json()]

    assert ids({"from_date": "2026-01-20T08:00:00Z"}) == ["mid", "late"]
    assert ids({"from_date": "2026-01-20T10:00:00+02:00", "to_date": "2026-01-20T08:00:00"}) == ["mid"]
    assert ids({"to_date": "2026-01-31"}) == ["early", "mid", "late"]  # a bare date includes that whole day
    assert ids({"candidate_external_id": "late"}) == ["late"]
    assert ids({"from_date": "2026-01-20T08:00:00.000001Z"}) == ["late"]


def test_export_bad_dates_are_400_naming_the_parameter(acme_ats):
    for parameter in ("from_date", "to_date"):
        response = acme_ats.client().get("/api/ats/scorecards/export", {parameter: "31/01/2026"})
        assert response.status_code == 400
        assert parameter in response.json()["detail"]
        assert list(response.json()["errors"]) == [parameter]


def test_export_excludes_other_organizations(globex_ats, org_a, manager_a):
    _scorecard(org_a, manager_a, "c1", "ok", datetime(2026, 1, 10, tzinfo=UTC))
    assert globex_ats.client().get("/api/ats/scorecards/export").json() == []
