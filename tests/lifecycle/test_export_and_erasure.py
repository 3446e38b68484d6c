"""A person's data on request: the export holds every canary, and after erasure no table or file does."""

from __future__ import annotations

import json
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from rest_framework.test import APIClient

from ats.services import api_keys
from integrations.models import Notification, WebhookDelivery
from integrations.services.notifications import notify_user
from integrations.services.webhooks import create_webhook
from recruiting import resumes, services
from recruiting.models import AuditEntry, Candidate, PipelineStage, StageChange

pytestmark = pytest.mark.django_db

CANARY = "zqxcanary"


@pytest.fixture
def person(org_a, admin_a, recruiter_a, eager_tasks, django_capture_on_commit_callbacks):
    """A candidate with the canary in every personal field, in a resume, notes, feedback and payloads."""
    webhook = create_webhook(organization=org_a, name="HRIS", url="http://127.0.0.1:9/hook", events=["*"])
    with django_capture_on_commit_callbacks(execute=False):
        candidate = services.create_candidate(
            organization=org_a,
            first_name=f"Amélie{CANARY}",
            last_name=f"D'Arcy{CANARY}",
            email=f"amelie.{CANARY}@example.com",
            phone="+33 6 12 34 56 78",
            location=f"Lyon {CANARY}, France",
            linkedin_url=f"https://www.linkedin.com/in/{CANARY}",
            skills=["Python", "Django"],
            experience_years=Decimal("6.5"),
            source="linkedin",
            education=[{"degree": "MSc", "institution": f"École {CANARY}"}],
            ats_data={"note": f"from {CANARY}"},
        )
        job = services.create_job(
            organization=org_a, title="Backend Engineer", required_skills=["Python"], status="open"
        )
        application = services.create_application(job=job, candidate=candidate, actor=admin_a)
        stage = PipelineStage.objects.for_org(org_a).get(key="screening")
        services.move_application_to_stage(
            application=application, stage=stage, actor=admin_a, reason=f"Spoke with {candidate.full_name}"
        )
        interview = services.schedule_interview(
            application=application,
            scheduled_at=services.timezone.now(),
            allow_past=True,
            interviewers=[recruiter_a],
            location=f"Call {CANARY}",
        )
        services.submit_scorecard(
            interview=interview,
            interviewer=recruiter_a,
            ratings={"technical": 4},
            recommendation="yes",
            feedback=f"{candidate.first_name} explained indexes well",
        )
        services.add_feedback(candidate=candidate, text=f"Strong SQL {CANARY}", rating=Decimal("4.5"), author=admin_a)
        services.add_note(candidate=candidate, body=f"Call {candidate.email} on Monday", author=recruiter_a)
    resumes.attach_resume(
        candidate=candidate, data=f"Amélie {CANARY}\nEmail: amelie.{CANARY}@example.com\n".encode(), filename="cv.txt"
    )
    for status in (WebhookDelivery.Status.PENDING, WebhookDelivery.Status.SUCCESS):
        WebhookDelivery.objects.create(
            organization=org_a,
            webhook=webhook,
            event_id=uuid.uuid4(),
            event="candidate.updated",
            payload=json.dumps({"candidate": {"id": candidate.pk, "email": candidate.email}}),
            status=status,
        )
    notify_user(user=admin_a, type="candidate", title=f"New candidate {candidate.full_name}", message=candidate.email)
    return Candidate.objects.get(pk=candidate.pk)


def _rows_holding(text: str) -> list[str]:
    """Every row of every table (through the ORM) whose values mention `text`."""
    found = []
    for model in apps.get_models():
        for row in model._default_manager.all().values():
            rendered = json.dumps(row, default=str, ensure_ascii=False)
            if text in rendered.lower():
                found.append(f"{model._meta.label} {row.get('id')}")
    return found


def _files_holding(text: str) -> list[str]:
    media = Path(settings.MEDIA_ROOT)
    return [str(path) for path in media.rglob("*") if path.is_file() and text.encode() in path.read_bytes()]


def test_the_export_holds_everything_and_after_erasure_nothing_does(
    api_as, admin_a, person, django_capture_on_commit_callbacks
):
    client = api_as(admin_a)
    export = client.get(f"/api/v1/candidates/{person.pk}/export")
    assert export.status_code == 200, export.content
    body = json.dumps(export.json(), ensure_ascii=False)
    for value in (
        person.first_name,
        person.last_name,
        person.email,
        person.linkedin_url,
        person.location,
        f"Call {CANARY}",
        f"Strong SQL {CANARY}",
        "cv.txt",
    ):
        assert value in body, value
    assert {"applications", "stage_history", "interviews", "scorecards", "feedback", "notes", "files"} <= set(
        export.json()
    )
    assert _rows_holding(CANARY) and _files_holding(CANARY)

    with django_capture_on_commit_callbacks(execute=True):  # the resume's bytes go once the erasure commits
        erased = client.post(f"/api/v1/candidates/{person.pk}/erase")
    assert erased.status_code == 200, erased.content
    assert erased.json()["first_name"] == "Erased"

    assert _rows_holding(CANARY) == []
    assert _rows_holding(person.email) == []
    assert _files_holding(CANARY) == []
    # The facts reporting needs stay: the stage history, the score, the source.
    assert StageChange.objects.filter(application__candidate=person).count() == 2
    assert Candidate.objects.get(pk=person.pk).source == "linkedin"
    assert not WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING).exists()
    assert WebhookDelivery.objects.filter(status=WebhookDelivery.Status.SUCCESS).count() == 1
    assert Notification.objects.count() == 1
    actions = list(AuditEntry.objects.values_list("action", "target_id"))
    assert ("candidate.exported", str(person.pk)) in actions and ("candidate.erased", str(person.pk)) in actions


def test_partners_pulling_candidates_see_the_erased_state(api_as, admin_a, org_a, person):
    _, _, raw_key = api_keys.register_integration(organization=org_a, name="Greenhouse", created_by=admin_a)
    api_as(admin_a).post(f"/api/v1/candidates/{person.pk}/erase")
    pulled = APIClient(HTTP_X_API_KEY=raw_key).get("/api/ats/candidates").json()["candidates"]
    assert CANARY not in json.dumps(pulled)
    assert [row["first_name"] for row in pulled] == ["Erased"]


def test_only_admins_export_or_erase_and_another_organizations_person_is_a_404(api_as, recruiter_a, admin_b, person):
    assert api_as(recruiter_a).get(f"/api/v1/candidates/{person.pk}/export").status_code == 403
    assert api_as(recruiter_a).post(f"/api/v1/candidates/{person.pk}/erase").status_code == 403
    assert api_as(admin_b).get(f"/api/v1/candidates/{person.pk}/export").status_code == 404
    assert api_as(admin_b).post(f"/api/v1/candidates/{person.pk}/erase").status_code == 404
    assert Candidate.objects.get(pk=person.pk).first_name.startswith("Amélie")


def test_scrubbing_matches_whole_words_so_other_peoples_text_survives():
    from recruiting.lifecycle import ERASED, Person, scrub_json

    ana = Person(candidate_id=1, organization_id=1, strings=("Ana", "ana@example.com"))
    data = {"a": "Ana joined", "b": "Banana bread", "c": ["mail ana@example.com"], "d": 3}
    assert scrub_json(data, ana) == {"a": ERASED, "b": "Banana bread", "c": [ERASED], "d": 3}
