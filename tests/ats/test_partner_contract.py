"""Seed 001's partner contract: free-text locations and decimal feedback ratings, read back unchanged."""

import pytest

from ats.models import CandidateImport
from ats.services import csv_import
from recruiting.models import Candidate, Feedback
from tests.realistic import CANDIDATES, SEED_001_FEEDBACK, candidates_csv

READ_BACK = ("external_id", "first_name", "last_name", "phone", "location")


def _stored(external_id):
    return Candidate.objects.get(external_id=external_id)


@pytest.mark.parametrize("row", CANDIDATES, ids=lambda row: row["location"] or "no location")
def test_candidate_sync_accepts_free_text_locations_and_pull_returns_them_unchanged(acme_ats, row):
    response = acme_ats.client().post("/api/ats/candidates/sync", row, format="json")

    assert response.status_code == 201, response.json()
    pulled = {item["external_id"]: item for item in acme_ats.client().get("/api/ats/candidates").json()["candidates"]}
    for field in READ_BACK:
        assert pulled[row["external_id"]][field] == row[field]


def test_bulk_intake_stores_realistic_rows_unchanged(acme_ats):
    response = acme_ats.client().post("/api/v1/candidates/bulk", {"candidates": CANDIDATES}, format="json")

    assert response.status_code == 200
    assert response.json()["total_errors"] == 0, response.json()
    for row in CANDIDATES:
        stored = _stored(row["external_id"])
        assert [getattr(stored, field) for field in READ_BACK] == [row[field] for field in READ_BACK]
    assert _stored("ATS-12345").ats_data == CANDIDATES[0]["ats_data"]


def test_csv_import_stores_realistic_rows_unchanged(org_a):
    job = CandidateImport.objects.create(
        organization=org_a, csv_text=candidates_csv(), source="csv_import", total=len(CANDIDATES)
    )

    done = csv_import.process_candidate_import(import_id=job.pk)

    assert (done.status, done.inserted, done.errors) == ("completed", len(CANDIDATES), [])
    for row in CANDIDATES:
        stored = _stored(row["external_id"])
        assert [getattr(stored, field) for field in READ_BACK] == [row[field] for field in READ_BACK]


def test_feedback_sync_accepts_seed_001_decimal_rating_and_keeps_it_exactly(acme_ats):
    acme_ats.client().post("/api/ats/candidates/sync", CANDIDATES[0], format="json")

    response = acme_ats.client().post(
        "/api/ats/feedback/sync?candidate_external_id=ATS-12345", SEED_001_FEEDBACK, format="json"
    )

    assert response.status_code == 201, response.json()
    feedback = Feedback.objects.get()
    assert str(feedback.rating.normalize()) == "4.5"
    assert feedback.reviewer == "Hiring Manager"


def test_feedback_api_reads_a_decimal_rating_back_as_the_number_sent(acme_ats, admin_a, api_as):
    acme_ats.client().post("/api/ats/candidates/sync", CANDIDATES[0], format="json")
    acme_ats.client().post("/api/ats/feedback/sync?candidate_external_id=ATS-12345", SEED_001_FEEDBACK, format="json")

    body = api_as(admin_a).get(f"/api/v1/feedback/{Feedback.objects.get().pk}/").json()

    assert body["rating"] == 4.5


def test_a_rating_with_more_than_two_decimals_is_kept_to_two(acme_ats, admin_a, api_as):
    # The schema admits any number from 0 to 5: a partner's average is rounded half up, not refused.
    acme_ats.client().post("/api/ats/candidates/sync", CANDIDATES[0], format="json")

    answers = [
        acme_ats.client().post(
            "/api/ats/feedback/sync?candidate_external_id=ATS-12345",
            {**SEED_001_FEEDBACK, "rating": rating, "reviewer": f"Interviewer {number}"},
            format="json",
        )
        for number, rating in enumerate([4.125, 4.333333, 0.004, 4.999])
    ]

    assert [answer.status_code for answer in answers] == [201] * 4, [a.json() for a in answers]
    stored = sorted(str(feedback.rating) for feedback in Feedback.objects.all())
    assert stored == ["0.00", "4.13", "4.33", "5.00"]
    read_back = api_as(admin_a).get("/api/v1/feedback/", {"page_size": 10}).json()["results"]
    assert sorted(row["rating"] for row in read_back) == [0.0, 4.13, 4.33, 5.0]


@pytest.mark.parametrize("rating", [5.5, -0.5, "great", 5.004, -0.001, True])
def test_feedback_rating_out_of_range_or_not_a_number_is_400_naming_rating(acme_ats, rating):
    acme_ats.client().post("/api/ats/candidates/sync", CANDIDATES[0], format="json")

    response = acme_ats.client().post(
        "/api/ats/feedback/sync?candidate_external_id=ATS-12345",
        {**SEED_001_FEEDBACK, "rating": rating},
        format="json",
    )

    assert response.status_code == 400
    assert "rating" in response.json()["errors"]
    assert not Feedback.objects.exists()
