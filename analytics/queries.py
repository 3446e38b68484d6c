"""`POST /api/v1/analytics/query`: named metrics grouped by named dimensions, computed by the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDay, TruncMonth, TruncWeek

from analytics.metrics import MetricScope
from analytics.models import ProductEvent
from recruiting.models import Application, Interview, PipelineStage, StageChange

GRANULARITIES = {"day": TruncDay, "week": TruncWeek, "month": TruncMonth}
# A query reads at most this span, so one request cannot scan the organization's whole history by day.
MAX_RANGE_DAYS = 366 * 2
DEFAULT_RANGE_DAYS = 30


class QueryError(Exception):
    """A query body the service cannot answer; `code` is the machine code, `valid` the accepted names."""

    def __init__(self, message: str, *, code: str, valid: list[str] | None = None):
        super().__init__(message)
        self.code = code
        self.valid = valid or []


@dataclass(frozen=True)
class MetricSource:
    """Where a metric's rows come from, which date places them in time, and how each dimension is read."""

    rows: callable
    date_field: str
    dimensions: dict[str, str] = field(default_factory=dict)


def _applications(scope: MetricScope) -> QuerySet:
    return Application.objects.for_org(scope.organization)


APPLICATION_DIMENSIONS = {
    "source": "source",
    "job": "job__title",
    "stage": "stage__key",
    "department": "job__department",
}

METRICS: dict[str, MetricSource] = {
    "applications": MetricSource(_applications, "applied_at", APPLICATION_DIMENSIONS),
    "hires": MetricSource(
        lambda scope: _applications(scope).filter(stage__kind=PipelineStage.Kind.HIRED),
        "stage_changed_at",
        APPLICATION_DIMENSIONS,
    ),
    "stage_changes": MetricSource(
        lambda scope: StageChange.objects.for_org(scope.organization),
        "changed_at",
        {
            "source": "application__source",
            "job": "application__job__title",
            "stage": "to_stage__key",
            "department": "application__job__department",
        },
    ),
    "interviews": MetricSource(
        lambda scope: Interview.objects.for_org(scope.organization),
        "scheduled_at",
        {
            "source": "application__source",
            "job": "application__job__title",
            "stage": "application__stage__key",
            "department": "application__job__department",
        },
    ),
    "events": MetricSource(
        lambda scope: ProductEvent.objects.for_org(scope.organization),
        "occurred_at",
        {"event_type": "event_type", "source": "properties__source"},
    ),
}
VALID_METRICS = [*METRICS, "event:<event_type>"]
# `event:<type>` counts the product events of one type (JobSwipe queries `jobs_viewed` that way).
EVENT_METRIC_PREFIX = "event:"
EVENT_DIMENSIONS = {"event_type": "event_type", "source": "properties__source"}


def metric_source(name: str) -> MetricSource:
    if name.startswith(EVENT_METRIC_PREFIX):
        event_type = name.removeprefix(EVENT_METRIC_PREFIX)
        return MetricSource(
            lambda scope: ProductEvent.objects.for_org(scope.organization).filter(event_type=event_type),
            "occurred_at",
            EVENT_DIMENSIONS,
        )
    return METRICS[name]


def _is_metric(name: str) -> bool:
    event_type = name.removeprefix(EVENT_METRIC_PREFIX)
    return name in METRICS or (name.startswith(EVENT_METRIC_PREFIX) and 0 < len(event_type) <= 100)


DIMENSIONS = ["date", "source", "job", "stage", "department", "event_type"]
FILTERS = ["date_range", "job", "department", "source", "stage", "event_type"]


@dataclass(frozen=True)
class AnalyticsQuery:
    metrics: list[str]
    dimensions: list[str]
    granularity: str
    start: date
    end: date
    filters: dict


def parse_query(*, body: dict, today: date) -> AnalyticsQuery:
    """Validate a query body against the known names; every refusal names what would be accepted."""
    if not isinstance(body, dict):
        raise QueryError("The query body must be a JSON object.", code="INVALID_QUERY")
    metrics = _names(body.get("metrics"), "metrics", VALID_METRICS, required=True, accept=_is_metric)
    dimensions = _names(body.get("dimensions", []), "dimensions", DIMENSIONS)
    granularity = body.get("granularity", "day")
    if not isinstance(granularity, str) or granularity not in GRANULARITIES:  # {} or [] is unhashable: a 400
        raise QueryError(f"Unknown granularity {granularity!r}.", code="UNKNOWN_GRANULARITY", valid=list(GRANULARITIES))
    filters = body.get("filters", {})  # null or [] is no object: a 400 like any other wrong type
    if not isinstance(filters, dict):
        raise QueryError("filters must be an object.", code="INVALID_FILTER", valid=FILTERS)
    unknown = sorted(set(filters) - set(FILTERS))
    if unknown:
        raise QueryError(f"Unknown filter {unknown[0]!r}.", code="UNKNOWN_FILTER", valid=FILTERS)
    for name in FILTERS[1:]:
        if name in filters and not isinstance(filters[name], (str, int)) or isinstance(filters.get(name), bool):
            raise QueryError(f"Filter {name!r} takes one string value.", code="INVALID_FILTER", valid=FILTERS)
    start, end = _date_range(filters.get("date_range"), today)
    for metric in metrics:
        unsupported = [d for d in dimensions if d != "date" and d not in metric_source(metric).dimensions]
        if unsupported:
            raise QueryError(
                f"Metric {metric!r} cannot be grouped by {unsupported[0]!r}.",
                code="UNKNOWN_DIMENSION",
                valid=["date", *metric_source(metric).dimensions],
            )
    return AnalyticsQuery(metrics, dimensions, granularity, start, end, filters)


def _names(value, what: str, valid: list[str], *, required: bool = False, accept=None) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(name, str) for name in value) or (required and not value):
        raise QueryError(f"{what} must be a list of names.", code=f"INVALID_{what.upper()}", valid=valid)
    accept = accept or (lambda name: name in valid)
    unknown = [name for name in value if not accept(name)]
    if unknown:
        singular = what.rstrip("s").upper()
        raise QueryError(f"Unknown {what[:-1]} {unknown[0]!r}.", code=f"UNKNOWN_{singular}", valid=valid)
    return list(dict.fromkeys(value))


def _date_range(value, today: date) -> tuple[date, date]:
    if value is None:
        return today - timedelta(days=DEFAULT_RANGE_DAYS - 1), today
    if not isinstance(value, dict) or not isinstance(value.get("start"), str) or not isinstance(value.get("end"), str):
        raise QueryError("date_range needs start and end dates (YYYY-MM-DD).", code="INVALID_DATE_RANGE")
    try:
        start, end = date.fromisoformat(value["start"]), date.fromisoformat(value["end"])
    except ValueError:
        raise QueryError("date_range start and end must be dates (YYYY-MM-DD).", code="INVALID_DATE_RANGE") from None
    if end < start:
        raise QueryError("date_range end is before its start.", code="INVALID_DATE_RANGE")
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        raise QueryError(f"date_range spans at most {MAX_RANGE_DAYS} days.", code="DATE_RANGE_TOO_LONG")
    return start, end


def run_query(*, scope: MetricScope, query: AnalyticsQuery) -> dict:
    """Rows keyed by the requested dimensions with one column per metric, plus each metric's total."""
    scope = MetricScope(organization=scope.organization, start=query.start, end=query.end)
    merged: dict[tuple, dict] = {}
    totals = {}
    for metric in query.metrics:
        source = metric_source(metric)
        rows = source.rows(scope).filter(scope.period(source.date_field), _filters(source, query.filters))
        # Aliased, because a dimension may share its name with a model field ("source").
        groups = {}
        for dimension in query.dimensions:
            if dimension == "date":
                groups[f"dim_{dimension}"] = GRANULARITIES[query.granularity](source.date_field)
            else:
                groups[f"dim_{dimension}"] = F(source.dimensions[dimension])
        if not groups:
            totals[metric] = rows.count()
            continue
        totals[metric] = 0  # the sum of the groups: one pass over the rows instead of two
        for row in rows.values(**groups).annotate(value=Count("pk")).order_by(*groups):
            totals[metric] += row["value"]
            key = tuple(_plain(row[f"dim_{d}"]) for d in query.dimensions)
            merged.setdefault(key, {d: value for d, value in zip(query.dimensions, key, strict=True)})[metric] = row[
                "value"
            ]
    result_rows = []
    for key in sorted(merged, key=lambda k: tuple("" if v is None else str(v) for v in k)):
        row = merged[key]
        result_rows.append({**row, **{metric: row.get(metric, 0) for metric in query.metrics}})
    return {
        "rows": result_rows,
        "totals": totals,
        "granularity": query.granularity,
        "date_range": {"start": query.start.isoformat(), "end": query.end.isoformat()},
    }


def _filters(source: MetricSource, filters: dict) -> Q:
    condition = Q()
    for name, value in filters.items():
        if name == "date_range":
            continue
        path = source.dimensions.get(name)
        if path is None:
            raise QueryError(f"Filter {name!r} does not apply to this metric.", code="INVALID_FILTER", valid=FILTERS)
        if name == "job" and str(value).isdigit():
            path = path.replace("__title", "_id")
        condition &= Q(**{path: value})
    return condition


def _plain(value):
    if hasattr(value, "date") and callable(value.date):
        return value.date().isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value
