"""The Resumes card on the candidate page: upload, see the parsed fields, accept them, download."""

from __future__ import annotations

import io

import pytest
from django.test import Client

from recruiting.models import Candidate, Document
from tests.documents.corpus import PEOPLE, as_docx
from tests.factories import CandidateFactory


def _upload(data: bytes, name: str):
    upload = io.BytesIO(data)
    upload.name = name
    return upload


@pytest.mark.django_db
def test_a_recruiter_uploads_a_resume_and_accepts_its_fields(
    recruiter_a, org_a, eager_tasks, django_capture_on_commit_callbacks
):
    person = PEOPLE[4]  # Jürgen Müller, Berlin, Germany
    candidate = CandidateFactory(organization=org_a, first_name="J", last_name="M", email="j@example.com")
    client = Client()
    client.force_login(recruiter_a)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            f"/candidates/{candidate.pk}/resumes/", {"file": _upload(as_docx(person), "Müller CV.docx")}
        )
    assert answer.status_code == 302
    page = client.get(f"/candidates/{candidate.pk}/").content.decode()
    assert "Müller CV.docx" in page and "+493012345678" in page and "Berlin, Germany" in page
    resume = Document.objects.get()
    assert client.post(f"/resumes/{resume.pk}/accept/").status_code == 302
    candidate = Candidate.objects.get(pk=candidate.pk)
    assert (candidate.first_name, candidate.last_name, candidate.location) == ("Jürgen", "Müller", "Berlin, Germany")
    download = client.get(f"/resumes/{resume.pk}/download/")
    assert download.status_code == 302
    assert (
        client.get(download["Location"]).content == as_docx(person)
        or Client().get(download["Location"]).status_code == 200
    )


@pytest.mark.django_db
def test_a_renamed_executable_is_refused_with_the_reason_on_the_page(recruiter_a, org_a):
    candidate = CandidateFactory(organization=org_a)
    client = Client()
    client.force_login(recruiter_a)
    answer = client.post(
        f"/candidates/{candidate.pk}/resumes/", {"file": _upload(b"MZ\x90\x00" + b"\x00" * 100, "cv.pdf")}, follow=True
    )
    assert answer.status_code == 200
    assert "executable" in answer.content.decode().lower()
    assert not Document.objects.exists()


@pytest.mark.django_db
def test_a_viewer_sees_the_card_without_the_upload_form(viewer_a, org_a):
    candidate = CandidateFactory(organization=org_a)
    client = Client()
    client.force_login(viewer_a)
    page = client.get(f"/candidates/{candidate.pk}/").content.decode()
    assert "Resumes" in page and 'name="file"' not in page
    assert client.post(f"/candidates/{candidate.pk}/resumes/", {"file": _upload(b"hello", "a.txt")}).status_code == 403


@pytest.mark.django_db
def test_a_file_over_the_limit_is_refused_on_the_page_before_it_is_stored(recruiter_a, org_a, settings):
    settings.DOCUMENTS_MAX_UPLOAD_BYTES = 1_000
    candidate = CandidateFactory(organization=org_a)
    client = Client(enforce_csrf_checks=True)
    client.force_login(recruiter_a)
    token = client.get(f"/candidates/{candidate.pk}/").context["csrf_token"]
    answer = client.post(
        f"/candidates/{candidate.pk}/resumes/",
        {"file": _upload(b"x" * 5_000, "big.txt"), "csrfmiddlewaretoken": str(token)},
        follow=True,
    )
    assert answer.status_code == 200
    assert "larger than the" in answer.content.decode()
    assert not Document.objects.exists()
