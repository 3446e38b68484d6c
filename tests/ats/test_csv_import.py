"""POST /api/v1/candidates/import and GET /api/v1/candidates/import/{id}: CSV processed by a real Celery worker."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from ats.models import CandidateImport
from ats.services import candidate_upserts, csv_import
from recruiting.models import Candidate
from tests.ats import stack

HEADER = "external_id,first_name,last_name,email,phone,skills,experience_years,linkedin_url\n"


def csv_rows(count: int, start: int = 0) -> str:
    return "".join(
        f'c{n},First{n},Last{n},person{n}@example.com,+1 555 {n:04d},"Python; SQL",{n % 30},\n'
        for n in range(start, start + count)
    )


def upload(client, text: str, name="candidates.csv"):
    return client.post(
        "/api/v1/candidates/import", {"file": SimpleUploadedFile(name, text.encode(), "text/csv")}, format="multipart"
    )


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_import_is_processed_by_a_celery_worker_with_progress_and_row_errors(stack_env, tmp_path):
    import httpx

    env = stack_env()
    keys = stack.run_script(env, stack.PARTNER_SETUP)["acme-talent"]["keys"]
    text = HEADER + csv_rows(2400) + "bad,,Nobody,not-an-email,,,,\n" + csv_rows(100, start=0)

    with stack.gunicorn(env, tmp_path, workers=1) as base_url, stack.celery_worker(env, tmp_path):
        http = httpx.Client(base_url=base_url, headers={"X-API-Key": keys[0]}, timeout=30)
        response = http.post("/api/v1/candidates/import", files={"file": ("people.csv", text.encode(), "text/csv")})
        assert response.status_code == 202
        started = response.json()
        assert started["status"] in ("pending", "processing")
        assert started["total"] == 2501

        status = stack.poll_status(
            http, f"/api/v1/candidates/import/{started['id']}", lambda body: body["status"] in ("completed", "failed")
        )

        assert status["status"] == "completed", status
        assert (status["processed"], status["total"]) == (2501, 2501)
        # Rows c0..c99 appear twice: the second time they update the first (in a later chunk).
        assert (status["inserted"], status["updated"]) == (2400, 100)
        assert status["errors"] == [
            {
                "row": 2402,
                "errors": {"first_name": ["This field is required."], "email": ["Enter a valid email address."]},
            }
        ]
        pulled = http.get("/api/ats/candidates?page_size=1").json()
        assert pulled["total"] == 2400
        other = http.get(f"/api/v1/candidates/import/{started['id']}", headers={"X-API-Key": "ats_wrong"})
        assert other.status_code == 401


def test_upload_without_a_file_is_400_naming_the_field(acme_ats):
    response = acme_ats.client().post("/api/v1/candidates/import", {}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()["errors"]
    assert not CandidateImport.objects.exists()


def test_upload_lacking_required_columns_is_400(acme_ats):
    response = upload(acme_ats.client(), "name,mail\nAda,ada@x.test\n")
    assert response.status_code == 400
    assert response.json()["code"] == "INVALID_FILE"
    assert "email" in response.json()["detail"]
    assert not CandidateImport.objects.exists()


def test_import_resumes_after_the_last_committed_chunk(org_a):
    job = CandidateImport.objects.create(
        organization=org_a, csv_text=HEADER + csv_rows(2500), source="csv_import", total=2500
    )
    # A previous attempt committed the first chunk, then its worker died.
    candidate_upserts.upsert_candidates(
        organization=org_a, source="csv_import", rows=csv_import._csv_rows(job.csv_text)[:1000]
    )
    CandidateImport.objects.filter(pk=job.pk).update(status="processing", processed=1000, inserted=1000)

    done = csv_import.process_candidate_import(import_id=job.pk)

    assert (done.status, done.processed, done.inserted, done.updated) == ("completed", 2500, 2500, 0)
    assert Candidate.objects.for_org(org_a).count() == 2500
    assert Candidate.objects.get(external_id="c7").skills == ["Python", "SQL"]


def test_running_a_finished_import_again_changes_nothing(org_a):
    job = CandidateImport.objects.create(organization=org_a, csv_text=HEADER + csv_rows(3), source="csv_import")
    csv_import.process_candidate_import(import_id=job.pk)
    first = Candidate.objects.order_by("pk").values_list("pk", "updated_at")[::1]

    csv_import.process_candidate_import(import_id=job.pk)

    assert Candidate.objects.order_by("pk").values_list("pk", "updated_at")[::1] == first
    assert CandidateImport.objects.get(pk=job.pk).inserted == 3


def test_status_shape_for_the_progress_bar(acme_ats, org_a):
    job = CandidateImport.objects.create(organization=org_a, csv_text=HEADER, source="x", total=10, processed=4)
    body = acme_ats.client().get(f"/api/v1/candidates/import/{job.pk}").json()
    assert {"id", "status", "processed", "total", "inserted", "updated", "errors"} <= set(body)
    assert (body["status"], body["processed"], body["total"]) == ("pending", 4, 10)


def test_an_unreadable_csv_fails_the_import_with_a_reason(org_a):
    job = CandidateImport.objects.create(
        organization=org_a,
        csv_text=HEADER + "c1,Ada," + "L" * 200_000 + ",ada@x.test,,,,\n",
        source="csv_import",
        total=1,
    )

    done = csv_import.process_candidate_import(import_id=job.pk)

    assert done.status == "failed"
    assert "Unreadable CSV" in done.failure
    assert not Candidate.objects.exists()


def test_a_spreadsheet_export_with_human_headers_semicolons_and_windows_encoding_is_accepted(acme_ats, org_a):
    # Excel on a French Windows: ";" between fields, Windows-1252 bytes, headers as people type them.
    text = "First Name;Surname;E-mail;Location;Skills;Years of experience\n"
    text += 'Renée;Françoise-D\'Aubigné;renee@example.org;Montréal, QC;"Python, SQL";4\n'
    response = acme_ats.client().post(
        "/api/v1/candidates/import",
        {"file": SimpleUploadedFile("export.csv", text.encode("cp1252"), "text/csv")},
        format="multipart",
    )
    assert response.status_code == 202, response.json()

    done = csv_import.process_candidate_import(import_id=response.json()["id"])

    assert (done.status, done.inserted, done.errors) == ("completed", 1, [])
    renee = Candidate.objects.for_org(org_a).get(email="renee@example.org")
    assert (renee.first_name, renee.last_name, renee.location) == ("Renée", "Françoise-D'Aubigné", "Montréal, QC")
    assert renee.skills == ["Python", "SQL"]
    assert renee.experience_years == 4


def test_a_utf8_file_with_a_byte_order_mark_and_tabs_is_accepted(acme_ats, org_a):
    text = "\ufeffEmail Address\tFirst Name\tLast Name\nsoren@example.dk\tSøren\tKierkegaard-Ølsen\n\n"
    response = acme_ats.client().post(
        "/api/v1/candidates/import",
        {"file": SimpleUploadedFile("export.tsv", text.encode("utf-8"), "text/csv")},
        format="multipart",
    )
    assert response.status_code == 202, response.json()
    csv_import.process_candidate_import(import_id=response.json()["id"])
    assert Candidate.objects.for_org(org_a).get(email="soren@example.dk").first_name == "Søren"


def test_lines_ending_in_a_lone_carriage_return_are_rows(acme_ats, org_a):
    text = 'first_name,last_name,email,location\rNoël,Brontë,noel@example.org,"Haworth, Yorkshire"\r'
    response = upload(acme_ats.client(), text)
    assert response.status_code == 202, response.json()
    csv_import.process_candidate_import(import_id=response.json()["id"])
    assert Candidate.objects.for_org(org_a).get(email="noel@example.org").location == "Haworth, Yorkshire"


def test_a_bare_carriage_return_inside_a_field_ends_its_line_and_is_no_server_error(acme_ats):
    response = upload(acme_ats.client(), "first_name,last_name,email\nAda\rLovelace,x,ada@example.org\n")
    assert response.status_code == 202, response.content


def test_a_field_longer_than_the_csv_reader_takes_is_a_400_and_nothing_is_stored(acme_ats):
    response = upload(acme_ats.client(), "first_name,last_name,email\n" + "A" * 200_000 + ",x,y@example.org\n")
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "INVALID_FILE"
    assert "Unreadable CSV" in response.json()["detail"]
    assert not CandidateImport.objects.exists()
