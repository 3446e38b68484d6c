"""GET /api/v1/analytics/dashboard: every metric equals the hand count of tests/analytics/conftest.py."""

from __future__ import annotations

from datetime import timedelta

import pytest

URL = "/api/v1/analytics/dashboard"


@pytest.fixture
def metrics(known_pipeline, recruiter_a, api_as):
    response = api_as(recruiter_a).get(URL)
    assert response.status_code == 200, response.content
    assert response.json()["generated_at"]
    return response.json()["dashboard_metrics"]


def test_counts_cover_only_the_callers_organization(metrics):
    assert metrics["total_candidates"] == 5
    assert metrics["total_jobs"] == 2
    assert metrics["total_interviews"] == 2
    assert metrics["avg_experience"] == 5.0  # (4.5 + 8 + 2 + 5.5) / 4; Mei-Ling gave none


def test_time_to_hire_is_the_median_and_p90_of_days_from_applying_to_hire(metrics):
    # Hires after 20 and 40 days: median 30, p90 20 + 0.9 * 20 = 38.
    assert metrics["time_to_hire"] == {"hires": 2, "median_days": 30.0, "p90_days": 38.0}


def test_time_in_screening_counts_finished_stays_only(metrics):
    screening = next(row for row in metrics["time_in_stage"] if row["stage"] == "screening")
    # Stays of 3, 4, 2 and 4 days: median 3.5, p90 at position 2.7 of [2, 3, 4, 4] = 4.
    assert screening == {"stage": "screening", "name": "Screening", "moves": 4, "median_days": 3.5, "p90_days": 4.0}
    applied = next(row for row in metrics["time_in_stage"] if row["stage"] == "applied")
    assert applied["moves"] == 4  # Mei-Ling is still there: an unfinished stay is not counted


def test_funnel_counts_applications_that_reached_each_stage_and_the_step_conversion(metrics):
    assert [(row["stage"], row["reached"], row["conversion_from_previous"]) for row in metrics["funnel"]] == [
        ("applied", 5, None),
        ("screening", 4, 0.8),
        ("interview", 3, 0.75),
        ("offer", 3, 1.0),
        ("hired", 2, 0.667),
    ]


def test_sources_count_applications_interviews_and_hires(metrics):
    assert metrics["sources"] == [
        {"source": "LinkedIn", "applications": 3, "interviews": 2, "hires": 1, "hire_rate": 0.333},
        {"source": "Indeed", "applications": 1, "interviews": 0, "hires": 0, "hire_rate": 0.0},
        {"source": "Referral", "applications": 1, "interviews": 1, "hires": 1, "hire_rate": 1.0},
    ]


def test_open_job_age_in_days(metrics):
    # Open for 30 and 10 days: median 20, p90 10 + 0.9 * 20 = 28.
    assert metrics["open_job_age"] == {"open_jobs": 2, "median_days": 20.0, "p90_days": 28.0, "oldest_days": 30.0}


def test_interviewer_load_per_interviewer(metrics, recruiter_a, manager_a):
    assert [(row["interviewer_id"], row["interviews"], row["scorecards"]) for row in metrics["interviewer_load"]] == [
        (recruiter_a.id, 2, 1),
        (manager_a.id, 1, 1),
    ]


def test_offer_acceptance_is_hires_over_offers(metrics):
    assert metrics["offer_acceptance"] == {"offers": 3, "accepted": 2, "rate": 0.667}


def test_bias_flag_rate_per_team_and_month(metrics, known_pipeline):
    bias = metrics["bias_flags"]
    assert bias["scorecard_rate"] == 0.5
    assert bias["by_team"] == [{"department": "Engineering", "scorecards": 2, "flagged": 1, "rate": 0.5}]
    assert [(row["scorecards"], row["flagged"]) for row in bias["by_month"]] == [(2, 1)]


def test_filtering_by_department_narrows_every_metric(known_pipeline, recruiter_a, api_as):
    body = api_as(recruiter_a).get(URL, {"department": "Product"}).json()["dashboard_metrics"]
    assert body["total_jobs"] == 1
    assert body["total_candidates"] == 1
    assert body["funnel"][0]["reached"] == 1
    assert body["time_to_hire"]["hires"] == 0


def test_a_bad_filter_is_a_400_in_the_error_shape(known_pipeline, recruiter_a, api_as):
    response = api_as(recruiter_a).get(URL, {"start": "2026-13-01"})
    assert response.status_code == 400
    assert response.json()["code"] == "VALIDATION_ERROR"
    assert "start" in response.json()["errors"]


def test_the_answer_is_cached_and_says_when_it_was_computed(known_pipeline, recruiter_a, api_as, org_a):
    client = api_as(recruiter_a)
    first = client.get(URL).json()
    from tests.factories import CandidateFactory

    CandidateFactory(organization=org_a, first_name="Élodie", last_name="D'Arcy", email="elodie@example.com")
    assert client.get(URL).json() == first
    fresh = client.get(URL, {"refresh": "true"}).json()
    assert fresh["dashboard_metrics"]["total_candidates"] == 6
    assert fresh["generated_at"] >= first["generated_at"]


def test_org_b_sees_only_its_own_hire(known_pipeline, admin_b, api_as):
    body = api_as(admin_b).get(URL).json()["dashboard_metrics"]
    assert body["total_candidates"] == 1
    assert body["time_to_hire"] == {"hires": 1, "median_days": 1.0, "p90_days": 1.0}
    assert body["sources"] == [{"source": "LinkedIn", "applications": 1, "interviews": 1, "hires": 1, "hire_rate": 1.0}]
    assert body["interviewer_load"] == []


def test_anonymous_callers_are_refused(client):
    response = client.get(URL)
    assert response.status_code == 401


def test_time_in_stage_counts_only_stays_that_began_in_the_period(known_pipeline, recruiter_a, api_as):
    start = (known_pipeline.t0.date()).isoformat()
    # Screening entered on days +1, +2, +2 and +4; a period ending at +2 keeps three of the four stays.
    end = (known_pipeline.t0 + timedelta(days=2)).date().isoformat()
    body = api_as(recruiter_a).get(URL, {"start": start, "end": end}).json()["dashboard_metrics"]
    screening = next(row for row in body["time_in_stage"] if row["stage"] == "screening")
    assert screening["moves"] == 3


def test_with_redis_down_the_dashboard_is_computed_on_every_request(known_pipeline, recruiter_a, api_as):
    from django.test import override_settings

    from tests.recruiting.test_login_throttling import CLOSED_REDIS

    # Nothing listens there: every cache call is refused (restored before the autouse cache.clear()).
    with override_settings(CACHES=CLOSED_REDIS):
        answers = [api_as(recruiter_a).get(URL) for _ in range(2)]

    assert [response.status_code for response in answers] == [200, 200]
    assert [a.json()["dashboard_metrics"]["total_candidates"] for a in answers] == [5, 5]
