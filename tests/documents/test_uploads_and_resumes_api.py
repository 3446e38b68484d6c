"""Uploads, resumes and signed storage URLs over the v1 API, as ReViewPoint's and JobSwipe's clients call them."""

from __future__ import annotations

import io
import zipfile
from urllib.parse import urlsplit

import pytest
from rest_framework.test import APIClient

from ats.services import api_keys
from recruiting.models import Candidate, Document
from tests.documents.corpus import PEOPLE, as_docx, as_pdf, as_text
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def key_client(org_a, admin_a):
    _, _, raw_key = api_keys.register_integration(organization=org_a, name="JobSwipe", created_by=admin_a)
    client = APIClient()
    client.credentials(HTTP_X_API_KEY=raw_key)
    return client


def _file(data: bytes, name: str, content_type: str = "application/pdf"):
    upload = io.BytesIO(data)
    upload.name = name
    return upload


def _path(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


def test_an_upload_answers_what_reviewpoints_client_reads_and_its_download_url_serves_the_bytes(api_as, admin_a):
    client = api_as(admin_a)
    pdf = as_pdf(PEOPLE[0])
    response = client.post(
        "/api/v1/uploads",
        {"file": _file(pdf, "research_paper.pdf"), "description": "Draft research paper"},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert {"id", "filename", "content_type", "size", "download_url"} <= set(body)
    assert (body["filename"], body["content_type"], body["size"]) == ("research_paper.pdf", "application/pdf", len(pdf))
    assert body["download_url"].startswith("http://testserver/api/v1/storage/files/")

    download = APIClient().get(_path(body["download_url"]))  # the signature is the credential
    assert download.status_code == 200
    assert download.content == pdf
    assert download["Content-Disposition"] == 'attachment; filename="research_paper.pdf"'

    assert [item["id"] for item in client.get("/api/v1/uploads").json()["results"]] == [body["id"]]
    assert client.get(f"/api/v1/uploads/{body['id']}").json()["description"] == "Draft research paper"
    assert client.delete(f"/api/v1/uploads/{body['id']}").status_code == 204
    assert APIClient().get(_path(body["download_url"])).status_code == 404


def test_a_resume_is_parsed_in_the_background_and_its_fields_accepted_in_one_action(
    api_as, recruiter_a, org_a, eager_tasks, django_capture_on_commit_callbacks
):
    person = PEOPLE[2]  # Zoë O'Neill, Dublin
    candidate = CandidateFactory(organization=org_a, first_name="Z", last_name="O", email="placeholder@example.com")
    client = api_as(recruiter_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/v1/candidates/{candidate.pk}/resumes",
            {"file": _file(as_docx(person), "cv.docx")},
            format="multipart",
        )
    assert response.status_code == 201, response.content
    resume = client.get(f"/api/v1/resumes/{response.json()['id']}").json()
    assert resume["parse_status"] == "parsed"
    extracted = resume["extracted_data"]
    assert (extracted["email"], extracted["phone"], extracted["location"]) == (
        person.email,
        person.e164,
        person.location,
    )
    assert 0 < resume["parsing_confidence"] <= 1

    accepted = client.post(f"/api/v1/resumes/{resume['id']}/accept", {}, format="json")
    assert accepted.status_code == 200, accepted.content
    candidate = Candidate.objects.get(pk=candidate.pk)
    assert (candidate.first_name, candidate.last_name, candidate.email) == ("Zoë", "O'Neill", person.email)
    assert candidate.phone == person.e164
    assert set(candidate.skills) >= {"React", "TypeScript"}
    assert [item["id"] for item in client.get(f"/api/v1/candidates/{candidate.pk}/resumes").json()] == [resume["id"]]


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b"A" * (60 * 1024 * 1024) + b"</w:document>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "EXECUTABLE_FILE"),  # a Windows executable named .pdf
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "EXECUTABLE_FILE"),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage without an end", None),
        (_zip_bomb(), None),
        (b"", "EMPTY_FILE"),
    ],
    ids=["windows-exe", "linux-exe", "broken-pdf", "docx-zip-bomb", "empty"],
)
def test_bad_files_are_a_400_with_the_reason_and_nothing_is_stored(api_as, admin_a, org_a, data, code):
    candidate = CandidateFactory(organization=org_a)
    response = api_as(admin_a).post(
        f"/api/v1/candidates/{candidate.pk}/resumes", {"file": _file(data, "cv.pdf")}, format="multipart"
    )
    assert response.status_code == 400, response.content
    body = response.json()
    assert "file" in body["errors"]
    if code:
        assert body["code"] == code
    assert not Document.objects.exists()


def test_a_file_over_the_limit_is_a_413(api_as, admin_a, settings):
    settings.DOCUMENTS_MAX_UPLOAD_BYTES = 2_000
    response = api_as(admin_a).post("/api/v1/uploads", {"file": _file(b"a" * 5_000, "notes.txt")}, format="multipart")
    assert response.status_code == 413
    assert response.json()["code"] == "FILE_TOO_LARGE"
    assert not Document.objects.exists()


def test_another_organizations_candidates_and_files_are_404_by_id_and_by_url(api_as, admin_a, admin_b, org_b):
    theirs = CandidateFactory(organization=org_b)
    mine = api_as(admin_a)
    assert (
        mine.post(
            f"/api/v1/candidates/{theirs.pk}/resumes", {"file": _file(as_text(PEOPLE[1]), "cv.txt")}, format="multipart"
        ).status_code
        == 404
    )
    assert mine.get(f"/api/v1/candidates/{theirs.pk}/resumes").status_code == 404
    upload = (
        api_as(admin_b)
        .post("/api/v1/uploads", {"file": _file(as_text(PEOPLE[1]), "cv.txt")}, format="multipart")
        .json()
    )
    assert mine.get(f"/api/v1/uploads/{upload['id']}").status_code == 404
    assert mine.delete(f"/api/v1/uploads/{upload['id']}").status_code == 404
    file_url = f"/api/v1/storage/files/{upload['uuid']}"
    presign = mine.post("/api/v1/storage/presigned-url", {"operation": "download", "file_url": file_url}, format="json")
    assert presign.status_code == 404
    parse = mine.post("/api/v1/resume/parse", {"resume_url": file_url}, format="json")
    assert parse.status_code == 400 and "resume_url" in parse.json()["errors"]
    assert Document.objects.count() == 1


def test_signed_urls_that_are_tampered_with_or_expired_are_a_403(api_as, admin_a, settings):
    body = (
        api_as(admin_a)
        .post("/api/v1/uploads", {"file": _file(as_text(PEOPLE[4]), "cv.txt")}, format="multipart")
        .json()
    )
    path = _path(body["download_url"])
    assert APIClient().get(path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")).status_code == 403
    assert APIClient().get(path.split("?")[0]).status_code == 403
    settings.DOCUMENTS_SIGNED_URL_SECONDS = -5
    expired = api_as(admin_a).get(f"/api/v1/uploads/{body['id']}").json()["download_url"]
    answer = APIClient().get(_path(expired))
    assert answer.status_code == 403
    assert answer.json()["code"] == "URL_EXPIRED"


def test_jobswipes_presigned_upload_then_parse_by_resume_url(key_client):
    person = PEOPLE[5]  # Priya Raman, Bengaluru
    presigned = key_client.post(
        "/api/v1/storage/presigned-url",
        {"filename": "resume.pdf", "content_type": "application/pdf", "operation": "upload"},
        format="json",
    )
    assert presigned.status_code == 200, presigned.content
    grant = presigned.json()
    assert {"upload_url", "file_url", "expires_at"} <= set(grant)
    stored = APIClient().put(_path(grant["upload_url"]), data=as_pdf(person), content_type="application/pdf")
    assert stored.status_code == 201, stored.content
    assert APIClient().put(_path(grant["upload_url"]), data=b"again", content_type="text/plain").status_code == 400

    parsed = key_client.post("/api/v1/resume/parse", {"resume_url": grant["file_url"]}, format="json")
    assert parsed.status_code == 200, parsed.content
    body = parsed.json()
    assert body["parsed"] is True
    assert (body["extracted_data"]["email"], body["extracted_data"]["phone"]) == (person.email, person.e164)
    assert "Python" in body["extracted_data"]["skills"]
    assert body["parsing_confidence"] > 0.5 and body["parsed_at"]


def test_a_file_posted_to_resume_parse_is_parsed_at_once(api_as, recruiter_a):
    person = PEOPLE[9]  # Noah Williams, (415) 555-0134
    response = api_as(recruiter_a).post(
        "/api/v1/resume/parse", {"file": _file(as_text(person), "noah.txt")}, format="multipart"
    )
    assert response.status_code == 200, response.content
    assert response.json()["extracted_data"]["phone"] == "+14155550134"
    assert api_as(recruiter_a).post("/api/v1/resume/parse", {}, format="json").status_code == 400
