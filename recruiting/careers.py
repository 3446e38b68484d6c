"""The public careers page: an organization's open jobs, and applying to one without signing in.

Spam is kept out without a third-party service: a hidden honeypot field, a signed, time-stamped
form token (too fast after the page was rendered, or older than a day, is refused) and a per-address
budget in the shared cache. A valid application creates the candidate (source "careers site",
flagged when it looks like a known person), stores the resume, puts the candidate at the job's first
stage, keeps the answers with the application (and as a note), records `candidate.applied` so the
hiring team hears of it, and e-mails the applicant the job's confirmation.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import transaction

from recruiting import candidate_emails, resumes, services
from recruiting.errors import DomainError
from recruiting.events import record_event
from recruiting.models import Application, EmailTemplate, Job, JobQuestion, Note, Organization

CAREERS_SOURCE = "careers site"
TOKEN_SALT = "recruiting.careers.form"  # noqa: S105 - a signing salt, not a secret
TOKEN_MAX_AGE_SECONDS = 24 * 60 * 60
QUESTION_MAX_LENGTH = JobQuestion._meta.get_field("text").max_length
MAX_QUESTIONS = 10
ANSWER_MAX_LENGTH = 5000


@dataclass(frozen=True)
class Question:
    """A question the application form asks: its form field name, its words, whether it must be answered."""

    name: str
    text: str
    required: bool = False


# What a job asks when its admin has set no questions of its own (what every job asked before).
DEFAULT_QUESTIONS = (
    Question("why_interested", "Why are you interested in this role?", required=True),
    Question("notice_period", "When could you start?"),
)
# The confirmation an applicant gets when the job has no template of its own; the placeholders are
# candidate_emails.PLACEHOLDERS ({{sender_name}} is the organization's hiring team here).
CONFIRMATION_SUBJECT = "We received your application for {{job_title}}"
CONFIRMATION_BODY = """Dear {{candidate_first_name}},

Thank you for applying for {{job_title}} at {{company_name}}. We have your application and the
hiring team will read it carefully; we will write to you about the next step.

Kind regards,
{{sender_name}}"""


def open_jobs(*, organization: Organization):
    """The organization's open jobs, newest first, with only what a posting shows."""
    return (
        Job.objects.for_org(organization)
        .filter(status=Job.Status.OPEN)
        .only("id", "title", "department", "location", "remote_policy", "employment_type", "organization_id")
        .order_by("-created_at", "-id")
    )


def form_token(*, job: Job) -> str:
    """A token for the application form of `job`, stamped with the time it was rendered."""
    return signing.TimestampSigner(salt=TOKEN_SALT).sign_object({"job": job.pk})


def token_is_acceptable(*, token: str, job: Job) -> bool:
    """Whether the form was rendered for this job, at least CAREERS_MIN_FORM_SECONDS ago and within a day."""
    signer = signing.TimestampSigner(salt=TOKEN_SALT)
    try:
        value = signer.unsign_object(token or "", max_age=TOKEN_MAX_AGE_SECONDS)
        _, stamp = signing.Signer.unsign(signer, token).rsplit(signer.sep, 1)
    except (signing.BadSignature, ValueError, TypeError):
        return False
    if not isinstance(value, dict) or value.get("job") != job.pk:
        return False
    rendered_at = signing.b62_decode(stamp)
    return time.time() - rendered_at >= settings.CAREERS_MIN_FORM_SECONDS


def spend_application_budget(*, address: str) -> bool:
    """Count one application from `address`; False when it is over CAREERS_RATE_LIMIT (count, seconds)."""
    limit, window_seconds = settings.CAREERS_RATE_LIMIT
    window = int(time.time() // window_seconds)
    key = f"careers-applications:{address}:{window}"
    try:
        cache.add(key, 0, timeout=window_seconds)
        count = cache.incr(key)
    except Exception:  # noqa: BLE001 - a cache outage must not stop people applying
        return True
    return count <= limit


@dataclass(frozen=True)
class ResumeFile:
    filename: str
    data: bytes


def job_questions(*, job: Job) -> list[Question]:
    """What the application form for `job` asks: the job's own questions in order, else the defaults."""
    own = JobQuestion.objects.for_org(job.organization).filter(job=job).order_by("order", "id")
    return [Question(f"question_{row.pk}", row.text, row.required) for row in own] or list(DEFAULT_QUESTIONS)


def job_uses_default_questions(*, job: Job) -> bool:
    return not JobQuestion.objects.for_org(job.organization).filter(job=job).exists()


@dataclass(frozen=True)
class QuestionInput:
    text: str
    required: bool = False


@transaction.atomic
def save_job_questions(*, job: Job, questions: Sequence[QuestionInput]) -> list[JobQuestion]:
    """Replace the questions the careers form asks for `job`, in this order (none: the default questions)."""
    rows = [QuestionInput(" ".join(row.text.split()), row.required) for row in questions]
    rows = [row for row in rows if row.text]
    if len(rows) > MAX_QUESTIONS:
        raise DomainError(
            f"Ask at most {MAX_QUESTIONS} questions: a long form loses applicants.",
            code="TOO_MANY_QUESTIONS",
            field="questions",
        )
    seen: set[str] = set()
    for row in rows:
        if len(row.text) > QUESTION_MAX_LENGTH:
            raise DomainError(
                f"Ask each question in {QUESTION_MAX_LENGTH} characters or fewer.",
                code="QUESTION_TOO_LONG",
                field="questions",
            )
        if row.text.casefold() in seen:
            raise DomainError(f"“{row.text}” is asked twice.", code="QUESTION_TAKEN", field="questions")
        seen.add(row.text.casefold())
    JobQuestion.objects.for_org(job.organization).filter(job=job).delete()
    return JobQuestion.objects.bulk_create(
        JobQuestion(organization=job.organization, job=job, text=row.text, required=row.required, order=index)
        for index, row in enumerate(rows)
    )


def set_confirmation_template(*, job: Job, template: EmailTemplate | None) -> Job:
    """Choose the e-mail an applicant to `job` gets (None: the built-in confirmation)."""
    if template is not None and template.organization_id != job.organization_id:
        raise DomainError("Choose one of your e-mail templates.", code="UNKNOWN_TEMPLATE", field="template")
    job.confirmation_template = template
    job.save(update_fields=["confirmation_template", "updated_at"])
    return job


@transaction.atomic
def save_application_form(
    *, job: Job, questions: Sequence[QuestionInput], confirmation_template: EmailTemplate | None
) -> list[JobQuestion]:
    """Save what the careers form asks for `job` and the confirmation it sends, together or not at all."""
    saved = save_job_questions(job=job, questions=questions)
    set_confirmation_template(job=job, template=confirmation_template)
    return saved


def checked_answers(*, questions: Sequence[Question], answers: dict[str, str]) -> list[dict[str, str]]:
    """The answers as stored with the application, in the form's order; a required one left blank is refused."""
    stored = []
    for question in questions:
        answer = (answers.get(question.name) or "").strip()
        if question.required and not answer:
            raise DomainError("Please answer this question.", code="ANSWER_REQUIRED", field=question.name)
        if len(answer) > ANSWER_MAX_LENGTH:
            raise DomainError(
                f"Please answer in {ANSWER_MAX_LENGTH} characters or fewer.",
                code="ANSWER_TOO_LONG",
                field=question.name,
            )
        if answer:
            stored.append({"question": question.text, "answer": answer})
    return stored


def _answers_text(answers: list[dict[str, str]]) -> str:
    parts = [f"{row['question']}\n{row['answer']}" for row in answers]
    return "Answers from the careers page:\n\n" + "\n\n".join(parts) if parts else ""


def send_confirmation(*, application: Application) -> None:
    """E-mail the applicant the job's confirmation (after commit) and put it on their timeline."""
    job, candidate = application.job, application.candidate
    template = job.confirmation_template
    subject, body = (template.subject, template.body) if template else (CONFIRMATION_SUBJECT, CONFIRMATION_BODY)
    candidate_emails.send_automatic_email(
        candidate=candidate,
        application=application,
        subject=subject,
        body=body,
        sender_name=f"The {job.organization.name} hiring team",
        summary="sent the application confirmation to {name}",
    )


@transaction.atomic
def apply_to_job(
    *,
    job: Job,
    first_name: str,
    last_name: str,
    email: str,
    phone: str = "",
    answers: dict[str, str] | None = None,
    resume: ResumeFile | None = None,
) -> Application:
    """Create the candidate, the resume, the application at the first stage and the `candidate.applied` event."""
    organization = job.organization
    candidate = services.create_candidate(
        organization=organization,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        email=email.strip(),
        phone=phone.strip(),
        source=CAREERS_SOURCE,
    )
    if resume is not None:
        resumes.attach_resume(candidate=candidate, data=resume.data, filename=resume.filename)
    stored = checked_answers(questions=job_questions(job=job), answers=answers or {})
    application = services.create_application(job=job, candidate=candidate, source=CAREERS_SOURCE)
    application.answers = stored
    application.save(update_fields=["answers", "updated_at"])
    text = _answers_text(stored)
    if text:
        Note.objects.create(organization=organization, candidate=candidate, application=application, body=text[:10000])
    record_event(
        organization=organization,
        name="candidate.applied",
        data={
            "application_id": application.pk,
            "candidate_id": candidate.pk,
            "job_id": job.pk,
            "possible_duplicate_of": candidate.possible_duplicate_of_id,
        },
    )
    send_confirmation(application=application)
    return application
