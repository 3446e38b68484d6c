"""Another organization's key sees and touches nothing of ours, endpoint by endpoint."""

from recruiting.models import Candidate, Feedback
from tests.factories import CandidateFactory


def test_other_orgs_key_pulls_none_of_our_candidates(acme_ats, globex_ats):
    acme_ats.client().post(
        "/api/ats/candidates/sync",
        {"external_id": "a1", "first_name": "A", "last_name": "B", "email": "a@b.test"},
        format="json",
    )

    body = globex_ats.client().get("/api/ats/candidates").json()

    assert body["total"] == 0 and body["candidates"] == []


def test_other_orgs_key_cannot_push_feedback_on_our_candidate(acme_ats, globex_ats, org_a):
    CandidateFactory(organization=org_a, external_id="a1")

    response = globex_ats.client().post(
        "/api/ats/feedback/sync?candidate_external_id=a1", {"text": "Great"}, format="json"
    )

    assert response.status_code == 404
    assert not Feedback.objects.exists()


def test_other_orgs_key_sync_with_our_external_id_creates_its_own_candidate(acme_ats, globex_ats, org_a, org_b):
    payload = {"external_id": "a1", "first_name": "A", "last_name": "B", "email": "a@b.test"}
    mine = acme_ats.client().post("/api/ats/candidates/sync", payload, format="json").json()

    theirs = globex_ats.client().post("/api/ats/candidates/sync", {**payload, "last_name": "Z"}, format="json").json()

    assert theirs["id"] != mine["id"]
    assert Candidate.objects.get(pk=mine["id"]).last_name == "B"
    assert Candidate.objects.get(pk=theirs["id"]).organization == org_b


def test_other_orgs_key_cannot_read_our_candidate_on_v1(globex_ats, candidate_a):
    assert globex_ats.client().get(f"/api/v1/candidates/{candidate_a.pk}").status_code == 404
    assert globex_ats.client().get("/api/v1/candidates").json()["count"] == 0


def test_other_orgs_key_cannot_see_our_imports_or_ingestions(acme_ats, globex_ats):
    from ats.models import CandidateImport, JobIngestion

    job = CandidateImport.objects.create(organization=acme_ats.integration.organization, csv_text="", source="x")
    ingestion = JobIngestion.objects.create(organization=acme_ats.integration.organization, source="x")
    assert globex_ats.client().get(f"/api/v1/candidates/import/{job.pk}").status_code == 404
    assert globex_ats.client().get(f"/api/v1/ingestion/{ingestion.pk}").status_code == 404
    assert acme_ats.client().get(f"/api/v1/candidates/import/{job.pk}").status_code == 200


def test_other_orgs_bulk_with_our_external_ids_writes_only_its_own_rows(acme_ats, globex_ats, org_a, org_b):
    rows = [{"external_id": "e1", "first_name": "A", "last_name": "B", "email": "same@x.test"}]
    acme_ats.client().post("/api/v1/candidates/bulk", {"candidates": rows}, format="json")

    body = (
        globex_ats.client()
        .post("/api/v1/candidates/bulk", {"candidates": [{**rows[0], "last_name": "Changed"}]}, format="json")
        .json()
    )

    assert (body["candidates_inserted"], body["candidates_updated"]) == (1, 0)
    assert Candidate.objects.for_org(org_a).get().last_name == "B"
    assert Candidate.objects.for_org(org_b).get().last_name == "Changed"


def test_bulk_email_dedupe_never_reaches_another_org(globex_ats, org_a, org_b):
    CandidateFactory(organization=org_a, email="shared@x.test", last_name="Ours")
    rows = [{"first_name": "A", "last_name": "Theirs", "email": "shared@x.test"}]

    body = globex_ats.client().post("/api/v1/candidates/bulk", {"candidates": rows}, format="json").json()

    assert body["candidates_inserted"] == 1
    assert Candidate.objects.for_org(org_a).get().last_name == "Ours"
