"""Dashboard metrics, each one a database aggregation over the organization's rows (issue 11).

Percentiles use PostgreSQL's `percentile_cont`; elsewhere (SQLite in development) the same linear
interpolation reads the one or two rows at the percentile's offset, still without loading the set.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import (
    Aggregate,
    Avg,
    Count,
    DurationField,
    ExpressionWrapper,
    F,
    FloatField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Now, TruncMonth
from django.utils import timezone

from analytics.selectors import source_effectiveness
from recruiting.models import (
    Application,
    Candidate,
    Feedback,
    Interview,
    Job,
    Organization,
    PipelineStage,
    Scorecard,
    StageChange,
    User,
)


@dataclass(frozen=True)
class MetricScope:
    """Which rows a metric reads: the organization, optionally a period, one job or one department."""

    organization: Organization
    start: date | None = None
    end: date | None = None
    job_id: int | None = None
    department: str = ""

    def period(self, field: str) -> Q:
        condition = Q()
        tz = timezone.get_current_timezone()
        if self.start:
            condition &= Q(**{f"{field}__gte": datetime.combine(self.start, time.min, tzinfo=tz)})
        if self.end:
            condition &= Q(**{f"{field}__lt": datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz)})
        return condition

    def jobs(self, prefix: str) -> Q:
        condition = Q()
        if self.job_id:
            condition &= Q(**{f"{prefix}id": self.job_id})
        if self.department:
            condition &= Q(**{f"{prefix}department__iexact": self.department})
        return condition

    def applications(self) -> QuerySet[Application]:
        return Application.objects.for_org(self.organization).filter(self.jobs("job__"), self.period("applied_at"))


class PercentileCont(Aggregate):
    function = "PERCENTILE_CONT"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"

    def __init__(self, expression, *, fraction: float, **extra):
        super().__init__(expression, fraction=float(fraction), **extra)


def percentile(queryset: QuerySet, field: str, fraction: float):
    """The `fraction` percentile of `field` over `queryset` (linear interpolation); None when empty."""
    values = queryset.exclude(**{f"{field}__isnull": True})
    if connection.vendor == "postgresql":
        return values.aggregate(value=PercentileCont(F(field), fraction=fraction))["value"]
    count = values.count()
    if not count:
        return None
    position = fraction * (count - 1)
    lower = math.floor(position)
    pair = list(values.order_by(field).values_list(field, flat=True)[lower : lower + 2])
    if len(pair) == 1 or position == lower:
        return pair[0]
    return pair[0] + (pair[1] - pair[0]) * (position - lower)


def _days(value) -> float | None:
    if value is None:
        return None
    seconds = value.total_seconds() if isinstance(value, timedelta) else float(value) / 1_000_000
    return round(seconds / 86400, 1)


def _median_p90(queryset: QuerySet, field: str) -> dict:
    return {"median_days": _days(percentile(queryset, field, 0.5)), "p90_days": _days(percentile(queryset, field, 0.9))}


def _span(start: str, end: str):
    return ExpressionWrapper(F(end) - F(start), output_field=DurationField())


def time_to_hire(scope: MetricScope) -> dict:
    """Days from applying to the hire, over applications hired in the period."""
    hired = (
        Application.objects.for_org(scope.organization)
        .filter(scope.jobs("job__"), scope.period("stage_changed_at"), stage__kind=PipelineStage.Kind.HIRED)
        .annotate(span=_span("applied_at", "stage_changed_at"))
    )
    return {"hires": hired.count(), **_median_p90(hired, "span")}


def time_in_stage(scope: MetricScope) -> list[dict]:
    """Per stage: how long applications stayed in it before their next move (finished stays only)."""
    next_move = (
        StageChange.objects.filter(application_id=OuterRef("application_id"), changed_at__gte=OuterRef("changed_at"))
        .exclude(pk=OuterRef("pk"))
        .order_by("changed_at", "id")
        .values("changed_at")[:1]
    )
    stays = (
        StageChange.objects.for_org(scope.organization)
        .filter(scope.jobs("application__job__"), scope.period("changed_at"))
        .annotate(left_at=Subquery(next_move))
        .filter(left_at__isnull=False)
        .annotate(stay=_span("changed_at", "left_at"))
    )
    rows = []
    for stage in _stages(scope.organization).filter(kind=PipelineStage.Kind.ACTIVE):
        in_stage = stays.filter(to_stage=stage)
        rows.append(
            {"stage": stage.key, "name": stage.name, "moves": in_stage.count(), **_median_p90(in_stage, "stay")}
        )
    return rows


def _stages(organization: Organization) -> QuerySet[PipelineStage]:
    return PipelineStage.objects.for_org(organization).order_by("order", "id")


def funnel(scope: MetricScope) -> list[dict]:
    """Applications that reached each stage (or a later one, rejections aside) and the step conversion."""
    stages = list(_stages(scope.organization).exclude(kind=PipelineStage.Kind.REJECTED))
    reached_later = ~Q(history__to_stage__kind=PipelineStage.Kind.REJECTED)
    counts = scope.applications().aggregate(
        **{
            stage.key: Count("id", distinct=True, filter=reached_later & Q(history__to_stage__order__gte=stage.order))
            for stage in stages
        }
    )
    rows, previous = [], None
    for stage in stages:
        reached = counts[stage.key]
        conversion = round(reached / previous, 3) if previous else None
        rows.append(
            {"stage": stage.key, "name": stage.name, "reached": reached, "conversion_from_previous": conversion}
        )
        previous = reached
    return rows


def open_job_age(scope: MetricScope) -> dict:
    """How long the organization's open jobs have been open (since they were created)."""
    open_jobs = (
        Job.objects.for_org(scope.organization)
        .filter(scope.jobs(""), status=Job.Status.OPEN)
        .annotate(age=ExpressionWrapper(Now() - F("created_at"), output_field=DurationField()))
    )
    oldest = open_jobs.aggregate(first=Min("created_at"))["first"]
    return {
        "open_jobs": open_jobs.count(),
        **_median_p90(open_jobs, "age"),
        "oldest_days": _days(timezone.now() - oldest) if oldest else None,
    }


def interviewer_load(scope: MetricScope) -> list[dict]:
    """Interviews and scorecards per interviewer, busiest first."""
    in_scope = Q(interviews__organization=scope.organization) & scope.jobs("interviews__application__job__")
    in_scope &= scope.period("interviews__scheduled_at")
    cards = Q(scorecards__organization=scope.organization) & scope.jobs("scorecards__interview__application__job__")
    cards &= scope.period("scorecards__submitted_at")
    users = (
        User.objects.for_org(scope.organization)
        .annotate(
            interviews_count=Count("interviews", filter=in_scope, distinct=True),
            scorecards_count=Count("scorecards", filter=cards, distinct=True),
        )
        .filter(Q(interviews_count__gt=0) | Q(scorecards_count__gt=0))
        .order_by("-interviews_count", "-scorecards_count", "email")
    )
    return [
        {
            "interviewer_id": user.id,
            "name": user.get_full_name() or user.email,
            "interviews": user.interviews_count,
            "scorecards": user.scorecards_count,
        }
        for user in users[:50]
    ]


def offer_acceptance(scope: MetricScope) -> dict:
    """Of the applications that reached the offer stage, how many ended hired."""
    offer_order = _stages(scope.organization).filter(key="offer").values_list("order", flat=True).first()
    if offer_order is None:
        return {"offers": 0, "accepted": 0, "rate": None}
    counts = scope.applications().aggregate(
        offers=Count("id", distinct=True, filter=Q(history__to_stage__key="offer")),
        accepted=Count(
            "id",
            distinct=True,
            filter=Q(history__to_stage__key="offer", stage__kind=PipelineStage.Kind.HIRED),
        ),
    )
    rate = round(counts["accepted"] / counts["offers"], 3) if counts["offers"] else None
    return {**counts, "rate": rate}


def _flag_rate(flagged: int, total: int) -> float | None:
    return round(flagged / total, 3) if total else None


def bias_flags(scope: MetricScope) -> dict:
    """Share of scorecards and feedback with bias flags, per team (job department) and per month."""
    cards = Scorecard.objects.for_org(scope.organization).filter(
        scope.jobs("interview__application__job__"), scope.period("submitted_at")
    )
    flagged = ~Q(bias_flags=[])
    by_team = [
        {
            "department": row["team"] or "",
            "scorecards": row["total"],
            "flagged": row["flagged"],
            "rate": _flag_rate(row["flagged"], row["total"]),
        }
        for row in cards.values(team=F("interview__application__job__department"))
        .annotate(total=Count("id"), flagged=Count("id", filter=flagged))
        .order_by("team")
    ]
    by_month = [
        {
            "month": row["month"].date().isoformat() if row["month"] else None,
            "scorecards": row["total"],
            "flagged": row["flagged"],
            "rate": _flag_rate(row["flagged"], row["total"]),
        }
        for row in cards.annotate(month=TruncMonth("submitted_at"))
        .values("month")
        .annotate(total=Count("id"), flagged=Count("id", filter=flagged))
        .order_by("month")
    ]
    feedback = (
        Feedback.objects.for_org(scope.organization)
        .filter(scope.period("created_at"))
        .aggregate(total=Count("id"), flagged=Count("id", filter=flagged))
    )
    totals = cards.aggregate(total=Count("id"), flagged=Count("id", filter=flagged))
    return {
        "scorecard_rate": _flag_rate(totals["flagged"], totals["total"]),
        "feedback_rate": _flag_rate(feedback["flagged"], feedback["total"]),
        "by_team": by_team,
        "by_month": by_month,
    }


def time_to_hire_trend(scope: MetricScope) -> list[dict]:
    """Median days to hire per month of the hire."""
    hired = (
        Application.objects.for_org(scope.organization)
        .filter(scope.jobs("job__"), scope.period("stage_changed_at"), stage__kind=PipelineStage.Kind.HIRED)
        .annotate(span=_span("applied_at", "stage_changed_at"), month=TruncMonth("stage_changed_at"))
    )
    months = hired.values_list("month", flat=True).distinct().order_by("month")
    return [
        {
            "month": month.date().isoformat(),
            "hires": hired.filter(month=month).count(),
            **_median_p90(hired.filter(month=month), "span"),
        }
        for month in months
    ]


def counts(scope: MetricScope) -> dict:
    candidates = Candidate.objects.for_org(scope.organization).filter(scope.period("created_at"))
    if scope.job_id or scope.department:
        candidates = candidates.filter(id__in=scope.applications().values("candidate_id"))
    summary = candidates.aggregate(total=Count("id"), experience=Avg("experience_years", output_field=FloatField()))
    return {
        "total_candidates": summary["total"],
        "total_jobs": Job.objects.for_org(scope.organization)
        .filter(scope.jobs(""), scope.period("created_at"))
        .count(),
        "total_interviews": Interview.objects.for_org(scope.organization)
        .filter(scope.jobs("application__job__"), scope.period("scheduled_at"))
        .count(),
        "avg_experience": round(summary["experience"], 1) if summary["experience"] is not None else None,
    }


def source_table(scope: MetricScope) -> list[dict]:
    return [
        {
            "source": row.source,
            "applications": row.applications,
            "interviews": row.interviewed,
            "hires": row.hired,
            "hire_rate": round(row.hire_rate, 3),
        }
        for row in source_effectiveness(organization=scope.organization, applications=scope.applications())
    ]


def dashboard_metrics(scope: MetricScope) -> dict:
    """Every dashboard metric for `scope`, in the shape partners read as `dashboard_metrics`."""
    return {
        **counts(scope),
        "time_to_hire": time_to_hire(scope),
        "time_to_hire_trend": time_to_hire_trend(scope),
        "time_in_stage": time_in_stage(scope),
        "funnel": funnel(scope),
        "sources": source_table(scope),
        "open_job_age": open_job_age(scope),
        "interviewer_load": interviewer_load(scope),
        "offer_acceptance": offer_acceptance(scope),
        "bias_flags": bias_flags(scope),
    }
