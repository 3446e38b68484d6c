"""Recruiting metrics for the home page: a fixed number of aggregate queries, whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from integrations.models import Integration, Notification
from recruiting.models import Application, Job, Organization, PipelineStage, Scorecard, StageChange, User


@dataclass(frozen=True)
class StageCount:
    key: str
    name: str
    kind: str
    count: int
    percent: float  # of the largest stage, for bar widths


@dataclass(frozen=True)
class SourceEffect:
    source: str
    applications: int
    interviewed: int
    hired: int

    @property
    def hire_rate(self) -> float:
        return self.hired / self.applications if self.applications else 0.0

    @property
    def interview_rate(self) -> float:
        return self.interviewed / self.applications if self.applications else 0.0


def open_jobs_count(*, organization: Organization) -> int:
    return Job.objects.for_org(organization).filter(status=Job.Status.OPEN).count()


def active_candidates_count(*, organization: Organization) -> int:
    """Candidates with at least one application still moving through an active stage."""
    return (
        Application.objects.for_org(organization)
        .filter(stage__kind=PipelineStage.Kind.ACTIVE)
        .values("candidate_id")
        .distinct()
        .count()
    )


def applications_by_stage(*, organization: Organization) -> list[StageCount]:
    """Every stage in pipeline order with how many applications sit in it (zero included)."""
    stages = PipelineStage.objects.for_org(organization).annotate(total=Count("applications")).order_by("order", "id")
    rows = [(stage.key, stage.name, stage.kind, stage.total) for stage in stages]
    largest = max((total for *_, total in rows), default=0) or 1
    return [StageCount(key, name, kind, total, round(100 * total / largest, 1)) for key, name, kind, total in rows]


def new_applications_count(*, organization: Organization, days: int = 7) -> int:
    since = timezone.now() - timedelta(days=days)
    return Application.objects.for_org(organization).filter(applied_at__gte=since).count()


def source_effectiveness(*, organization: Organization, applications=None) -> list[SourceEffect]:
    """Applications per source, how many reached an interview, and how many were hired.

    `applications` narrows the set (a period, a job); by default every application of the organization.
    """
    interview_order = (
        PipelineStage.objects.for_org(organization).filter(key="interview").values_list("order", flat=True).first()
    )
    # Reached = the history shows a move to the interview stage or a later one (a rejection after an
    # interview still counts as interviewed).
    reached_interview = Q(stage__kind=PipelineStage.Kind.HIRED)
    if interview_order is not None:
        reached_interview |= Q(
            history__to_stage__kind=PipelineStage.Kind.ACTIVE, history__to_stage__order__gte=interview_order
        )
    if applications is None:
        applications = Application.objects.for_org(organization)
    rows = (
        applications.values("source")
        .annotate(
            applications=Count("id", distinct=True),
            interviewed=Count("id", distinct=True, filter=reached_interview),
            hired=Count("id", distinct=True, filter=Q(stage__kind=PipelineStage.Kind.HIRED)),
        )
        .order_by("-applications", "source")
    )
    return [
        SourceEffect(row["source"] or "unknown", row["applications"], row["interviewed"], row["hired"]) for row in rows
    ]


@dataclass(frozen=True)
class Activity:
    at: object
    actor: str
    text: str
    candidate_id: int | None
    job_id: int | None


def recent_activity(*, organization: Organization, limit: int = 10) -> list[Activity]:
    """Latest stage moves and scorecards, newest first, in two queries."""
    moves = (
        StageChange.objects.for_org(organization)
        .select_related("application__candidate", "application__job", "to_stage", "from_stage", "changed_by")
        .order_by("-changed_at", "-id")[:limit]
    )
    scorecards = (
        Scorecard.objects.for_org(organization)
        .select_related("interviewer", "interview__application__candidate", "interview__application__job")
        .order_by("-submitted_at", "-id")[:limit]
    )
    items = [
        Activity(
            move.changed_at,
            str(move.changed_by) if move.changed_by else "System",
            (
                f"moved {move.application.candidate.full_name} to {move.to_stage.name} for {move.application.job.title}"
                if move.from_stage
                else f"added {move.application.candidate.full_name} to {move.application.job.title}"
            ),
            move.application.candidate_id,
            move.application.job_id,
        )
        for move in moves
    ]
    items += [
        Activity(
            card.submitted_at,
            str(card.interviewer),
            f"submitted a scorecard ({card.get_recommendation_display()}) for "
            f"{card.interview.application.candidate.full_name}",
            card.interview.application.candidate_id,
            card.interview.application.job_id,
        )
        for card in scorecards
    ]
    items.sort(key=lambda item: item.at, reverse=True)
    return items[:limit]


def integrations_at_a_glance(*, organization: Organization, limit: int = 8) -> list[Integration]:
    """The organization's integrations, unhealthy first, with their last check (one query)."""
    severity = {"unhealthy": 0, "degraded": 1, "unknown": 2, "healthy": 3}
    integrations = list(
        Integration.objects.for_org(organization)
        .only("id", "name", "provider", "health_status", "last_check_at", "last_error")
        .order_by("name")[:50]
    )
    integrations.sort(key=lambda item: (severity.get(item.health_status, 2), item.name))
    return integrations[:limit]


def _unread(organization: Organization, user: User):
    return Notification.objects.for_org(organization).filter(user=user, read_at__isnull=True)


def unread_notifications(*, organization: Organization, user: User, limit: int = 5) -> list[Notification]:
    return list(_unread(organization, user).order_by("-created_at", "-id")[:limit])


def unread_notifications_count(*, organization: Organization, user: User) -> int:
    return _unread(organization, user).count()


def job_choices(*, organization: Organization) -> list[tuple[int, str]]:
    """(id, title) of the organization's jobs for a filter menu, newest first."""
    return list(Job.objects.for_org(organization).order_by("-created_at", "-id").values_list("id", "title")[:500])


def department_names(*, organization: Organization) -> list[str]:
    return list(
        Job.objects.for_org(organization)
        .exclude(department="")
        .order_by("department")
        .values_list("department", flat=True)
        .distinct()
    )
