"""The public careers page: open jobs per organization, applying without signing in, and spam kept out."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from integrations.models import Notification
from integrations.services.relay import relay_event
from recruiting import careers, services
from recruiting.models import Application, Candidate, Document, Job, Note, OutboxEvent, User
from tests.conftest import PASSWORD
from tests.documents.corpus import PEOPLE, as_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_minimum_form_age(settings):
    settings.CAREERS_MIN_FORM_SECONDS = 0


@pytest.fixture
def acme():
    organization = services.create_organization(name="Acme Talent")
    manager = services.create_user(
        organization=organization, email="hm@acme.test", password=PASSWORD, role=User.Role.HIRING_MANAGER
    )
    services.create_user(organization=organization, email="admin@acme.test", password=PASSWORD, role=User.Role.ADMIN)
    job = services.create_job(
        organization=organization,
        title="Backend Engineer",
        department="Engineering",
        location="Lyon, France",
        remote_policy="hybrid",
        description="Build the platform.",
        salary_min=90000,
        salary_max=120000,
        status="open",
        hiring_team=[manager],
    )
    return organization, job, manager


def _url(job: Job) -> str:
    return f"/careers/{job.organization.slug}/jobs/{job.pk}/"


def _form(client: Client, job: Job) -> dict[str, str]:
    """The fields a person fills, with the token the page rendered."""
    page = client.get(_url(job))
    assert page.status_code == 200
    token = page.context["form"].initial["form_token"]
    return {
        "first_name": "Zoë",
        "last_name": "O'Brien",
        "email": "zoe.obrien@example.com",
        "phone": "+33 6 12 34 56 78",
        "why_interested": "J'adore les systèmes distribués — et l'équipe à Lyon. " * 40,
        "notice_period": "In a month",
        "website": "",
        "form_token": token,
    }


def test_the_list_shows_only_this_organizations_open_jobs_in_words(acme):
    organization, job, _ = acme
    services.create_job(organization=organization, title="Draft role", status="draft")
    services.create_job(organization=organization, title="Closed role", status="closed")
    other = services.create_organization(name="Globex Hiring")
    services.create_job(organization=other, title="Globex secret role", status="open")
    page = Client().get(f"/careers/{organization.slug}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert "Backend Engineer" in text and "Engineering" in text and "Lyon, France" in text and "Hybrid" in text
    assert "Draft role" not in text and "Closed role" not in text and "Globex" not in text
    # What a posting shows, and nothing internal: no salary, no sidebar, no sign-in needed.
    detail = Client().get(_url(job)).content.decode()
    assert "Build the platform." in detail and "90000" not in detail and "90,000" not in detail
    assert "Sign out" not in detail


def test_unknown_slug_draft_closed_and_foreign_jobs_are_404(acme):
    organization, job, _ = acme
    draft = services.create_job(organization=organization, title="Draft role", status="draft")
    closed = services.create_job(organization=organization, title="Closed role", status="closed")
    other = services.create_organization(name="Globex Hiring")
    foreign = services.create_job(organization=other, title="Globex role", status="open")
    client = Client()
    assert client.get("/careers/no-such-company/").status_code == 404
    for pk in (draft.pk, closed.pk, foreign.pk, 987654321):
        assert client.get(f"/careers/{organization.slug}/jobs/{pk}/").status_code == 404
        assert client.post(f"/careers/{organization.slug}/jobs/{pk}/", {}).status_code == 404
    assert client.get(f"/careers/{other.slug}/jobs/{foreign.pk}/").status_code == 200


def test_a_valid_application_creates_everything_at_the_first_stage(acme, django_capture_on_commit_callbacks):
    organization, job, manager = acme
    client = Client()
    data = _form(client, job)
    resume = SimpleUploadedFile("Zoë O'Brien.pdf", as_pdf(PEOPLE[5]), content_type="application/pdf")
    with django_capture_on_commit_callbacks(execute=False):
        answer = client.post(_url(job), {**data, "resume": resume})
    assert answer.status_code == 200, answer.content.decode()[:2000]
    assert "Thank you, Zoë!" in answer.content.decode()
    candidate = Candidate.objects.get(organization=organization, email="zoe.obrien@example.com")
    assert (candidate.first_name, candidate.last_name, candidate.source) == ("Zoë", "O'Brien", "careers site")
    application = Application.objects.get(candidate=candidate, job=job)
    assert application.stage == services.first_stage(organization)
    assert application.source == "careers site"
    assert application.history.count() == 1
    document = Document.objects.get(candidate=candidate)
    assert document.kind == Document.Kind.RESUME and document.content_type == "application/pdf"
    note = Note.objects.get(candidate=candidate)
    assert "Why are you interested in this role?" in note.body and "l'équipe à Lyon" in note.body
    event = OutboxEvent.objects.get(organization=organization, name="candidate.applied")
    assert event.data["application_id"] == application.pk
    # The relay turns it into a notification for the job's hiring team, naming the candidate.
    relay_event(event_id=event.pk)
    notification = Notification.objects.get(user=manager, type="candidate.applied")
    assert notification.title == "Zoë O'Brien applied for Backend Engineer"
    assert notification.metadata["url"] == f"/candidates/{candidate.pk}/"


def test_a_known_person_applying_is_flagged_as_a_likely_duplicate(acme):
    organization, job, _ = acme
    known = services.create_candidate(
        organization=organization, first_name="Zoe", last_name="OBrien", email="ZOE.OBRIEN@example.com"
    )
    client = Client()
    assert client.post(_url(job), _form(client, job)).status_code == 200
    newcomer = Candidate.objects.for_org(organization).exclude(pk=known.pk).get()
    assert newcomer.possible_duplicate_of_id == known.pk


def test_the_honeypot_creates_nothing_and_says_so_calmly(acme):
    organization, job, _ = acme
    client = Client()
    answer = client.post(_url(job), {**_form(client, job), "website": "http://spam.example"})
    assert answer.status_code == 400
    assert "We could not accept this application" in answer.content.decode()
    assert "Zoë" in answer.content.decode()  # what they typed is kept
    assert not Candidate.objects.exists() and not OutboxEvent.objects.filter(name="candidate.applied").exists()


def test_a_form_sent_too_fast_or_without_a_valid_token_creates_nothing(acme, settings):
    organization, job, _ = acme
    settings.CAREERS_MIN_FORM_SECONDS = 3
    client = Client()
    data = _form(client, job)
    assert client.post(_url(job), data).status_code == 400  # sent at once
    other_job = services.create_job(organization=organization, title="Other", status="open")
    for token in ("", "forged", careers.form_token(job=other_job), data["form_token"] + "x"):
        settings.CAREERS_MIN_FORM_SECONDS = 0
        assert client.post(_url(job), {**data, "form_token": token}).status_code == 400
    assert not Candidate.objects.exists()


def test_a_token_older_than_a_day_is_refused(acme, monkeypatch):
    organization, job, _ = acme
    client = Client()
    data = _form(client, job)
    import time as real_time

    later = real_time.time() + careers.TOKEN_MAX_AGE_SECONDS + 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    monkeypatch.setattr("recruiting.careers.time.time", lambda: later)
    assert client.post(_url(job), data).status_code == 400
    assert not Candidate.objects.exists()


def test_one_address_may_send_five_applications_in_ten_minutes(acme):
    organization, job, _ = acme
    client = Client()
    for number in range(5):
        data = {**_form(client, job), "email": f"person{number}@example.com"}
        assert client.post(_url(job), data).status_code == 200
    answer = client.post(_url(job), {**_form(client, job), "email": "sixth@example.com"})
    assert answer.status_code == 400 and "We could not accept this application" in answer.content.decode()
    assert Candidate.objects.for_org(organization).count() == 5


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"email": "not-an-email"}, "email", "valid email"),
        ({"first_name": ""}, "first_name", "required"),
        ({"why_interested": ""}, "why_interested", "required"),
        ({"phone": "call me"}, "phone", "phone number"),
        ({"resume": SimpleUploadedFile("tool.exe", b"MZ\x90\x00" + b"\x00" * 200)}, "resume", "executable"),
        ({"resume": SimpleUploadedFile("cv.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200)}, "resume", "PDF"),
    ],
)
def test_bad_input_is_a_form_error_and_creates_nothing(acme, change, field, message):
    organization, job, _ = acme
    client = Client()
    answer = client.post(_url(job), {**_form(client, job), **change})
    assert answer.status_code == 200
    errors = answer.context["form"].errors
    assert field in errors, errors
    assert message.lower() in " ".join(errors[field]).lower()
    assert not Candidate.objects.exists()


def test_an_oversize_resume_is_a_form_error(acme, settings):
    organization, job, _ = acme
    settings.DOCUMENTS_MAX_UPLOAD_BYTES = 100_000
    client = Client()
    big = SimpleUploadedFile("cv.txt", b"Experienced engineer.\n" * 6000)
    answer = client.post(_url(job), {**_form(client, job), "resume": big})
    assert answer.status_code == 200
    assert "larger than" in " ".join(answer.context["form"].errors["resume"])
    assert answer.context["form"]["first_name"].value() == "Zoë"
    assert not Candidate.objects.exists()


def test_the_jobs_list_links_admins_to_the_careers_page(acme, page_as):
    organization, _, manager = acme
    admin = User.objects.get(email="admin@acme.test")
    assert f'href="/careers/{organization.slug}/"' in page_as(admin).get("/jobs/").content.decode()
    assert "Careers page" not in page_as(manager).get("/jobs/").content.decode()


def test_a_body_declared_far_over_the_limit_is_refused_before_it_is_read(acme, settings):
    organization, job, _ = acme
    settings.DOCUMENTS_MAX_UPLOAD_BYTES = 100_000
    client = Client()
    huge = SimpleUploadedFile("cv.txt", b"x" * 400_000)
    answer = client.post(_url(job), {**_form(client, job), "resume": huge})
    assert answer.status_code == 413
    assert "larger than" in answer.content.decode()
    assert not Candidate.objects.exists()
