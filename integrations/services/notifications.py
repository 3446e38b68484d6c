"""In-app notifications (emailed after commit when asked), and the events that raise them."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from integrations.models import Notification
from recruiting import realtime
from recruiting.errors import DomainError
from recruiting.models import Application, Candidate, Interview, Job, Note, OutboxEvent, User
from recruiting.time_zones import moment_in_words, zone_for


def notify_user(
    *,
    user: User,
    type: str,
    title: str,
    message: str = "",
    metadata: dict[str, Any] | None = None,
    send_email: bool = False,
) -> Notification:
    """Create an in-app notification, push it to the user's sockets and email it after commit when asked."""
    notification = Notification.objects.create(
        organization_id=user.organization_id,
        user=user,
        type=type,
        title=title,
        message=message,
        metadata=metadata or {},
    )
    realtime.publish_to_user(
        user_id=user.pk,
        type="notification",
        data={
            "id": notification.pk,
            "type": type,
            "title": title,
            "message": message or title,
            "metadata": notification.metadata,
            "created_at": notification.created_at.isoformat(),
            # The dashboard links the notification to this page (the candidate's, for most).
            "link": notification.link,
            # For the dashboard's badge: the user's unread count including this one.
            "unread_count": Notification.objects.filter(user=user, read_at__isnull=True).count(),
        },
    )
    if send_email and user.email:
        # A subject is one line: a title pasted with a line break would make the mail refuse to send.
        subject = " ".join(title.split())
        transaction.on_commit(
            lambda: send_mail(subject, message or title, settings.DEFAULT_FROM_EMAIL, [user.email]), robust=True
        )
    return notification


def notify_admins(
    *, organization_id: int, type: str, title: str, message: str = "", metadata: dict | None = None, send_email=True
) -> list[Notification]:
    admins = User.objects.filter(organization_id=organization_id, role=User.Role.ADMIN, is_active=True)
    return [
        notify_user(user=admin, type=type, title=title, message=message, metadata=metadata, send_email=send_email)
        for admin in admins
    ]


def mark_notifications_read(*, user: User, notification_ids: list[int] | None = None) -> int:
    """Mark the user's notifications (all unread, or the given ones) read; return how many changed."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        theirs = set(Notification.objects.filter(user=user, pk__in=notification_ids).values_list("pk", flat=True))
        unknown = [pk for pk in notification_ids if pk not in theirs]
        if unknown:
            # Nothing is marked when one id is not the user's: a partial success would hide the mistake.
            raise DomainError(f"Notification {unknown[0]} not found.", code="UNKNOWN_NOTIFICATION", field="ids")
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


def notify_for_event(event: OutboxEvent) -> None:
    """Turn the events people must hear about into notifications."""
    data = event.data
    if event.name in ("integration.unhealthy", "integration.recovered"):
        healthy = event.name == "integration.recovered"
        title = f"Integration {data.get('name', '')} {'recovered' if healthy else 'is unhealthy'}"
        notify_admins(
            organization_id=event.organization_id,
            type=event.name,
            title=title,
            message=data.get("last_error", "") if not healthy else "The last health check passed.",
            metadata={"integration_id": data.get("integration_id"), "event_id": str(event.pk)},
        )
    elif event.name == "application.hired":
        application = (
            Application.objects.filter(pk=data.get("application_id"), organization_id=event.organization_id)
            .select_related("candidate", "job")
            .first()
        )
        notify_admins(
            organization_id=event.organization_id,
            type=event.name,
            title=f"{application.candidate.full_name} was hired for {application.job.title}"
            if application
            else "A candidate was hired",
            metadata={
                "application_id": data.get("application_id"),
                "candidate_id": application.candidate_id if application else data.get("candidate_id"),
                "event_id": str(event.pk),
            },
            send_email=False,
        )
    elif event.name == "interview.scheduled":
        _notify_interviewers(event)
    elif event.name == "note.mentioned":
        _notify_mentions(event)
    elif event.name == "candidate.applied":
        _notify_hiring_team(event)


def _notify_interviewers(event: OutboxEvent) -> None:
    """Each interviewer hears whom they meet, for which job and when (in their own zone)."""
    interview = (
        Interview.objects.filter(pk=event.data.get("interview_id"), organization_id=event.organization_id)
        .select_related("application__candidate", "application__job")
        .prefetch_related("interviewers")
        .first()
    )
    if interview is None:
        return  # deleted before the relay ran
    candidate, job = interview.application.candidate, interview.application.job
    for interviewer in interview.interviewers.all():
        notify_user(
            user=interviewer,
            type=event.name,
            title=f"Interview with {candidate.full_name} for {job.title}",
            message=f"{interview.get_kind_display()}, {moment_in_words(interview.scheduled_at, zone_for(interviewer))}",
            metadata={
                "interview_id": interview.pk,
                "candidate_id": candidate.pk,
                "event_id": str(event.pk),
            },
            # The interviewer already gets the calendar invite by e-mail (recruiting.calendar_invites).
            send_email=False,
        )


def _notify_hiring_team(event: OutboxEvent) -> None:
    """Someone applied on the careers page: the job's hiring team hears of it (its admins when it has none)."""
    data = event.data
    job = Job.objects.filter(pk=data.get("job_id"), organization_id=event.organization_id).first()
    candidate = Candidate.objects.filter(pk=data.get("candidate_id"), organization_id=event.organization_id).first()
    if job is None or candidate is None:
        return  # deleted before the relay ran
    people = list(job.hiring_team.filter(organization_id=event.organization_id, is_active=True))
    if not people:
        people = list(User.objects.filter(organization_id=event.organization_id, role=User.Role.ADMIN, is_active=True))
    duplicate = " (possibly a candidate you already have)" if data.get("possible_duplicate_of") else ""
    for person in people:
        notify_user(
            user=person,
            type=event.name,
            title=f"{candidate.full_name} applied for {job.title}",
            message=f"A new application from the careers page{duplicate}.",
            metadata={
                "candidate_id": candidate.pk,
                "job_id": job.pk,
                "application_id": data.get("application_id"),
                "url": reverse("recruiting:candidate-detail", args=[candidate.pk]),
                "event_id": str(event.pk),
            },
        )


def _notify_mentions(event: OutboxEvent) -> None:
    data = event.data
    note = Note.objects.filter(pk=data.get("note_id"), organization_id=event.organization_id).first()
    if note is None:
        return  # deleted before the relay ran: nothing left to read
    candidate = Candidate.objects.filter(pk=note.candidate_id).only("first_name", "last_name").first()
    author = str(note.author) if note.author_id else "A teammate"
    people = User.objects.filter(
        organization_id=event.organization_id, is_active=True, pk__in=data.get("mentioned_user_ids") or []
    )
    for person in people:
        notify_user(
            user=person,
            type=event.name,
            title=f"{author} mentioned you in a note on {candidate.full_name if candidate else 'a candidate'}",
            message=note.body[:500],
            metadata={
                "candidate_id": note.candidate_id,
                "note_id": note.pk,
                "url": reverse("recruiting:candidate-detail", args=[note.candidate_id]),
                "event_id": str(event.pk),
            },
        )
