"""Recruiting workflows: each writes atomically and records its domain events in the same transaction."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.text import slugify

from recruiting import calendar_invites, candidate_emails, duplicates, job_stages, realtime, scorecard_templates
from recruiting.activity import record_activity
from recruiting.audit import record_audit
from recruiting.bias import check_bias
from recruiting.errors import ConflictError, DomainError, ForbiddenError
from recruiting.events import record_event
from recruiting.models import (
    DEFAULT_PIPELINE,
    DEFAULT_REJECTION_REASONS,
    Application,
    Candidate,
    CandidateActivity,
    EmailTemplate,
    Feedback,
    Interview,
    Job,
    Note,
    Organization,
    PipelineStage,
    RejectionReason,
    Scorecard,
    StageChange,
    User,
)
from recruiting.skills import requirements_in_text
from recruiting.timeline import a_or_an


def _apply(instance, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)


@transaction.atomic
def create_organization(*, name: str) -> Organization:
    """Create an organization with the default pipeline stages."""
    organization = Organization.objects.create(name=name)
    ensure_default_pipeline(organization=organization)
    return organization


def ensure_default_rejection_reasons(*, organization: Organization) -> None:
    """Give the organization the default rejection reasons it does not have yet (by code)."""
    existing = set(RejectionReason.objects.for_org(organization).values_list("code", flat=True))
    RejectionReason.objects.bulk_create(
        RejectionReason(organization=organization, code=code, label=label, order=index)
        for index, (code, label) in enumerate(DEFAULT_REJECTION_REASONS)
        if code not in existing
    )


def ensure_default_pipeline(*, organization: Organization) -> list[PipelineStage]:
    ensure_default_rejection_reasons(organization=organization)
    existing = {stage.key for stage in PipelineStage.objects.for_org(organization)}
    PipelineStage.objects.bulk_create(
        [
            PipelineStage(organization=organization, key=key, name=name, order=index, kind=kind)
            for index, (key, name, kind) in enumerate(DEFAULT_PIPELINE)
            if key not in existing
        ]
    )
    return list(PipelineStage.objects.for_org(organization))


# One answer for every e-mail that cannot take a new account, whether its owner is in the caller's
# organization or another one: naming "already exists" would tell an admin who uses the platform.
EMAIL_UNAVAILABLE_MESSAGE = "This email address cannot be used for a new user."


def ensure_email_available(*, email: str, user: User | None = None) -> None:
    """Raise a field error if another account already uses this e-mail (in any organization)."""
    clash = User.objects.filter(email__iexact=email)
    if user is not None:
        clash = clash.exclude(pk=user.pk)
    if clash.exists():
        raise ValidationError({"email": [EMAIL_UNAVAILABLE_MESSAGE]})


def _validate_new_password(password: str | None, user: User) -> None:
    if password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationError({"password": exc.messages}) from exc


def create_user(
    *,
    organization: Organization,
    email: str,
    password: str | None,
    role: str = User.Role.RECRUITER,
    first_name: str = "",
    last_name: str = "",
    is_active: bool = True,
    actor: User | None = None,
) -> User:
    _validate_new_password(
        password, User(email=email, first_name=first_name, last_name=last_name, organization=organization)
    )
    user = User.objects.create_user(
        email=email,
        password=password,
        organization=organization,
        role=role,
        first_name=first_name,
        last_name=last_name,
        is_active=is_active,
    )
    record_audit(organization=organization, actor=actor, action="user.created", target_type="user", target_id=user.pk)
    return user


# Self-registration (ReViewPoint): its documented rules, and the least-privileged role.
REGISTRATION_ROLE = User.Role.VIEWER
REGISTRATION_NAME_MAX_LENGTH = 300
PASSWORD_RULES = (
    (lambda p: len(p) >= 8, "Password must be at least 8 characters"),
    (lambda p: any("A" <= c <= "Z" for c in p), "Password must contain uppercase letter"),
    (lambda p: any("a" <= c <= "z" for c in p), "Password must contain lowercase letter"),
    (lambda p: any(c.isdigit() for c in p), "Password must contain digit"),
)


def _registration_errors(*, email: str, password: str, name: str) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    try:
        validate_email(email)
    except ValidationError:
        errors["email"] = ["Enter a valid email address."]
    if problems := [text for rule, text in PASSWORD_RULES if not rule(password)]:
        errors["password"] = problems
    if len(name) < 2:
        errors["name"] = ["Name must be at least 2 characters"]
    elif len(name) > REGISTRATION_NAME_MAX_LENGTH:
        errors["name"] = [f"Name must be at most {REGISTRATION_NAME_MAX_LENGTH} characters"]
    return errors


def register_user(*, organization: Organization, email: str, password: str, name: str) -> User:
    """Self-registration into an organization: a viewer account, announced as `user_registered`.

    Field errors come all at once (`DomainError.errors`); an e-mail that has an account in any
    organization is a `ConflictError`, as the ReViewPoint contract documents (409).
    """
    email, name = email.strip().lower(), " ".join(name.split())
    if errors := _registration_errors(email=email, password=password, name=name):
        raise DomainError("Validation failed.", code="VALIDATION_ERROR", errors=errors)
    first_name, _, last_name = name.partition(" ")
    try:
        ensure_email_available(email=email)
        with transaction.atomic():
            user = create_user(
                organization=organization,
                email=email,
                password=password,
                role=REGISTRATION_ROLE,
                first_name=first_name[:150],
                last_name=last_name[:150],
            )
            realtime.publish_to_organization(
                organization_id=organization.pk,
                type="user_registered",
                data={"id": user.pk, "email": user.email, "name": user.get_full_name()},
            )
    except ValidationError as exc:
        if "email" in exc.message_dict:
            raise ConflictError(EMAIL_UNAVAILABLE_MESSAGE, code="EMAIL_TAKEN", field="email") from exc
        raise DomainError("Validation failed.", code="VALIDATION_ERROR", errors=exc.message_dict) from exc
    except IntegrityError as exc:  # the same e-mail registered a moment ago by a concurrent request
        raise ConflictError(EMAIL_UNAVAILABLE_MESSAGE, code="EMAIL_TAKEN", field="email") from exc
    return user


ORGANIZATION_ADMINS_GROUP = "Organization admins"
# Apps whose rows belong to an organization; the admin scopes them to the staff user's own.
ORGANIZATION_SCOPED_APPS = ("recruiting", "matching", "integrations", "ats", "analytics")


def grant_admin_site_access(*, user: User) -> User:
    """Let an organization admin use Django admin for their own organization's rows."""
    from django.contrib.auth.models import Group, Permission

    group, created = Group.objects.get_or_create(name=ORGANIZATION_ADMINS_GROUP)
    if created or not group.permissions.exists():
        # Organizations themselves are platform rows, edited by operators only.
        permissions = Permission.objects.filter(content_type__app_label__in=ORGANIZATION_SCOPED_APPS).exclude(
            content_type__model="organization"
        )
        group.permissions.set(permissions)
    user.groups.add(group)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return user


def ensure_platform_operator(*, email: str, password: str) -> User:
    """Create the platform operator (a superuser of no organization) once; later calls return it."""
    operator = User.objects.filter(email__iexact=email).first()
    return operator or User.objects.create_superuser(email=email, password=password)


SELF_DEMOTION_MESSAGE = "You cannot demote or deactivate yourself; ask another admin."


def update_user(*, user: User, actor: User | None = None, password: str | None = None, **fields: Any) -> User:
    """Change a user; `actor` is who asks, so an admin can never lock themselves out."""
    if actor is not None and actor.pk == user.pk:
        demoted = "role" in fields and fields["role"] != user.role
        if demoted or fields.get("is_active") is False:
            raise DomainError(SELF_DEMOTION_MESSAGE, code="SELF_DEMOTION", field="role")
    changes = []
    if "role" in fields and fields["role"] != user.role:
        changes.append("user.role_changed")
    if "is_active" in fields and fields["is_active"] != user.is_active:
        changes.append("user.activated" if fields["is_active"] else "user.deactivated")
    _apply(user, fields)
    if password:
        _validate_new_password(password, user)
        user.set_password(password)
        changes.append("user.password_changed")
    user.save()
    for action in changes:
        record_audit(organization=user.organization, actor=actor, action=action, target_type="user", target_id=user.pk)
    return user


def job_event_payload(job: Job) -> dict[str, Any]:
    return {
        "job_id": job.pk,
        "title": job.title,
        "status": job.status,
        "department": job.department,
        "location": job.location,
        "external_id": job.external_id,
        "source": job.source,
    }


def candidate_event_payload(candidate: Candidate) -> dict[str, Any]:
    return {
        "candidate_id": candidate.pk,
        "first_name": candidate.first_name,
        "last_name": candidate.last_name,
        "email": candidate.email,
        "skills": candidate.skills,
        "external_id": candidate.external_id,
        "source": candidate.source,
    }


def application_event_payload(application: Application) -> dict[str, Any]:
    return {
        "application_id": application.pk,
        "candidate_id": application.candidate_id,
        "job_id": application.job_id,
        "stage": application.stage.key,
    }


def _record_job_status_events(job: Job, previous_status: str | None) -> None:
    if job.status == previous_status:
        return
    if job.status == Job.Status.OPEN:
        record_event(organization=job.organization, name="job.opened", data=job_event_payload(job))
    elif job.status == Job.Status.CLOSED:
        record_event(organization=job.organization, name="job.closed", data=job_event_payload(job))


@transaction.atomic
def experience_level_for_years(years: float) -> str:
    """The experience level a number of years reads as: 5+ years is senior."""
    for bound, level in ((1, "entry"), (3, "junior"), (5, "mid"), (8, "senior"), (12, "lead")):
        if years < bound:
            return level
    return "principal"


def _fields_from_requirements(requirements: str, fields: dict[str, Any]) -> dict[str, Any]:
    """A job written as prose ("Python, FastAPI, 5+ years experience") made matchable.

    The skills it names become the required skills and its years the experience level, unless the
    caller set those; the text itself joins the description so nothing the partner wrote is lost.
    """
    requirements = (requirements or "").strip()
    if not requirements:
        return fields
    skills, years = requirements_in_text(requirements)
    fields = dict(fields)
    if not fields.get("required_skills") and skills:
        fields["required_skills"] = skills
    if not fields.get("experience_level") and years is not None:
        fields["experience_level"] = experience_level_for_years(years)
    description = fields.get("description") or ""
    if requirements not in description:
        fields["description"] = f"{description}\n\nRequirements: {requirements}".strip()
    return fields


def create_job(
    *,
    organization: Organization,
    created_by: User | None = None,
    hiring_team: Iterable[User] = (),
    requirements: str = "",
    **fields: Any,
) -> Job:
    fields = _fields_from_requirements(requirements, fields)
    job = Job(organization=organization, created_by=created_by, **fields)
    # Before full_clean, whose check of the job_salary_range_ordered constraint names no field.
    ensure_salary_range_is_ordered(salary_min=job.salary_min, salary_max=job.salary_max)
    job.full_clean(exclude=["organization", "created_by"])
    _ensure_job_external_id_is_free(job)
    job.save()
    if hiring_team:
        job.hiring_team.set(hiring_team)
    record_event(organization=organization, name="job.created", data=job_event_payload(job))
    _record_job_status_events(job, previous_status=Job.Status.DRAFT)
    return job


SALARY_ORDER_MESSAGE = "The maximum salary must be at least the minimum."


def ensure_salary_range_is_ordered(*, salary_min: int | None, salary_max: int | None) -> None:
    """Refuse a maximum salary below the minimum; either may be left open."""
    if salary_min is not None and salary_max is not None and salary_min > salary_max:
        raise DomainError(SALARY_ORDER_MESSAGE, code="SALARY_RANGE", field="salary_max")


def _ensure_job_external_id_is_free(job: Job) -> None:
    # full_clean skips the (organization, source, external_id) constraint because organization is
    # excluded, so a duplicate would surface as an IntegrityError (a 500) instead of a field error.
    if not job.external_id:
        return
    taken = (
        Job.objects.filter(organization=job.organization, source=job.source, external_id=job.external_id)
        .exclude(pk=job.pk)
        .exists()
    )
    if taken:
        raise ValidationError({"external_id": ["A job from this source already has this external_id."]})


@transaction.atomic
def delete_job(*, job: Job) -> None:
    """Remove a job and its pipeline (applications, their history and interviews go with it)."""
    # Applications first: their history protects the job's own stages, which go with the job.
    Application.objects.for_org(job.organization).filter(job=job).delete()
    job.delete()


def update_job(*, job: Job, hiring_team: Iterable[User] | None = None, requirements: str = "", **fields: Any) -> Job:
    previous_status = job.status
    if requirements:
        fields = _fields_from_requirements(requirements, {"description": job.description, **fields})
    _apply(job, fields)
    # Before full_clean, whose check of the job_salary_range_ordered constraint names no field.
    ensure_salary_range_is_ordered(salary_min=job.salary_min, salary_max=job.salary_max)
    job.full_clean(exclude=["organization", "created_by"])
    _ensure_job_external_id_is_free(job)
    job.save()
    if hiring_team is not None:
        job.hiring_team.set(hiring_team)
    _record_job_status_events(job, previous_status)
    return job


@transaction.atomic
def create_candidate(*, organization: Organization, actor: User | None = None, **fields: Any) -> Candidate:
    candidate = Candidate(organization=organization, **fields)
    duplicates.flag_on_arrival(candidate)
    candidate.save()
    record_event(organization=organization, name="candidate.created", data=candidate_event_payload(candidate))
    if actor is not None:
        record_activity(
            candidate=candidate,
            organization=organization,
            kind=CandidateActivity.Kind.CREATED,
            summary=f"added {candidate.full_name}",
            actor=actor,
        )
    return candidate


@transaction.atomic
def update_candidate(*, candidate: Candidate, **fields: Any) -> Candidate:
    _apply(candidate, fields)
    candidate.save()
    record_event(organization=candidate.organization, name="candidate.updated", data=candidate_event_payload(candidate))
    return candidate


def first_stage(organization: Organization) -> PipelineStage:
    """The organization's first live stage (a job may start elsewhere: `job_stages.job_stages(job)[0]`)."""
    stage = (
        PipelineStage.objects.for_org(organization)
        .filter(archived_at__isnull=True, job__isnull=True)
        .order_by("order")
        .first()
    )
    if stage is None:
        stage = ensure_default_pipeline(organization=organization)[0]
    return stage


class PipelineRuleError(DomainError):
    """A pipeline change the hiring workflow refuses because of the caller's input (a 400 in the API)."""


class PipelineClosedError(ConflictError, PipelineRuleError):
    """A pipeline change the job's state forbids (a 409 in the API)."""


def _stage_not_in_job(job: Job, stage: PipelineStage) -> PipelineRuleError:
    return PipelineRuleError(
        f"“{job.title}” does not use the stage “{stage.name}”: choose one of its stages.",
        code="STAGE_NOT_IN_JOB",
        field="stage",
    )


def _refuse_closed_job(job: Job) -> None:
    # A closed job's pipeline is the record of a finished search: nobody joins it or moves in it.
    if job.status == Job.Status.CLOSED:
        raise PipelineClosedError(f"“{job.title}” is closed: reopen the job to change its pipeline.", code="JOB_CLOSED")


@transaction.atomic
def create_application(
    *,
    job: Job,
    candidate: Candidate,
    actor: User | None = None,
    stage: PipelineStage | None = None,
    source: str = "",
) -> Application:
    """Put a candidate into a job's pipeline and record the first history entry."""
    _refuse_closed_job(job)
    # A clash with what is stored, found here or when a concurrent add wins below: the same 409 either way.
    already_there = ConflictError(
        f"{candidate.full_name} is already in the pipeline for {job.title}.",
        code="ALREADY_IN_PIPELINE",
        field="candidate",
    )
    if Application.objects.filter(candidate=candidate, job=job).exists():
        raise already_there
    organization = job.organization
    if stage is not None and stage.archived_at is not None:
        raise PipelineRuleError(
            f"“{stage.name}” is archived: choose another stage.", code="STAGE_ARCHIVED", field="stage"
        )
    stages = job_stages.job_stages(job)
    if stage is not None and stage.pk not in {item.pk for item in stages}:
        raise _stage_not_in_job(job, stage)
    stage = stage or (stages[0] if stages else first_stage(organization))
    now = timezone.now()
    try:
        # A savepoint: a concurrent add that wins the unique constraint leaves this transaction usable.
        with transaction.atomic():
            application = Application.objects.create(
                organization=organization,
                job=job,
                candidate=candidate,
                stage=stage,
                source=source,
                applied_at=now,
                stage_changed_at=now,
            )
    except IntegrityError as error:
        raise already_there from error
    StageChange.objects.create(
        organization=organization, application=application, from_stage=None, to_stage=stage, changed_by=actor
    )
    record_event(organization=organization, name="application.created", data=application_event_payload(application))
    return application


@transaction.atomic
def move_application_to_stage(
    *,
    application: Application,
    stage: PipelineStage,
    actor: User | None = None,
    reason: str = "",
    rejection_reason: RejectionReason | None = None,
    email_template: EmailTemplate | None = None,
) -> Application:
    """Move an application to another stage, writing history and events in one transaction.

    A move to a Rejected stage needs one of the organization's rejection reasons; `reason` is the note.
    With `email_template`, a rejection also e-mails the candidate that template (sent by `actor`).
    """
    if email_template is not None and email_template.organization_id != application.organization_id:
        raise PipelineRuleError("Choose one of your e-mail templates.", code="UNKNOWN_TEMPLATE", field="email_template")
    rejecting = stage.kind == PipelineStage.Kind.REJECTED
    if rejecting and (rejection_reason is None or rejection_reason.organization_id != application.organization_id):
        raise PipelineRuleError(
            "Choose a rejection reason.", code="REJECTION_REASON_REQUIRED", field="rejection_reason"
        )
    if rejecting and rejection_reason.archived_at is not None:
        raise PipelineRuleError(
            f"“{rejection_reason.label}” is archived: choose another reason.",
            code="REJECTION_REASON_ARCHIVED",
            field="rejection_reason",
        )
    if stage.archived_at is not None and stage.pk != application.stage_id:
        raise PipelineRuleError(
            f"“{stage.name}” is archived: choose another stage.", code="STAGE_ARCHIVED", field="stage"
        )
    # Lock the row so two recruiters moving the same card leave a consistent history.
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("stage", "job", "candidate__organization")
        .get(pk=application.pk)
    )
    _refuse_closed_job(locked.job)
    previous = locked.stage
    if previous.pk == stage.pk:
        return locked
    if not job_stages.stage_is_used_by_job(locked.job, stage):
        raise _stage_not_in_job(locked.job, stage)
    now = timezone.now()
    locked.stage = stage
    locked.stage_changed_at = now
    locked.rejection_reason = rejection_reason if rejecting else None
    locked.rejection_note = reason if rejecting else ""
    locked.save(update_fields=["stage", "stage_changed_at", "rejection_reason", "rejection_note", "updated_at"])
    StageChange.objects.create(
        organization=locked.organization,
        application=locked,
        from_stage=previous,
        to_stage=stage,
        changed_by=actor,
        reason=reason,
        changed_at=now,
    )
    payload = application_event_payload(locked) | {"from_stage": previous.key, "to_stage": stage.key}
    record_event(organization=locked.organization, name="application.stage_changed", data=payload)
    if stage.kind == PipelineStage.Kind.REJECTED:
        record_event(
            organization=locked.organization,
            name="application.rejected",
            data=payload | {"reason": reason, "rejection_reason": rejection_reason.code},
        )
        if email_template is not None and isinstance(actor, User):
            candidate = locked.candidate
            subject, body = candidate_emails.render_template(
                template=email_template, candidate=candidate, sender=actor, application=locked
            )
            candidate_emails.send_candidate_email(
                candidate=candidate, sender=actor, subject=subject, body=body, template=email_template
            )
    elif stage.kind == PipelineStage.Kind.HIRED:
        record_event(organization=locked.organization, name="application.hired", data=payload)
    return locked


def interview_event_payload(interview: Interview) -> dict[str, Any]:
    return {
        "interview_id": interview.pk,
        "application_id": interview.application_id,
        "scheduled_at": interview.scheduled_at.isoformat(),
        "kind": interview.kind,
        "status": interview.status,
    }


PAST_INTERVIEW_MESSAGE = "Choose a time in the future: this one has already passed."


def ensure_interview_in_future(*, scheduled_at: datetime) -> None:
    """Refuse a time that has passed: nobody can attend an interview scheduled in the past."""
    if scheduled_at <= timezone.now():
        raise DomainError(PAST_INTERVIEW_MESSAGE, code="INTERVIEW_IN_PAST", field="scheduled_at")


def _interview_words(interview: Interview) -> str:
    return f"{interview.get_kind_display()} interview for {interview.application.job.title}"


def _send_invites_after_commit(interview: Interview, change: str) -> None:
    # Read again after commit, so the mail says what was saved (interviewers included).
    def send() -> None:
        saved = (
            Interview.objects.select_related("application__candidate", "application__job", "organization")
            .prefetch_related("interviewers")
            .filter(pk=interview.pk)
            .first()
        )
        if saved is not None:
            calendar_invites.send_invites(interview=saved, change=change)

    transaction.on_commit(send, robust=True)


@transaction.atomic
def schedule_interview(
    *,
    application: Application,
    scheduled_at: datetime,
    kind: str = Interview.Kind.TECHNICAL,
    interviewers: Iterable[User] = (),
    duration_minutes: int = 60,
    location: str = "",
    actor: User | None = None,
    allow_past: bool = False,
) -> Interview:
    """Schedule an interview in the future, e-mail each interviewer an invite, and note it on the timeline.

    `allow_past` records an interview that already took place (history brought in from elsewhere):
    nobody is invited to it.
    """
    in_future = scheduled_at > timezone.now()
    if not allow_past:
        ensure_interview_in_future(scheduled_at=scheduled_at)
    interview = Interview.objects.create(
        organization=application.organization,
        application=application,
        scheduled_at=scheduled_at,
        kind=kind,
        duration_minutes=duration_minutes,
        location=location,
    )
    interview.interviewers.set(interviewers)
    record_event(
        organization=application.organization,
        name="interview.scheduled",
        data=interview_event_payload(interview),
    )
    record_activity(
        candidate=application.candidate_id,
        organization=application.organization,
        kind=CandidateActivity.Kind.INTERVIEW_SCHEDULED,
        summary=f"scheduled {a_or_an(_interview_words(interview))}",
        actor=actor,
        interview=interview,
    )
    if in_future:
        _send_invites_after_commit(interview, "scheduled")
    return interview


INTERVIEW_NOT_SCHEDULED_MESSAGE = "This interview is no longer scheduled: it was {status}."


def _ensure_still_scheduled(interview: Interview) -> None:
    if interview.status != Interview.Status.SCHEDULED:
        raise DomainError(
            INTERVIEW_NOT_SCHEDULED_MESSAGE.format(status=interview.get_status_display().lower()),
            code="INTERVIEW_NOT_SCHEDULED",
            field="status",
        )


INTERVIEW_NOT_STARTED_MESSAGE = (
    "This interview has not started yet: it can be marked as held once its start time has passed."
)


def _ensure_started(interview: Interview) -> None:
    # A submitted scorecard is the interviewers' word that it took place, whatever the calendar said.
    if interview.scheduled_at > timezone.now() and not interview.scorecards.exists():
        raise DomainError(INTERVIEW_NOT_STARTED_MESSAGE, code="INTERVIEW_NOT_STARTED", field="status")


def _lock_interview(interview: Interview) -> Interview:
    return (
        Interview.objects.select_for_update(of=("self",))
        .select_related("application__job", "organization")
        .get(pk=interview.pk)
    )


@transaction.atomic
def reschedule_interview(
    *,
    interview: Interview,
    scheduled_at: datetime,
    actor: User | None = None,
    duration_minutes: int | None = None,
    location: str | None = None,
) -> Interview:
    """Move a scheduled interview to a new future time; interviewers get the updated invite (SEQUENCE + 1)."""
    ensure_interview_in_future(scheduled_at=scheduled_at)
    locked = _lock_interview(interview)
    _ensure_still_scheduled(locked)
    locked.scheduled_at = scheduled_at
    if duration_minutes is not None:
        locked.duration_minutes = duration_minutes
    if location is not None:
        locked.location = location
    locked.sequence += 1
    locked.full_clean(exclude=["organization", "application"])
    locked.save()
    record_event(organization=locked.organization, name="interview.rescheduled", data=interview_event_payload(locked))
    record_activity(
        candidate=locked.application.candidate_id,
        organization=locked.organization,
        kind=CandidateActivity.Kind.INTERVIEW_RESCHEDULED,
        summary=f"moved the {_interview_words(locked)}",
        actor=actor,
        interview=locked,
    )
    _send_invites_after_commit(locked, "rescheduled")
    return locked


@transaction.atomic
def cancel_interview(*, interview: Interview, actor: User | None = None) -> Interview:
    """Cancel a scheduled interview; interviewers get the calendar cancellation."""
    locked = _lock_interview(interview)
    _ensure_still_scheduled(locked)
    locked.status = Interview.Status.CANCELLED
    locked.sequence += 1
    locked.save(update_fields=["status", "sequence", "updated_at"])
    record_event(organization=locked.organization, name="interview.cancelled", data=interview_event_payload(locked))
    record_activity(
        candidate=locked.application.candidate_id,
        organization=locked.organization,
        kind=CandidateActivity.Kind.INTERVIEW_CANCELLED,
        summary=f"cancelled the {_interview_words(locked)}",
        actor=actor,
        interview=locked,
    )
    _send_invites_after_commit(locked, "cancelled")
    return locked


@transaction.atomic
def mark_interview_held(*, interview: Interview, actor: User | None = None) -> Interview:
    """Record that a scheduled interview took place (it is then Completed); no-op if it already was.

    Only once its start time has passed (or a scorecard says it took place): not before it began.
    """
    locked = _lock_interview(interview)
    if locked.status == Interview.Status.COMPLETED:
        return locked
    _ensure_still_scheduled(locked)
    _ensure_started(locked)
    locked.status = Interview.Status.COMPLETED
    locked.save(update_fields=["status", "updated_at"])
    record_event(organization=locked.organization, name="interview.completed", data=interview_event_payload(locked))
    record_activity(
        candidate=locked.application.candidate_id,
        organization=locked.organization,
        kind=CandidateActivity.Kind.INTERVIEW_HELD,
        summary=f"marked the {_interview_words(locked)} as held",
        actor=actor,
        interview=locked,
    )
    return locked


@transaction.atomic
def update_interview(*, interview: Interview, interviewers: Iterable[User] | None = None, **fields: Any) -> Interview:
    """The API's partial update: a new time or a cancellation goes through the same rules and invites."""
    new_time = fields.pop("scheduled_at", None)
    new_status = fields.pop("status", None)
    _apply(interview, fields)
    interview.save()
    if interviewers is not None:
        interview.interviewers.set(interviewers)
    if new_time is not None and new_time != interview.scheduled_at:
        if interview.status == Interview.Status.SCHEDULED:
            interview = reschedule_interview(interview=interview, scheduled_at=new_time)
        else:
            # Correcting the record of an interview that was held or cancelled: nobody is re-invited.
            interview.scheduled_at = new_time
            interview.save(update_fields=["scheduled_at", "updated_at"])
    if new_status == Interview.Status.CANCELLED and interview.status != new_status:
        interview = cancel_interview(interview=interview)
    elif new_status == Interview.Status.COMPLETED and interview.status != new_status:
        interview = mark_interview_held(interview=interview)
    elif new_status == Interview.Status.SCHEDULED and interview.status != new_status:
        interview.status = new_status
        interview.save(update_fields=["status", "updated_at"])
    return interview


ALREADY_SUBMITTED_MESSAGE = "You already submitted a scorecard for this interview."


@transaction.atomic
def submit_scorecard(
    *,
    interview: Interview,
    interviewer: User,
    ratings: dict[str, int],
    recommendation: str,
    feedback: str = "",
) -> Scorecard:
    """Record an interviewer's scorecard, with the job's criteria as they were named when it was written."""
    if Scorecard.objects.filter(interview=interview, interviewer=interviewer).exists():
        raise DomainError(ALREADY_SUBMITTED_MESSAGE, code="ALREADY_SUBMITTED", field="interview")
    # Saved as the interviewer wrote it, with the flags; partners get a sanitized copy on export.
    report = check_bias(feedback)
    try:
        # A savepoint: a concurrent submission that wins the unique constraint leaves this transaction usable.
        with transaction.atomic():
            scorecard = Scorecard.objects.create(
                organization=interview.organization,
                interview=interview,
                interviewer=interviewer,
                ratings=ratings,
                criteria=scorecard_templates.criteria_snapshot(
                    scorecard_templates.scorecard_criteria(job=interview.application.job)
                ),
                recommendation=recommendation,
                feedback=feedback,
                original_feedback=feedback,
                bias_flags=report.flags,
            )
    except IntegrityError as error:
        raise ConflictError(ALREADY_SUBMITTED_MESSAGE, code="ALREADY_SUBMITTED") from error
    # A submitted scorecard means the interview took place: it is no longer "Scheduled".
    if interview.status == Interview.Status.SCHEDULED:
        mark_interview_held(interview=interview, actor=interviewer)
        interview.status = Interview.Status.COMPLETED
    record_event(
        organization=interview.organization,
        name="scorecard.submitted",
        data={
            "scorecard_id": scorecard.pk,
            "interview_id": interview.pk,
            "application_id": interview.application_id,
            "interviewer_id": interviewer.pk,
            "recommendation": recommendation,
            "ratings": ratings,
        },
    )
    return scorecard


@transaction.atomic
def revise_scorecard(*, scorecard: Scorecard, **fields: Any) -> Scorecard:
    """Change a submitted scorecard; new feedback text is bias-checked like the original."""
    if "feedback" in fields:
        report = check_bias(fields["feedback"])
        fields["original_feedback"] = fields["feedback"]
        fields["bias_flags"] = report.flags
    _apply(scorecard, fields)
    scorecard.save()
    return scorecard


@transaction.atomic
def add_feedback(
    *,
    candidate: Candidate,
    text: str,
    rating: Decimal | None = None,
    reviewer: str = "",
    source: str = "",
    author: User | None = None,
    application: Application | None = None,
) -> Feedback:
    report = check_bias(text)
    return Feedback.objects.create(
        organization=candidate.organization,
        candidate=candidate,
        application=application,
        text=report.sanitized_text,
        original_text=text,
        bias_flags=report.flags,
        bias_filtered=report.bias_filtered,
        rating=rating,
        reviewer=reviewer or (author.get_full_name() or author.email if author else ""),
        source=source,
        author=author,
    )


# "@Zoë", "@zoe.oconnor", "@O'Brien": a word of letters, digits, dots, dashes and apostrophes after "@".
MENTION_PATTERN = re.compile(r"(?<![\w@])@([\w][\w.'’\-]*)")


def _mention_keys(user: User) -> set[str]:
    first, last = user.first_name.strip().casefold(), user.last_name.strip().casefold()
    keys = {user.email.split("@", 1)[0].casefold()}
    if first:
        keys.add(first)
        if last:
            keys |= {f"{first}.{last}", f"{first}{last}", f"{first}_{last}"}
    return {" ".join(key.split()).replace(" ", "") for key in keys}


def mentioned_teammates(*, organization: Organization, body: str, author: User | None = None) -> list[User]:
    """The active teammates a note names with "@": by first name, first.last, or e-mail name."""
    tokens = {match.rstrip(".'’-").casefold() for match in MENTION_PATTERN.findall(body)}
    if not tokens:
        return []
    people = User.objects.filter(organization=organization, is_active=True).order_by("pk")
    found = [person for person in people if _mention_keys(person) & tokens]
    return [person for person in found if author is None or person.pk != author.pk]


def _announce_mentions(note: Note, already: Iterable[int] = ()) -> None:
    mentioned = [
        person.pk
        for person in mentioned_teammates(organization=note.organization, body=note.body, author=note.author)
        if person.pk not in set(already)
    ]
    if mentioned:
        record_event(
            organization=note.organization,
            name="note.mentioned",
            data={
                "note_id": note.pk,
                "candidate_id": note.candidate_id,
                "author_id": note.author_id,
                "mentioned_user_ids": mentioned,
            },
        )


@transaction.atomic
def add_note(
    *, candidate: Candidate, body: str, author: User | None = None, application: Application | None = None
) -> Note:
    """Add a note; each teammate it @mentions hears about it (a `note.mentioned` event)."""
    note = Note.objects.create(
        organization=candidate.organization, candidate=candidate, application=application, author=author, body=body
    )
    _announce_mentions(note)
    return note


NOT_NOTE_AUTHOR_MESSAGE = "Only the person who wrote a note can change or delete it."


def _ensure_note_author(note: Note, user: User) -> None:
    if note.author_id is None or note.author_id != user.pk:
        raise ForbiddenError(NOT_NOTE_AUTHOR_MESSAGE, code="NOT_NOTE_AUTHOR")


@transaction.atomic
def edit_note(*, note: Note, body: str, editor: User) -> Note:
    """Change a note's text (its author only); newly @mentioned teammates are notified."""
    _ensure_note_author(note, editor)
    before = {person.pk for person in mentioned_teammates(organization=note.organization, body=note.body)}
    note.body = body
    note.edited_at = timezone.now()
    note.save(update_fields=["body", "edited_at"])
    _announce_mentions(note, already=before)
    return note


@transaction.atomic
def delete_note(*, note: Note, editor: User) -> None:
    """Delete a note (its author only); the timeline keeps a line saying it was deleted."""
    _ensure_note_author(note, editor)
    record_activity(
        candidate=note.candidate_id,
        organization=note.organization,
        kind=CandidateActivity.Kind.NOTE_DELETED,
        summary="deleted a note",
        actor=editor,
    )
    note.delete()


# --- Pipeline settings: stages and rejection reasons ---------------------------------------------

STAGE_NAME_MAX_LENGTH = PipelineStage._meta.get_field("name").max_length
REASON_LABEL_MAX_LENGTH = RejectionReason._meta.get_field("label").max_length


def _unique_slug(text: str, taken: set[str], *, fallback: str, max_length: int = 60) -> str:
    base = slugify(text)[: max_length - 4] or fallback
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def _checked_stage_name(organization: Organization, name: str, *, stage: PipelineStage | None = None) -> str:
    name = " ".join(name.split())
    if not name:
        raise DomainError("Give the stage a name.", code="STAGE_NAME_REQUIRED", field="name")
    if len(name) > STAGE_NAME_MAX_LENGTH:
        raise DomainError(
            f"A stage name is at most {STAGE_NAME_MAX_LENGTH} characters.", code="STAGE_NAME_TOO_LONG", field="name"
        )
    # Two live stages with one name would be indistinguishable on the board.
    clash = PipelineStage.objects.for_org(organization).filter(
        archived_at__isnull=True, job__isnull=True, name__iexact=name
    )
    if stage is not None:
        clash = clash.exclude(pk=stage.pk)
    if clash.exists():
        raise DomainError(f"There is already a stage called “{name}”.", code="STAGE_NAME_TAKEN", field="name")
    return name


def _locked_stages(organization: Organization) -> list[PipelineStage]:
    # Locking the organization's stages serialises concurrent edits of its order.
    return list(PipelineStage.objects.for_org(organization).select_for_update().order_by("order", "id"))


@transaction.atomic
def add_pipeline_stage(*, organization: Organization, name: str, actor: User | None = None) -> PipelineStage:
    """Add an active stage after the last active one, before Hired and Rejected."""
    stages = _locked_stages(organization)
    name = _checked_stage_name(organization, name)
    active_orders = [
        stage.order for stage in stages if stage.kind == PipelineStage.Kind.ACTIVE and stage.job_id is None
    ]
    order = max(active_orders) + 1 if active_orders else 0
    PipelineStage.objects.for_org(organization).filter(order__gte=order).update(order=F("order") + 1)
    stage = PipelineStage.objects.create(
        organization=organization,
        name=name,
        key=_unique_slug(name, {stage.key for stage in stages}, fallback="stage"),
        order=order,
        kind=PipelineStage.Kind.ACTIVE,
    )
    record_audit(
        organization=organization, actor=actor, action="pipeline_stage.added", target_type="stage", target_id=stage.pk
    )
    return stage


@transaction.atomic
def add_job_stage(*, job: Job, name: str, actor: User | None = None) -> PipelineStage:
    """Add a stage only `job` uses, last before Hired and Rejected; the job then keeps its own stage list."""
    stages = _locked_stages(job.organization)
    name = " ".join(name.split())
    if not name:
        raise DomainError("Give the stage a name.", code="STAGE_NAME_REQUIRED", field="name")
    if len(name) > STAGE_NAME_MAX_LENGTH:
        raise DomainError(
            f"A stage name is at most {STAGE_NAME_MAX_LENGTH} characters.", code="STAGE_NAME_TOO_LONG", field="name"
        )
    current = job_stages.job_stages(job)
    if any(stage.name.casefold() == name.casefold() for stage in current):
        raise DomainError(f"“{job.title}” already has a stage called “{name}”.", code="STAGE_NAME_TAKEN", field="name")
    stage = PipelineStage.objects.create(
        organization=job.organization,
        job=job,
        name=name,
        key=_unique_slug(name, {stage.key for stage in stages}, fallback="stage"),
        # Job stages sort after the organization's in its own lists; the job's plan gives their place.
        order=max((stage.order for stage in stages), default=0) + 1,
        kind=PipelineStage.Kind.ACTIVE,
    )
    active = [item for item in current if item.kind == PipelineStage.Kind.ACTIVE]
    job_stages.set_job_stages(job=job, stages=[*active, stage])
    record_audit(
        organization=job.organization, actor=actor, action="job_stage.added", target_type="stage", target_id=stage.pk
    )
    return stage


@transaction.atomic
def rename_pipeline_stage(*, stage: PipelineStage, name: str) -> PipelineStage:
    """Rename a stage; its key (what the API and webhooks use) stays the same."""
    _locked_stages(stage.organization)
    stage.name = _checked_stage_name(stage.organization, name, stage=stage)
    stage.save(update_fields=["name"])
    return stage


@transaction.atomic
def move_pipeline_stage(*, stage: PipelineStage, step: int) -> PipelineStage:
    """Swap an active stage with the live active stage before (`step=-1`) or after (`step=1`) it."""
    if stage.kind != PipelineStage.Kind.ACTIVE:
        raise DomainError(
            f"{stage.name} is a final stage: it stays at the end of the pipeline.", code="STAGE_FINAL", field="stage"
        )
    movable = [
        candidate
        for candidate in _locked_stages(stage.organization)
        if candidate.kind == PipelineStage.Kind.ACTIVE and candidate.archived_at is None and candidate.job_id is None
    ]
    index = next((i for i, candidate in enumerate(movable) if candidate.pk == stage.pk), None)
    if index is None:
        raise DomainError(f"“{stage.name}” is archived: restore it to move it.", code="STAGE_ARCHIVED", field="stage")
    neighbour_index = index + step
    if step not in (-1, 1) or not 0 <= neighbour_index < len(movable):
        return movable[index]
    current, neighbour = movable[index], movable[neighbour_index]
    current.order, neighbour.order = neighbour.order, current.order
    PipelineStage.objects.bulk_update([current, neighbour], ["order"])
    return current


@transaction.atomic
def archive_pipeline_stage(*, stage: PipelineStage, actor: User | None = None) -> PipelineStage:
    """Offer a stage for no new move; its applications and their history stay where they are."""
    if stage.kind != PipelineStage.Kind.ACTIVE:
        raise DomainError(f"{stage.name} is a final stage: every pipeline keeps it.", code="STAGE_FINAL", field="stage")
    live = [
        candidate
        for candidate in _locked_stages(stage.organization)
        if candidate.kind == PipelineStage.Kind.ACTIVE and candidate.archived_at is None and candidate.job_id is None
    ]
    if [candidate.pk for candidate in live] == [stage.pk]:
        raise DomainError(
            "A pipeline needs at least one open stage: add another before archiving this one.",
            code="LAST_ACTIVE_STAGE",
            field="stage",
        )
    if stage.archived_at is None:
        stage.archived_at = timezone.now()
        stage.save(update_fields=["archived_at"])
        record_audit(
            organization=stage.organization,
            actor=actor,
            action="pipeline_stage.archived",
            target_type="stage",
            target_id=stage.pk,
        )
    return stage


@transaction.atomic
def restore_pipeline_stage(*, stage: PipelineStage) -> PipelineStage:
    """Offer an archived stage for moves again, where it was in the order."""
    _locked_stages(stage.organization)
    if stage.archived_at is not None:
        _checked_stage_name(stage.organization, stage.name, stage=stage)
        stage.archived_at = None
        stage.save(update_fields=["archived_at"])
    return stage


def _checked_reason_label(organization: Organization, label: str, *, reason: RejectionReason | None = None) -> str:
    label = " ".join(label.split())
    if not label:
        raise DomainError("Write the reason.", code="REASON_LABEL_REQUIRED", field="label")
    if len(label) > REASON_LABEL_MAX_LENGTH:
        raise DomainError(
            f"A reason is at most {REASON_LABEL_MAX_LENGTH} characters.", code="REASON_LABEL_TOO_LONG", field="label"
        )
    clash = RejectionReason.objects.for_org(organization).filter(archived_at__isnull=True, label__iexact=label)
    if reason is not None:
        clash = clash.exclude(pk=reason.pk)
    if clash.exists():
        raise DomainError(f"“{label}” is already a reason.", code="REASON_LABEL_TAKEN", field="label")
    return label


def _locked_reasons(organization: Organization) -> list[RejectionReason]:
    return list(RejectionReason.objects.for_org(organization).select_for_update().order_by("order", "id"))


@transaction.atomic
def add_rejection_reason(*, organization: Organization, label: str) -> RejectionReason:
    """Add a reason at the end of the list offered when rejecting."""
    reasons = _locked_reasons(organization)
    label = _checked_reason_label(organization, label)
    highest = RejectionReason.objects.for_org(organization).aggregate(highest=Max("order"))["highest"]
    return RejectionReason.objects.create(
        organization=organization,
        label=label,
        code=_unique_slug(label, {reason.code for reason in reasons}, fallback="reason"),
        order=0 if highest is None else highest + 1,
    )


@transaction.atomic
def rename_rejection_reason(*, reason: RejectionReason, label: str) -> RejectionReason:
    """Reword a reason; its code (what the API and webhooks use) stays the same."""
    _locked_reasons(reason.organization)
    reason.label = _checked_reason_label(reason.organization, label, reason=reason)
    reason.save(update_fields=["label"])
    return reason


@transaction.atomic
def archive_rejection_reason(*, reason: RejectionReason) -> RejectionReason:
    """Offer a reason for no new rejection; applications rejected with it keep it."""
    live = [candidate.pk for candidate in _locked_reasons(reason.organization) if candidate.archived_at is None]
    if live == [reason.pk]:
        raise DomainError(
            "Rejecting needs at least one reason: add another before archiving this one.",
            code="LAST_REJECTION_REASON",
            field="label",
        )
    if reason.archived_at is None:
        reason.archived_at = timezone.now()
        reason.save(update_fields=["archived_at"])
    return reason


@transaction.atomic
def restore_rejection_reason(*, reason: RejectionReason) -> RejectionReason:
    _locked_reasons(reason.organization)
    if reason.archived_at is not None:
        _checked_reason_label(reason.organization, reason.label, reason=reason)
        reason.archived_at = None
        reason.save(update_fields=["archived_at"])
    return reason
