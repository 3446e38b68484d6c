"""The public careers page: an organization's open jobs, and applying to one without signing in.

Spam is kept out without a third-party service: a hidden honeypot field, a signed, time-stamped
form token (too fast after the page was rendered, or older than a day, is refused) and a per-address
budget in the shared cache. A valid application creates the candidate (source "careers site",
flagged when it looks like a known person), stores the resume, puts the candidate at the job's first
stage, keeps the answers as a note, and records `candidate.applied` so the hiring team hears of it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import transaction

from recruiting import resumes, services
from recruiting.events import record_event
from recruiting.models import Application, Job, Note, Organization

CAREERS_SOURCE = "careers site"
TOKEN_SALT = "recruiting.careers.form"  # noqa: S105 - a signing salt, not a secret
TOKEN_MAX_AGE_SECONDS = 24 * 60 * 60
# A fixed set of questions, asked on every job: (field name, the question).
QUESTIONS = (
    ("why_interested", "Why are you interested in this role?"),
    ("notice_period", "When could you start?"),
)


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


def _answers_text(answers: dict[str, str]) -> str:
    parts = [
        f"{question}\n{answers[name].strip()}" for name, question in QUESTIONS if (answers.get(name) or "").strip()
    ]
    return "Answers from the careers page:\n\n" + "\n\n".join(parts) if parts else ""


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
    application = services.create_application(job=job, candidate=candidate, source=CAREERS_SOURCE)
    text = _answers_text(answers or {})
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
    return application
