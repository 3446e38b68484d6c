"""Bias checks on every feedback path: POST /api/v1/bias/check, scorecards and feedback rows."""

from rest_framework.test import APIClient

from recruiting.models import Feedback, Scorecard
from tests.ats.conftest import make_partner
from tests.factories import InterviewFactory

BIASED = "He seems young and energetic, a great culture fit."


def test_bias_check_endpoint_for_a_signed_in_member(api_as, viewer_a):
    response = api_as(viewer_a).post("/api/v1/bias/check", {"text": BIASED}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"flags", "severity", "sanitized_text", "bias_filtered"}
    assert {flag["category"] for flag in body["flags"]} == {"age", "culture_fit"}
    assert [flag["label"] for flag in body["flags"]] == ["Age", "Coded 'culture fit' language"]
    assert body["sanitized_text"] == "[Sentence withheld: it commented on age and coded 'culture fit' language.]"
    assert body["bias_filtered"] is True
    assert body["severity"] == "medium"


def test_bias_check_endpoint_with_an_api_key(org_a, admin_a):
    partner = make_partner(org_a, admin_a, "ATS", scopes=["feedback:write"])
    response = partner.client().post("/api/v1/bias/check", {"text": "Neutral words."}, format="json")
    assert response.status_code == 200
    assert response.json() == {
        "flags": [],
        "severity": "none",
        "sanitized_text": "Neutral words.",
        "bias_filtered": False,
    }


def test_bias_check_requires_credentials_and_text(api_as, viewer_a):
    assert APIClient().post("/api/v1/bias/check", {"text": "x"}, format="json").status_code == 401
    response = api_as(viewer_a).post("/api/v1/bias/check", {}, format="json")
    assert response.status_code == 400
    assert "text" in response.json()["errors"]


def test_submitted_scorecard_is_saved_as_written_with_its_flags(api_as, application_a, manager_a, admin_a, recruiter_a):
    interview = InterviewFactory(application=application_a)
    response = api_as(manager_a).post(
        "/api/v1/scorecards",
        {"interview": interview.pk, "ratings": {"technical": 4}, "recommendation": "yes", "feedback": BIASED},
        format="json",
    )

    assert response.status_code == 201, response.json()
    scorecard = Scorecard.objects.get()
    assert scorecard.original_feedback == BIASED
    assert scorecard.feedback == BIASED
    assert {flag["category"] for flag in scorecard.bias_flags} == {"age", "culture_fit"}
    assert response.json()["feedback"] == BIASED
    assert "original_feedback" not in api_as(recruiter_a).get(f"/api/v1/scorecards/{scorecard.pk}").json()
    assert api_as(admin_a).get(f"/api/v1/scorecards/{scorecard.pk}").json()["original_feedback"] == BIASED


def test_revised_scorecard_feedback_is_checked_again(api_as, application_a, manager_a):
    interview = InterviewFactory(application=application_a)
    created = (
        api_as(manager_a)
        .post(
            "/api/v1/scorecards",
            {"interview": interview.pk, "ratings": {"technical": 4}, "recommendation": "yes", "feedback": "Fine."},
            format="json",
        )
        .json()
    )

    api_as(manager_a).patch(f"/api/v1/scorecards/{created['id']}", {"feedback": "She has kids."}, format="json")

    scorecard = Scorecard.objects.get()
    assert scorecard.original_feedback == "She has kids."
    assert scorecard.feedback == "She has kids."
    assert scorecard.bias_flags[0]["category"] == "family_status"


def test_feedback_from_the_v1_api_is_sanitized_and_original_hidden(api_as, candidate_a, recruiter_a, admin_a):
    response = api_as(recruiter_a).post(
        "/api/v1/feedback", {"candidate": candidate_a.pk, "text": "Attractive and sharp."}, format="json"
    )

    assert response.status_code == 201
    body = response.json()
    assert body["bias_filtered"] is True
    assert body["text"] == "[Sentence withheld: it commented on appearance.]"
    assert "original_text" not in body
    feedback = Feedback.objects.get()
    assert feedback.original_text == "Attractive and sharp."
    assert api_as(admin_a).get(f"/api/v1/feedback/{feedback.pk}").json()["original_text"] == "Attractive and sharp."


def test_feedback_by_api_key_on_v1_has_no_author(org_a, admin_a, candidate_a):
    partner = make_partner(org_a, admin_a, "ATS", scopes=["feedback:write"])
    response = partner.client().post("/api/v1/feedback", {"candidate": candidate_a.pk, "text": "Good"}, format="json")
    assert response.status_code == 201
    assert Feedback.objects.get().author is None
    assert "original_text" not in response.json()
