"""Candidates arriving twice are flagged, never silently merged; a merge keeps one record with all history.

Matching keys: e-mail (case and spaces ignored), phone in E.164, LinkedIn profile. Every intake path
flags: the API, the partner sync, bulk intake, CSV import (even two rows of one file) and the
dashboard form, which warns before saving.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.html import escape
from rest_framework.test import APIClient

from ats.services import api_keys, csv_import
from recruiting import duplicates, identity, lifecycle, services
from recruiting.models import (
    Application,
    AuditEntry,
    Candidate,
    Document,
    Feedback,
    Interview,
    Note,
    OutboxEvent,
    PipelineStage,
    Scorecard,
    StageChange,
)
from tests.factories import CandidateFactory, InterviewFactory, JobFactory

pytestmark = pytest.mark.django_db


def _stage(org, key):
    return PipelineStage.objects.for_org(org).get(key=key)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Zoë.O'Brien@Example.COM ", "zoë.o'brien@example.com"),
    ],
)
def test_email_keys_ignore_case_and_spaces(one, other):
    assert identity.email_key(one) == identity.email_key(other) != ""


@pytest.mark.parametrize("spelling", ["(415) 555-2671", "+1 415 555 2671", "415.555.2671", "+1-415-555-2671"])
def test_phone_keys_are_e164(spelling, settings):
    settings.PHONE_DEFAULT_REGION = "US"
    assert identity.phone_key(spelling) == "+14155552671"


def test_an_unreadable_phone_gives_no_key_rather_than_a_guess():
    assert identity.phone_key("call me maybe") == ""
    assert identity.phone_key("12") == ""


@pytest.mark.parametrize(
    "url",
    [
        "https://www.linkedin.com/in/zoe-obrien/",
        "http://linkedin.com/in/Zoe-OBrien?trk=profile",
        "linkedin.com/in/zoe-obrien",
        "https://de.linkedin.com/in/zoe-obrien",
    ],
)
def test_linkedin_keys_read_every_spelling_of_one_profile(url):
    assert identity.linkedin_key(url) == "linkedin.com/in/zoe-obrien"


def test_a_linkedin_company_page_or_another_site_is_no_profile():
    assert identity.linkedin_key("https://www.linkedin.com/company/acme") == ""
    assert identity.linkedin_key("https://example.com/in/zoe") == ""


def test_a_second_record_through_the_api_is_flagged_not_merged(org_a, recruiter_a, api_as):
    first = CandidateFactory(organization=org_a, email="zoe.obrien@example.com", first_name="Zoë")
    client = api_as(recruiter_a)
    response = client.post(
        "/api/v1/candidates",
        {"first_name": "Zoe", "last_name": "O'Brien", "email": "ZOE.OBRIEN@example.com", "location": "Berlin, Germany"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["possible_duplicate_of"] == first.pk
    assert Candidate.objects.for_org(org_a).count() == 2  # flagged, not merged

    listed = client.get("/api/v1/candidates", {"possible_duplicates": "true"}).json()["results"]
    assert [row["id"] for row in listed] == [response.json()["id"]]
    assert client.get(f"/api/v1/candidates/{first.pk}").json()["possible_duplicate_of"] is None


def test_candidates_without_a_phone_or_profile_are_not_duplicates_of_each_other(org_a):
    CandidateFactory(organization=org_a, email="a@example.com", phone="", linkedin_url="")
    second = services.create_candidate(
        organization=org_a, first_name="B", last_name="B", email="b@example.com", phone="", linkedin_url=""
    )
    assert second.possible_duplicate_of is None


def test_another_organizations_record_is_never_a_match(org_a, org_b):
    CandidateFactory(organization=org_b, email="zoe@example.com")
    mine = services.create_candidate(organization=org_a, first_name="Zoë", last_name="B", email="zoe@example.com")
    assert mine.possible_duplicate_of is None


def test_a_partner_sync_with_a_known_phone_is_flagged(org_a, admin_a, settings):
    settings.PHONE_DEFAULT_REGION = "US"
    first = CandidateFactory(organization=org_a, email="first@example.com", phone="(415) 555-2671")
    _, _, raw_key = api_keys.register_integration(organization=org_a, name="Greenhouse", created_by=admin_a)
    response = APIClient(HTTP_X_API_KEY=raw_key).post(
        "/api/ats/candidates/sync",
        {
            "external_id": "GH-1",
            "first_name": "Zoë",
            "last_name": "O'Brien",
            "email": "other@example.com",
            "phone": "+1 415 555 2671",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert Candidate.objects.get(external_id="GH-1").possible_duplicate_of_id == first.pk


def test_bulk_intake_flags_a_row_matching_an_earlier_row_of_the_same_request(org_a, admin_a):
    _, _, raw_key = api_keys.register_integration(organization=org_a, name="Lever", created_by=admin_a)
    rows = [
        {"external_id": "L-1", "first_name": "Siobhán", "last_name": "Ní Bhriain", "email": "siobhan@example.ie"},
        {"external_id": "L-2", "first_name": "José", "last_name": "Álvarez", "email": "jose@example.es"},
        {"external_id": "L-3", "first_name": "Siobhan", "last_name": "Ni Bhriain", "email": "Siobhan@Example.ie"},
    ]
    response = APIClient(HTTP_X_API_KEY=raw_key).post("/api/v1/candidates/bulk", {"candidates": rows}, format="json")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["candidates_inserted"] == 3
    first = Candidate.objects.get(external_id="L-1")
    third = Candidate.objects.get(external_id="L-3")
    assert body["possible_duplicates"] == [{"index": 2, "candidate_id": third.pk, "duplicate_of": first.pk}]
    assert third.possible_duplicate_of_id == first.pk
    assert Candidate.objects.get(external_id="L-2").possible_duplicate_of_id is None


def test_a_csv_import_reports_the_rows_it_matched(org_a, recruiter_a, eager_tasks):
    existing = CandidateFactory(organization=org_a, email="amelie@example.fr")
    csv_text = (
        "first_name,last_name,email,phone,external_id\n"
        "Amélie,D'Arcy,AMELIE@example.fr,,C-1\n"
        "Mei-Ling,O'Hara,mei@example.com,,C-2\n"
        "Mei Ling,OHara,mei@example.com ,,C-3\n"
    )
    job = csv_import.start_candidate_import(
        organization=org_a,
        csv_bytes=csv_text.encode(),
        file_name="people.csv",
        created_by=recruiter_a,
        integration=None,
    )
    job = csv_import.process_candidate_import(import_id=job.pk)
    by_row = {match["row"]: match["duplicate_of"] for match in job.possible_duplicates}
    assert by_row == {2: existing.pk, 4: Candidate.objects.get(external_id="C-2").pk}


def test_the_dashboard_form_warns_before_saving_and_saves_when_told(org_a, recruiter_a):
    first = CandidateFactory(organization=org_a, first_name="Zoë", last_name="O'Brien", email="zoe@example.com")
    client = Client()
    client.force_login(recruiter_a)
    form = {"first_name": "Zoe", "last_name": "OBrien", "email": " Zoe@Example.com", "location": "Berlin, Germany"}

    warned = client.post("/candidates/new/", form)
    assert warned.status_code == 200
    assert b"Possible duplicate" in warned.content
    assert f"/candidates/{first.pk}/".encode() in warned.content
    assert Candidate.objects.for_org(org_a).count() == 1

    saved = client.post("/candidates/new/", {**form, "save_anyway": "on"})
    assert saved.status_code == 302
    created = Candidate.objects.for_org(org_a).exclude(pk=first.pk).get()
    assert created.possible_duplicate_of_id == first.pk
    listing = client.get("/candidates/", {"possible_duplicates": "true"})
    assert listing.context["page"].object_list == [created] or list(listing.context["page"].object_list) == [created]


@pytest.fixture
def two_records(org_a, recruiter_a, manager_a):
    """Zoë entered twice: the newer record went further in the Backend job and has more history."""
    backend = JobFactory(organization=org_a, title="Backend Engineer")
    designer = JobFactory(organization=org_a, title="Product Designer")
    kept = services.create_candidate(
        organization=org_a,
        first_name="Zoë",
        last_name="O'Brien",
        email="zoe@example.com",
        source="referral",
        external_id="REF-7",
    )
    duplicate = services.create_candidate(
        organization=org_a,
        first_name="Zoe",
        last_name="O'Brien",
        email="ZOE@example.com",
        phone="+49 30 1234567",
        location="Berlin, Germany",
        source="linkedin",
        external_id="LI-99",
        skills=["Python", "Django"],
    )
    assert duplicate.possible_duplicate_of_id == kept.pk
    kept_backend = services.create_application(job=backend, candidate=kept, actor=recruiter_a)
    dup_backend = services.create_application(job=backend, candidate=duplicate, actor=recruiter_a)
    services.move_application_to_stage(application=dup_backend, stage=_stage(org_a, "interview"), actor=recruiter_a)
    dup_designer = services.create_application(job=designer, candidate=duplicate, actor=recruiter_a)
    interview = InterviewFactory(application=dup_backend)
    services.submit_scorecard(
        interview=interview,
        interviewer=manager_a,
        ratings={"technical": 4},
        recommendation="yes",
        feedback="Explained the café's ordering system clearly.",
    )
    services.add_note(candidate=duplicate, body="Prefers Berlin, Germany.", author=recruiter_a)
    Feedback.objects.create(organization=org_a, candidate=duplicate, text="Strong Django.", reviewer="HM")
    Document.objects.create(
        organization=org_a,
        candidate=duplicate,
        kind=Document.Kind.RESUME,
        original_filename="zoe.pdf",
        stored_name="x/zoe.pdf",
        content_type="application/pdf",
        size=10,
    )
    return {
        "kept": kept,
        "duplicate": duplicate,
        "backend": backend,
        "designer": designer,
        "kept_backend": kept_backend,
        "dup_backend": dup_backend,
        "dup_designer": dup_designer,
        "interview": interview,
    }


def test_a_merge_keeps_one_candidate_with_all_history(two_records, recruiter_a, api_as, org_a):
    kept, duplicate = two_records["kept"], two_records["duplicate"]
    response = api_as(recruiter_a).post(
        f"/api/v1/candidates/{kept.pk}/merge", {"duplicate_id": duplicate.pk}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["id"] == kept.pk
    assert body["phone"] == "+49 30 1234567" and body["location"] == "Berlin, Germany"  # filled from the duplicate
    assert set(body["skills"]) == {"Python", "Django"}
    assert body["possible_duplicate_of"] is None

    assert not Candidate.objects.filter(pk=duplicate.pk).exists()
    applications = {app.job_id: app for app in Application.objects.filter(candidate=kept)}
    assert set(applications) == {two_records["backend"].pk, two_records["designer"].pk}
    backend = applications[two_records["backend"].pk]
    assert backend.pk == two_records["dup_backend"].pk and backend.stage.key == "interview"  # the further one
    # The other application's history joined it: two "added" entries and the move to interview.
    assert StageChange.objects.filter(application=backend).count() == 3
    assert not Application.objects.filter(pk=two_records["kept_backend"].pk).exists()
    assert Interview.objects.get(pk=two_records["interview"].pk).application_id == backend.pk
    assert Scorecard.objects.filter(interview__application__candidate=kept).count() == 1
    assert Note.objects.filter(candidate=kept).count() == 1
    assert Feedback.objects.filter(candidate=kept).count() == 1
    assert Document.objects.filter(candidate=kept).count() == 1

    event = OutboxEvent.objects.filter(name="candidate.merged").get()
    assert event.data == {"candidate_id": kept.pk, "merged_candidate_id": duplicate.pk, "external_id": "REF-7"}
    assert AuditEntry.objects.filter(action="candidate.merged", target_id=f"{duplicate.pk}->{kept.pk}").count() == 1


def test_the_old_id_still_resolves(two_records, recruiter_a, api_as, org_a):
    kept, duplicate = two_records["kept"], two_records["duplicate"]
    duplicates.merge_candidates(kept=kept, duplicate=duplicate, actor=recruiter_a)

    api = api_as(recruiter_a).get(f"/api/v1/candidates/{duplicate.pk}")
    assert api.status_code == 301
    assert api["Location"] == f"/api/v1/candidates/{kept.pk}"

    page = Client()
    page.force_login(recruiter_a)
    response = page.get(f"/candidates/{duplicate.pk}/")
    assert response.status_code == 301
    assert response["Location"] == f"/candidates/{kept.pk}/"
    assert page.get(f"/candidates/{duplicate.pk + 10_000}/").status_code == 404


def test_the_partner_id_of_the_merged_record_leads_to_the_kept_one(two_records, recruiter_a, org_a, admin_a):
    kept, duplicate = two_records["kept"], two_records["duplicate"]
    integration, _, raw_key = api_keys.register_integration(organization=org_a, name="LinkedIn", created_by=admin_a)
    # The duplicate came from this partner: its rows carry the integration's source.
    Candidate.objects.filter(pk=duplicate.pk).update(source=integration.candidate_source)
    duplicate.refresh_from_db()
    duplicates.merge_candidates(kept=kept, duplicate=duplicate, actor=recruiter_a)

    partner = APIClient(HTTP_X_API_KEY=raw_key)
    response = partner.post(
        "/api/ats/candidates/sync",
        {
            "external_id": "LI-99",
            "first_name": "Zoë",
            "last_name": "O'Brien",
            "email": "zoe@example.com",
            "location": "Lisbon, Portugal",
        },
        format="json",
    )
    assert response.status_code == 201, response.content  # the contract answers 201 to every sync
    assert response.json()["id"] == kept.pk
    assert Candidate.objects.for_org(org_a).count() == 1
    kept.refresh_from_db()
    assert (kept.location, kept.external_id) == ("Lisbon, Portugal", "REF-7")
    exported = partner.get("/api/ats/scorecards/export", {"candidate_external_id": "LI-99"})
    assert exported.status_code == 200
    assert len(exported.json()) == 1


def test_another_organizations_candidate_cannot_be_merged_in(two_records, recruiter_a, api_as, org_b, admin_b):
    kept = two_records["kept"]
    foreign = CandidateFactory(organization=org_b, email="zoe@example.com")
    response = api_as(recruiter_a).post(
        f"/api/v1/candidates/{kept.pk}/merge", {"duplicate_id": foreign.pk}, format="json"
    )
    assert response.status_code == 400
    assert "duplicate_id" in response.json()["errors"]
    assert Candidate.objects.filter(pk=foreign.pk).exists()
    # And B's admin cannot merge into A's candidate: it is not there for them.
    response = api_as(admin_b).post(f"/api/v1/candidates/{kept.pk}/merge", {"duplicate_id": foreign.pk}, format="json")
    assert response.status_code == 404


def test_a_candidate_is_not_merged_into_itself(two_records, recruiter_a, api_as):
    kept = two_records["kept"]
    response = api_as(recruiter_a).post(f"/api/v1/candidates/{kept.pk}/merge", {"duplicate_id": kept.pk}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "SAME_CANDIDATE"


def test_not_a_duplicate_clears_the_flag_for_good(two_records, recruiter_a, api_as):
    duplicate = two_records["duplicate"]
    response = api_as(recruiter_a).post(f"/api/v1/candidates/{duplicate.pk}/not-a-duplicate")
    assert response.status_code == 200
    assert response.json()["possible_duplicate_of"] is None
    assert AuditEntry.objects.filter(action="candidate.duplicate_dismissed").count() == 1


def test_the_dashboard_merges_from_the_duplicate_card(two_records, recruiter_a):
    kept, duplicate = two_records["kept"], two_records["duplicate"]
    page = Client()
    page.force_login(recruiter_a)
    detail = page.get(f"/candidates/{duplicate.pk}/")
    assert b"Possible duplicate" in detail.content
    assert f"Merge into {escape(kept.full_name)}".encode() in detail.content

    response = page.post(f"/candidates/{kept.pk}/merge/", {"duplicate": duplicate.pk})
    assert response.status_code == 302
    assert not Candidate.objects.filter(pk=duplicate.pk).exists()


def test_an_erased_person_is_no_longer_matched(org_a, admin_a):
    gone = services.create_candidate(organization=org_a, first_name="A", last_name="B", email="gone@example.com")
    lifecycle.erase_candidate(candidate=gone, actor=admin_a)
    again = services.create_candidate(organization=org_a, first_name="A", last_name="B", email="gone@example.com")
    assert again.possible_duplicate_of is None
