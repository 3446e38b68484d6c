"""E-mail to candidates: the organization's templates and sending one from the candidate page.

Placeholders are filled by plain substitution of `{{name}}`: a template is text a recruiter wrote,
so it never reaches the Django template engine and can run no code.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction

from recruiting.activity import record_activity
from recruiting.errors import DomainError
from recruiting.models import Application, Candidate, CandidateActivity, EmailTemplate, Organization, User

PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
PLACEHOLDERS = {
    "candidate_first_name": "The candidate's first name",
    "candidate_last_name": "The candidate's last name",
    "candidate_full_name": "The candidate's full name",
    "job_title": "The job's title (the candidate's latest application)",
    "company_name": "Your organization's name",
    "sender_name": "Your name",
}
SUBJECT_MAX_LENGTH = EmailTemplate._meta.get_field("subject").max_length
BODY_MAX_LENGTH = 20000


def unknown_placeholders(text: str) -> list[str]:
    return sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})


def fill_placeholders(text: str, values: dict[str, str]) -> str:
    """Replace each known `{{name}}` with its value; anything else is left exactly as written."""
    return PLACEHOLDER.sub(lambda match: values.get(match.group(1), match.group(0)), text)


def placeholder_values(*, candidate: Candidate, sender: User, application: Application | None = None) -> dict:
    if application is None:
        application = (
            Application.objects.for_org(candidate.organization)
            .filter(candidate=candidate)
            .select_related("job")
            .order_by("-applied_at", "-id")
            .first()
        )
    return _values(candidate=candidate, application=application, sender_name=sender.get_full_name() or sender.email)


def _values(*, candidate: Candidate, application: Application | None, sender_name: str) -> dict:
    return {
        "candidate_first_name": candidate.first_name,
        "candidate_last_name": candidate.last_name,
        "candidate_full_name": candidate.full_name,
        "job_title": application.job.title if application else "",
        "company_name": candidate.organization.name,
        "sender_name": sender_name,
    }


def _check_template_text(*, name: str, subject: str, body: str) -> None:
    if not name.strip():
        raise DomainError("Give the template a name.", code="TEMPLATE_NAME_REQUIRED", field="name")
    if not subject.strip():
        raise DomainError("Write a subject.", code="TEMPLATE_SUBJECT_REQUIRED", field="subject")
    if "\n" in subject or "\r" in subject:
        raise DomainError("The subject is one line.", code="TEMPLATE_SUBJECT_LINES", field="subject")
    for field, text in (("subject", subject), ("body", body)):
        if unknown := unknown_placeholders(text):
            known = ", ".join("{{" + key + "}}" for key in PLACEHOLDERS)
            raise DomainError(
                f"Unknown placeholder {{{{{unknown[0]}}}}}; use one of {known}.",
                code="UNKNOWN_PLACEHOLDER",
                field=field,
            )


TEMPLATE_NAME_TAKEN_MESSAGE = "Another template already has this name."


@transaction.atomic
def save_email_template(
    *, organization: Organization, name: str, subject: str, body: str, template: EmailTemplate | None = None
) -> EmailTemplate:
    """Create or change one of the organization's e-mail templates."""
    name, subject, body = " ".join(name.split()), subject.strip(), body.replace("\r\n", "\n")
    _check_template_text(name=name, subject=subject, body=body)
    clash = EmailTemplate.objects.for_org(organization).filter(name__iexact=name)
    if template is not None:
        clash = clash.exclude(pk=template.pk)
    if clash.exists():
        raise DomainError(TEMPLATE_NAME_TAKEN_MESSAGE, code="TEMPLATE_NAME_TAKEN", field="name")
    template = template or EmailTemplate(organization=organization)
    template.name, template.subject, template.body = name, subject, body
    try:
        with transaction.atomic():
            template.save()
    except IntegrityError as error:
        raise DomainError(TEMPLATE_NAME_TAKEN_MESSAGE, code="TEMPLATE_NAME_TAKEN", field="name") from error
    return template


def delete_email_template(*, template: EmailTemplate) -> None:
    template.delete()


def render_template(
    *, template: EmailTemplate, candidate: Candidate, sender: User, application: Application | None = None
) -> tuple[str, str]:
    """The template's subject and body filled in for this candidate (and this application's job)."""
    values = placeholder_values(candidate=candidate, sender=sender, application=application)
    return fill_placeholders(template.subject, values), fill_placeholders(template.body, values)


@transaction.atomic
def send_candidate_email(
    *,
    candidate: Candidate,
    sender: User,
    subject: str,
    body: str,
    template: EmailTemplate | None = None,
    application: Application | None = None,
) -> CandidateActivity:
    """E-mail a candidate (after commit, through Django's backend) and put it on their timeline.

    Placeholders still in the text the recruiter edited are filled in too.
    """
    # Browsers post a textarea's line breaks as CRLF; the message is written with plain newlines.
    subject, body = subject.strip(), body.replace("\r\n", "\n").strip()
    if not subject or "\n" in subject or "\r" in subject:
        raise DomainError("Write a one-line subject.", code="EMAIL_SUBJECT_REQUIRED", field="subject")
    if not body:
        raise DomainError("Write the message.", code="EMAIL_BODY_REQUIRED", field="body")
    if len(subject) > SUBJECT_MAX_LENGTH or len(body) > BODY_MAX_LENGTH:
        raise DomainError("The message is too long.", code="EMAIL_TOO_LONG", field="body")
    if not candidate.email:
        raise DomainError(
            f"{candidate.full_name} has no e-mail address.", code="CANDIDATE_HAS_NO_EMAIL", field="subject"
        )
    values = placeholder_values(candidate=candidate, sender=sender, application=application)
    subject, body = fill_placeholders(subject, values), fill_placeholders(body, values)
    via = f" (template “{template.name}”)" if template is not None else ""
    return _send_and_record(
        candidate=candidate,
        subject=subject,
        body=body,
        summary=f"e-mailed {candidate.full_name}: “{subject}”{via}",
        sender=sender,
    )


def _send_and_record(
    *, candidate: Candidate, subject: str, body: str, summary: str, sender: User | None = None
) -> CandidateActivity:
    """Put the e-mail on the candidate's timeline and send it after commit (the sender as Reply-To)."""
    activity = record_activity(
        candidate=candidate,
        organization=candidate.organization,
        kind=CandidateActivity.Kind.EMAIL_SENT,
        summary=summary,
        actor=sender,
        detail=body,
    )
    reply_to = [sender.email] if sender is not None and sender.email else []
    message = EmailMessage(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[candidate.email], reply_to=reply_to
    )
    transaction.on_commit(lambda: message.send(fail_silently=False), robust=True)
    return activity


@transaction.atomic
def send_automatic_email(
    *,
    candidate: Candidate,
    application: Application,
    subject: str,
    body: str,
    sender_name: str,
    summary: str,
) -> CandidateActivity:
    """E-mail a candidate something the platform sends itself (no sender), after commit, and record it.

    `summary` is the timeline's words, with `{name}` for the candidate's name.
    """
    values = _values(candidate=candidate, application=application, sender_name=sender_name)
    subject = " ".join(fill_placeholders(subject, values).split())[:SUBJECT_MAX_LENGTH]
    body = fill_placeholders(body, values).replace("\r\n", "\n").strip()
    return _send_and_record(
        candidate=candidate,
        subject=subject,
        body=body,
        summary=f"{summary.format(name=candidate.full_name)}: “{subject}”",
    )
