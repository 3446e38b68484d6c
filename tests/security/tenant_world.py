"""Two organizations with one of everything, each marked with a canary string.

The isolation matrices act as one organization's users and keys and look for the other
organization's canary in every answer, and use the other organization's ids in paths and bodies.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone
from rest_framework.test import APIClient

from analytics import services as analytics_services
from ats.models import CandidateImport, CandidateImportFailure, IngestedJobPosting, JobIngestion
from ats.services import api_keys
from integrations.models import IntegrationHealthCheck, WebhookDelivery
from integrations.services.integrations import create_integration
from integrations.services.notifications import notify_user
from integrations.services.webhooks import create_webhook
from matching import services as matching_services
from recruiting import (
    candidate_emails,
    careers,
    duplicates,
    job_stages,
    resumes,
    saved_searches,
    scorecard_templates,
    services,
    tags,
)
from recruiting.audit import record_audit
from recruiting.models import PipelineStage, RejectionReason, User
from tests.conftest import PASSWORD, bearer_client


@dataclass
class Tenant:
    """One organization's people, key and rows; `ids` maps a resource name to one of its primary keys."""

    name: str
    canary: str
    organization: object
    admin: User
    recruiter: User
    raw_api_key: str
    ids: dict[str, object] = field(default_factory=dict)

    def key_client(self) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_X_API_KEY=self.raw_api_key)
        return client


def build_tenant(name: str, canary: str) -> Tenant:
    """An organization whose every personal or free-text field carries `canary`."""
    organization = services.create_organization(name=f"{name} {canary}")
    slug = name.lower()
    admin, recruiter = (
        services.create_user(
            organization=organization,
            email=f"{role}.{canary}@{slug}.test",
            password=PASSWORD,
            role=role,
            first_name=f"{first} {canary}",
            last_name=last,
        )
        for role, first, last in ((User.Role.ADMIN, "Zoë", "O'Neill"), (User.Role.RECRUITER, "José", "Núñez"))
    )
    job = services.create_job(
        organization=organization,
        title=f"Backend Engineer {canary}",
        department="Engineering",
        location="Berlin, Germany",
        description=f"Build the platform ({canary}).",
        required_skills=["Python", "PostgreSQL"],
        nice_to_have_skills=["Redis"],
        experience_level="senior",
        status="open",
    )
    candidate = services.create_candidate(
        organization=organization,
        first_name=f"Amélie {canary}",
        last_name="D'Arcy",
        email=f"amelie.{canary}@example.com",
        location="Montréal, Canada",
        skills=["Python", "PostgreSQL", "Django"],
        experience_years=Decimal("6.5"),
        source="linkedin",
        external_id=f"ext-{canary}",
    )
    second_candidate = services.create_candidate(
        organization=organization,
        first_name=f"Bjørn {canary}",
        last_name="Ødegård",
        email=f"bjorn.{canary}@example.com",
        location="Oslo, Norway",
        skills=["Python"],
        experience_years=3,
        source="referral",
    )
    # Entered twice: the matrix merges this record into the first to prove a merge takes the actor's own ids.
    entered_twice = services.create_candidate(
        organization=organization,
        first_name=f"Noémie {canary}",
        last_name="Le Gall",
        email=f"noemie.{canary}@example.com",
        location="Brest, France",
        source="careers",
    )
    application = services.create_application(job=job, candidate=candidate, actor=admin, source="linkedin")
    stages = list(PipelineStage.objects.for_org(organization).order_by("order"))
    services.move_application_to_stage(application=application, stage=stages[1], actor=admin, reason=canary)
    interview = services.schedule_interview(
        application=application,
        scheduled_at=timezone.now() + timedelta(days=2),
        interviewers=[admin, recruiter],
        location=f"Room {canary}",
    )
    scorecard = services.submit_scorecard(
        interview=interview,
        interviewer=recruiter,
        ratings={"technical": 4, "communication": 3},
        recommendation="yes",
        feedback=f"Clear answers about indexing ({canary}).",
    )
    feedback = services.add_feedback(
        candidate=candidate, text=f"Strong SQL skills {canary}.", rating=Decimal("4.5"), author=admin
    )
    note = services.add_note(candidate=candidate, body=f"Call back on Monday {canary}", author=recruiter)
    email_template = candidate_emails.save_email_template(
        organization=organization,
        name=f"Invitation {canary}",
        subject=f"Next steps {canary}",
        body="Bonjour {{candidate_first_name}}, à bientôt.",
    )
    candidate_emails.send_candidate_email(
        candidate=candidate, sender=recruiter, subject=f"Hello {canary}", body=f"Body {canary}", template=email_template
    )
    partner, api_key, raw_key = api_keys.register_integration(
        organization=organization, name=f"Partner {canary}", created_by=admin, scopes=None
    )
    integration = create_integration(
        organization=organization, created_by=admin, name=f"Calendar {canary}", provider="custom"
    )
    IntegrationHealthCheck.objects.create(
        organization=organization, integration=integration, status="healthy", error=canary
    )
    webhook = create_webhook(
        organization=organization,
        name=f"Hook {canary}",
        url=f"http://127.0.0.1:9/hooks/{canary}",
        events=["candidate.created"],
    )
    delivery = WebhookDelivery.objects.create(
        organization=organization,
        webhook=webhook,
        event_id=uuid.uuid4(),
        event="candidate.created",
        payload=f'{{"name": "{canary}"}}',
        status=WebhookDelivery.Status.FAILED,
        error=f"refused {canary}",
    )
    notification = notify_user(user=admin, type="info", title=f"Heads up {canary}", message=canary)
    candidate_import = CandidateImport.objects.create(
        organization=organization,
        integration=partner,
        created_by=admin,
        file_name=f"{canary}.csv",
        csv_text=f"first_name,email\n{canary},x@example.com\n",
        source=canary,
    )
    ingestion = JobIngestion.objects.create(
        organization=organization, integration=partner, source=canary, jobs=[{"title": canary}]
    )
    upload = resumes.store_document(
        organization=organization,
        data=f"Notes about {canary}".encode(),
        filename=f"{canary}-notes.txt",
        uploaded_by=admin,
        description=canary,
    )
    resume = resumes.attach_resume(
        candidate=candidate, data=f"Amélie {canary}\nEmail: amelie.{canary}@example.com\n".encode(), filename="cv.txt"
    )
    # Bjørn has applied nowhere yet: JobSwipe's automation applies him with this resume.
    second_resume = resumes.attach_resume(
        candidate=second_candidate, data=f"Bjørn {canary}\nOslo, Norway\n".encode(), filename="cv-bjorn.txt"
    )
    record_audit(
        organization=organization, actor=admin, action="api_key.created", target_type="api_key", target_id=api_key.pk
    )
    # A record merged away: its redirect row carries the canary as its partner id.
    merged_away = services.create_candidate(
        organization=organization,
        first_name="Bjorn",
        last_name="Odegard",
        email=f"bjorn.{canary}@example.com",
        external_id=f"merged-{canary}",
        source="referral",
    )
    duplicates.merge_candidates(kept=second_candidate, duplicate=merged_away, actor=admin)
    matching_services.set_matching_profile(
        user=admin, skills=["Python", f"{canary} skill"], experience_years=4.5, preferred_locations=[f"{canary} city"]
    )
    tag, _ = tags.tag_candidates(organization=organization, candidates=[candidate], name=f"Tag {canary}")
    saved_search = saved_searches.save_search(
        owner=recruiter, name=f"Search {canary}", query=f"q={canary}&skills=Python", shared=True
    )
    # A job's own settings: its criteria, questions and stage order (the last two active stages swapped).
    scorecard_templates.save_scorecard_criteria(
        job=job,
        criteria=[scorecard_templates.CriterionInput(name=f"SQL depth {canary}", description=f"Indexes ({canary})")],
    )
    careers.save_job_questions(job=job, questions=[careers.QuestionInput(text=f"Notice period? {canary}")])
    active = [stage for stage in job_stages.stage_choices(job) if stage.kind == PipelineStage.Kind.ACTIVE]
    job_stages.set_job_stages(job=job, stages=[*active[:-2], active[-1], active[-2]])
    CandidateImportFailure.objects.create(
        organization=organization, candidate_import=candidate_import, row=2, reason=f"Enter a valid email {canary}"
    )
    IngestedJobPosting.objects.create(
        organization=organization, job=job, company=f"Company {canary}", salary_range="90000-120000"
    )
    analytics_services.record_event(
        organization=organization, recorded_by=admin, event_type="board.opened", properties={"note": canary}
    )
    tenant = Tenant(
        name=name,
        canary=canary,
        organization=organization,
        admin=admin,
        recruiter=recruiter,
        raw_api_key=raw_key,
    )
    tenant.ids.update(
        {
            "jobs": job.pk,
            # The public careers page is addressed by the organization's slug.
            "careers": organization.slug,
            "candidates": candidate.pk,
            "second_candidate": second_candidate.pk,
            "entered_twice": entered_twice.pk,
            "applications": application.pk,
            "stages": stages[2].pk,
            "rejection-reasons": RejectionReason.objects.for_org(organization).first().pk,
            "interviews": interview.pk,
            "scorecards": scorecard.pk,
            "feedback": feedback.pk,
            "notes": note.pk,
            "email-templates": email_template.pk,
            "users": recruiter.pk,
            "keys": api_key.pk,
            "integrations": integration.pk,
            "webhooks": webhook.pk,
            "deliveries": delivery.pk,
            "notifications": notification.pk,
            "import": candidate_import.pk,
            "ingestion": ingestion.pk,
            "uploads": upload.pk,
            "resumes": resume.pk,
            "files": upload.uuid,
            "resume-files": second_resume.uuid,
            "tags": tag.pk,
            "saved-searches": saved_search.pk,
        }
    )
    return tenant


@dataclass
class World:
    acme: Tenant
    globex: Tenant

    def actors(self):
        """(label, client, own tenant, foreign tenant) for the four actors the issue names."""
        return [
            ("admin of Acme", bearer_client(self.acme.admin), self.acme, self.globex),
            ("recruiter of Acme", bearer_client(self.acme.recruiter), self.acme, self.globex),
            ("admin of Globex", bearer_client(self.globex.admin), self.globex, self.acme),
            ("API key of Globex", self.globex.key_client(), self.globex, self.acme),
        ]


def build_world() -> World:
    return World(acme=build_tenant("Acme", "acmecanary"), globex=build_tenant("Globex", "globexcanary"))
