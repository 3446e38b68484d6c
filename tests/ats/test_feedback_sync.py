"""POST /api/ats/feedback/sync: partner feedback stored as its own rows, bias-checked."""

from recruiting.models import Feedback
from tests.factories import CandidateFactory


def _push(partner, external_id="gh-7"):
    return (
        partner.client()
        .post(
            "/api/ats/candidates/sync",
            {"external_id": external_id, "first_name": "Lin", "last_name": "Chen", "email": "lin@x.test"},
            format="json",
        )
        .json()
    )


def test_biased_feedback_is_stored_sanitized_with_the_original_kept(acme_ats):
    candidate = _push(acme_ats)

    response = acme_ats.client().post(
        "/api/ats/feedback/sync?candidate_external_id=gh-7",
        {
            "text": "She is pregnant, so maybe not. Attractive and a great culture fit.",
            "rating": 4,
            "reviewer": "Sam",
            "source": "greenhouse",
        },
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "success"
    assert body["candidate_id"] == candidate["id"]
    assert body["bias_filtered"] is True
    feedback = Feedback.objects.get(candidate_id=candidate["id"])
    assert feedback.original_text.startswith("She is pregnant")
    assert "pregnant" not in feedback.text and "ttractive" not in feedback.text
    assert feedback.text == (
        "[Sentence withheld: it commented on family status.] "
        "[Sentence withheld: it commented on appearance and coded 'culture fit' language.]"
    )
    assert body["text"] == feedback.text
    assert {flag["category"] for flag in feedback.bias_flags} == {"family_status", "appearance", "culture_fit"}
    assert (feedback.rating, feedback.reviewer, feedback.source) == (4, "Sam", "greenhouse")


def test_neutral_feedback_is_not_filtered(acme_ats):
    _push(acme_ats)
    response = acme_ats.client().post(
        "/api/ats/feedback/sync?candidate_external_id=gh-7",
        {"text": "Built a native iOS app with single sign-on; healthy test suite.", "rating": 5},
        format="json",
    )
    assert response.json()["bias_filtered"] is False
    assert Feedback.objects.get().text == Feedback.objects.get().original_text


def test_unknown_candidate_is_404_candidate_not_found(acme_ats):
    response = acme_ats.client().post(
        "/api/ats/feedback/sync?candidate_external_id=nobody", {"text": "Hi"}, format="json"
    )
    assert response.status_code == 404
    assert response.json() == {"detail": "Candidate not found", "code": "NOT_FOUND"}
    assert not Feedback.objects.exists()


def test_feedback_finds_a_candidate_added_outside_the_integration(acme_ats, org_a):
    candidate = CandidateFactory(organization=org_a, external_id="ref-9", source="referral")
    response = acme_ats.client().post(
        "/api/ats/feedback/sync?candidate_external_id=ref-9", {"text": "Good"}, format="json"
    )
    assert response.status_code == 201
    assert response.json()["candidate_id"] == candidate.pk


def test_feedback_rating_out_of_range_is_400(acme_ats):
    _push(acme_ats)
    response = acme_ats.client().post(
        "/api/ats/feedback/sync?candidate_external_id=gh-7", {"text": "Good", "rating": 9}, format="json"
    )
    assert response.status_code == 400
    assert "rating" in response.json()["errors"]
    assert not Feedback.objects.exists()


def test_missing_candidate_external_id_is_400_naming_it(acme_ats):
    response = acme_ats.client().post("/api/ats/feedback/sync", {"text": "Good"}, format="json")
    assert response.status_code == 400
    assert "candidate_external_id" in response.json()["errors"]
