"""seed_demo spreads pipelines over the last year, so every Analytics chart has data to show."""

from __future__ import annotations

from django.core.management import call_command
from django.db.models.functions import TruncMonth

from analytics.metrics import MetricScope, dashboard_metrics
from recruiting.models import Application, Organization


def test_demo_data_fills_every_chart_over_twelve_months(db):
    call_command("seed_demo", candidates=200)
    demo = Organization.objects.get(name="Demo Corp")
    months = (
        Application.objects.for_org(demo).annotate(month=TruncMonth("applied_at")).values("month").distinct().count()
    )
    assert months >= 10
    metrics = dashboard_metrics(MetricScope(organization=demo))
    assert len(metrics["time_to_hire_trend"]) >= 6
    assert metrics["time_to_hire"]["median_days"] != metrics["time_to_hire"]["p90_days"]
    assert all(row["reached"] for row in metrics["funnel"])
    assert len(metrics["sources"]) >= 3
    assert len(metrics["interviewer_load"]) >= 2
    assert 0 < metrics["offer_acceptance"]["rate"] < 1
    assert any(row["flagged"] for row in metrics["bias_flags"]["by_month"])
