"""POST /api/v1/analytics/query: named metrics by named dimensions; bad bodies are 400s naming the valid ones."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

URL = "/api/v1/analytics/query"


def _range(known_pipeline, days_before=1, days_after=70):
    start = (known_pipeline.t0 - timedelta(days=days_before)).date().isoformat()
    end = (known_pipeline.t0 + timedelta(days=days_after)).date().isoformat()
    return {"start": start, "end": end}


def test_applications_and_hires_by_source(known_pipeline, recruiter_a, api_as):
    body = {
        "metrics": ["applications", "hires"],
        "dimensions": ["source"],
        "filters": {"date_range": _range(known_pipeline)},
    }
    response = api_as(recruiter_a).post(URL, body, format="json")
    assert response.status_code == 200, response.content
    result = response.json()
    assert result["rows"] == [
        {"source": "Indeed", "applications": 1, "hires": 0},
        {"source": "LinkedIn", "applications": 3, "hires": 1},
        {"source": "Referral", "applications": 1, "hires": 1},
    ]
    assert result["totals"] == {"applications": 5, "hires": 2}


def test_stage_changes_by_month_and_stage_filtered_to_one_department(known_pipeline, recruiter_a, api_as):
    body = {
        "metrics": ["stage_changes"],
        "dimensions": ["stage"],
        "filters": {"date_range": _range(known_pipeline), "department": "Product"},
        "granularity": "month",
    }
    result = api_as(recruiter_a).post(URL, body, format="json").json()
    assert result["rows"] == [{"stage": "applied", "stage_changes": 1}]


def test_a_year_by_week_returns_one_row_per_week_with_data(known_pipeline, recruiter_a, api_as):
    today = timezone.localdate()
    body = {
        "metrics": ["applications"],
        "dimensions": ["date"],
        "granularity": "week",
        "filters": {"date_range": {"start": (today - timedelta(days=364)).isoformat(), "end": today.isoformat()}},
    }
    result = api_as(recruiter_a).post(URL, body, format="json").json()
    week = known_pipeline.t0.date() - timedelta(days=known_pipeline.t0.weekday())
    assert result["rows"] == [{"date": week.isoformat(), "applications": 5}]


@pytest.mark.parametrize(
    ("body", "code", "valid"),
    [
        (
            {"metrics": ["revenue"]},
            "UNKNOWN_METRIC",
            ["applications", "hires", "stage_changes", "interviews", "events", "event:<event_type>"],
        ),
        ({"metrics": ["applications"], "dimensions": ["colour"]}, "UNKNOWN_DIMENSION", None),
        ({"metrics": ["applications"], "granularity": "hour"}, "UNKNOWN_GRANULARITY", ["day", "week", "month"]),
        ({"metrics": ["applications"], "filters": {"salary": 1}}, "UNKNOWN_FILTER", None),
        ({"metrics": ["events"], "dimensions": ["job"]}, "UNKNOWN_DIMENSION", ["date", "event_type", "source"]),
        ({"metrics": "applications"}, "INVALID_METRICS", None),
        ({"metrics": []}, "INVALID_METRICS", None),
    ],
)
def test_unknown_names_are_a_400_listing_the_valid_ones(recruiter_a, api_as, body, code, valid):
    response = api_as(recruiter_a).post(URL, body, format="json")
    assert response.status_code == 400
    error = response.json()
    assert error["code"] == code
    assert error["detail"]
    assert error["valid"]
    if valid is not None:
        assert error["valid"] == valid


@pytest.mark.parametrize(
    ("date_range", "code"),
    [
        ({"start": "2024-01-01", "end": "2026-12-31"}, "DATE_RANGE_TOO_LONG"),
        ({"start": "2026-05-01", "end": "2026-04-01"}, "INVALID_DATE_RANGE"),
        ({"start": "yesterday", "end": "2026-04-01"}, "INVALID_DATE_RANGE"),
        ({"start": "2026-01-01"}, "INVALID_DATE_RANGE"),
        ("last year", "INVALID_DATE_RANGE"),
    ],
)
def test_the_date_range_is_checked_and_bounded(recruiter_a, api_as, date_range, code):
    body = {"metrics": ["applications"], "filters": {"date_range": date_range}}
    response = api_as(recruiter_a).post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == code


def test_a_body_that_is_not_an_object_is_a_400(recruiter_a, api_as):
    response = api_as(recruiter_a).post(URL, ["applications"], format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "INVALID_QUERY"


def test_org_b_sees_only_its_own_rows(known_pipeline, admin_b, api_as):
    body = {
        "metrics": ["applications", "hires"],
        "dimensions": ["source"],
        "filters": {"date_range": _range(known_pipeline)},
    }
    result = api_as(admin_b).post(URL, body, format="json").json()
    assert result["rows"] == [{"source": "LinkedIn", "applications": 1, "hires": 1}]


def test_an_event_type_is_a_metric_of_its_own(org_a, recruiter_a, api_as):
    client = api_as(recruiter_a)
    for event_type in ("jobs_viewed", "jobs_viewed", "jobs_applied"):
        client.post(
            "/api/v1/analytics/events", {"event_type": event_type, "properties": {"source": "app"}}, format="json"
        )
    body = client.post(
        "/api/v1/analytics/query",
        {"metrics": ["event:jobs_viewed", "event:jobs_applied"], "dimensions": ["source"]},
        format="json",
    ).json()
    assert body["totals"] == {"event:jobs_viewed": 2, "event:jobs_applied": 1}
    assert body["rows"] == [{"source": "app", "event:jobs_viewed": 2, "event:jobs_applied": 1}]
