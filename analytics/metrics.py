"""Dashboard metrics, each one a database aggregation over the organization's rows.

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
    Q,
    QuerySet,
    Window,
)
from django.db.models.functions import Lead, Now, TruncMonth
from django.utils import timezone

from analytics.selectors import source_effectiveness
from recruiting import job_stages
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

    def bounds(self) -> tuple[datetime | None, datetime | None]:
        """The period as [from, until) instants in the site's time zone; None where open-ended."""
        tz = timezone.get_current_timezone()
        since = datetime.combine(self.start, time.min, tzinfo=tz) if self.start else None
        until = datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz) if self.end else None
        return since, until

    def period(self, field: str) -> Q:
        since, until = self.bounds()
        condition = Q()
        if since:
            condition &= Q(**{f"{field}__gte": since})
        if until:
            condition &= Q(**{f"{field}__lt": until})
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
    # LEAD over each application's history finds the next move in one pass (a correlated subquery
    # per row took seconds on a few thousand applications); the ORM builds that inner query, and
    # the percentiles are taken over it in SQL, because Django cannot aggregate over a window.
    moves = (
        StageChange.objects.for_org(scope.organization)
        .filter(scope.jobs("application__job__"))
        .annotate(
            left_at=Window(Lead("changed_at"), partition_by=[F("application_id")], order_by=[F("changed_at"), F("id")])
        )
        .values("to_stage_id", "changed_at", "left_at")
    )
    inner, params = moves.query.sql_with_params()
    since, until = scope.bounds()
    period = [(clause, value) for clause, value in (("changed_at >= %s", since), ("changed_at < %s", until)) if value]
    where = " AND ".join(["left_at IS NOT NULL", *(clause for clause, _ in period)])
    params = (*params, *(value for _, value in period))
    if connection.vendor == "postgresql":
        days = "EXTRACT(EPOCH FROM (left_at - changed_at)) / 86400.0"
    else:
        days = "(julianday(left_at) - julianday(changed_at))"
    stays = f"SELECT to_stage_id, {days} AS days FROM ({inner}) AS moves WHERE {where}"
    figures = _grouped_percentiles(stays, params)
    return [
        {
            "stage": stage.key,
            "name": stage.name,
            **figures.get(stage.pk, {"moves": 0, "median_days": None, "p90_days": None}),
        }
        for stage in _scope_stages(scope)
        if stage.kind == PipelineStage.Kind.ACTIVE
    ]


def _grouped_percentiles(stays_sql: str, params: tuple) -> dict[int, dict]:
    """Count, median and p90 of `days` per `to_stage_id` over the rows of `stays_sql`."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT to_stage_id, COUNT(*), PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY days), "  # noqa: S608
                f"PERCENTILE_CONT(0.9) WITHIN GROUP (ORDER BY days) FROM ({stays_sql}) AS stays GROUP BY to_stage_id",
                params,
            )
            return {
                stage: {"moves": count, "median_days": _round(median), "p90_days": _round(p90)}
                for stage, count, median, p90 in cursor.fetchall()
            }
        cursor.execute(f"SELECT to_stage_id, COUNT(*) FROM ({stays_sql}) AS stays GROUP BY to_stage_id", params)  # noqa: S608
        counts = dict(cursor.fetchall())
        figures = {}
        for stage, count in counts.items():
            values = []
            for fraction in (0.5, 0.9):
                position = fraction * (count - 1)
                lower = math.floor(position)
                cursor.execute(
                    f"SELECT days FROM ({stays_sql}) AS stays WHERE to_stage_id = %s "  # noqa: S608
                    "ORDER BY days LIMIT 2 OFFSET %s",
                    (*params, stage, lower),
                )
                pair = [row[0] for row in cursor.fetchall()]
                value = pair[0] if len(pair) == 1 else pair[0] + (pair[1] - pair[0]) * (position - lower)
                values.append(_round(value))
            figures[stage] = {"moves": count, "median_days": values[0], "p90_days": values[1]}
        return figures


def _round(days) -> float | None:
    return None if days is None else round(float(days), 1)


def _stages(organization: Organization) -> QuerySet[PipelineStage]:
    """The organization's own stages, archived ones too (their history still counts); no job's additions."""
    return PipelineStage.objects.for_org(organization).filter(job__isnull=True).order_by("order", "id")


def _scope_stages(scope: MetricScope) -> list[PipelineStage]:
    """The stages a metric walks: one job's own (recruiting.job_stages) when the scope is that job."""
    if scope.job_id:
        job = Job.objects.for_org(scope.organization).filter(pk=scope.job_id).first()
        if job is not None and job_stages.uses_own_stages(job):
            return job_stages.job_stages(job)
    return list(_stages(scope.organization))


def funnel(scope: MetricScope) -> list[dict]:
    """Applications that reached each stage (or a later one, rejections aside) and the step conversion."""
    stages = [stage for stage in _scope_stages(scope) if stage.kind != PipelineStage.Kind.REJECTED]
    reached_later = ~Q(history__to_stage__kind=PipelineStage.Kind.REJECTED)
    # "Reached or later" follows the list's order, which for one job is its own order.
    counts = scope.applications().aggregate(
        **{
            stage.key: Count(
                "id",
                distinct=True,
                filter=reached_later & Q(history__to_stage_id__in=[later.pk for later in stages[index:]]),
            )
            for index, stage in enumerate(stages)
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
    if connection.vendor == "postgresql":
        rows = (
            hired.values("month")
            .annotate(
                hires=Count("id"),
                median=PercentileCont(F("span"), fraction=0.5),
                p90=PercentileCont(F("span"), fraction=0.9),
            )
            .order_by("month")
        )
        return [
            {
                "month": row["month"].date().isoformat(),
                "hires": row["hires"],
                "median_days": _days(row["median"]),
                "p90_days": _days(row["p90"]),
            }
            for row in rows
        ]
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
