"""The organization's plan sets its requests per minute, for API keys and signed-in callers alike.

JobSwipe documents Free 60, Pro 300 and Enterprise 1000 requests a minute for all service traffic;
the Integration Framework 100 a minute with bursts to 200. `/api/ats/` keeps reporting the key's
hourly window (the ATS scripts' 1000 an hour) while the plan's window still applies there.
"""

from __future__ import annotations

import time

import pytest
from django.test import override_settings

from ats import ratelimit
from ats.models import RateLimitWindow
from ats.services import rate_limits
from recruiting.models import Organization
from tests.ats.conftest import make_partner

pytestmark = pytest.mark.usefixtures("real_plan_limits")


@pytest.fixture(autouse=True)
def a_fresh_minute():
    """Start with at least 20 seconds of the current minute left, so a test's requests share one window."""
    if time.time() % 60 > 40:
        time.sleep(60 - time.time() % 60 + 0.05)
    ratelimit.forget_outage_state()


def test_a_free_organization_gets_60_requests_a_minute_then_a_429_with_retry_after(org_a, recruiter_a, api_as):
    client = api_as(recruiter_a)
    responses = [client.get("/api/v1/users/me") for _ in range(61)]

    assert [r.status_code for r in responses] == [200] * 60 + [429]
    first, last = responses[0], responses[-1]
    assert (first["X-RateLimit-Limit"], first["X-RateLimit-Remaining"]) == ("60", "59")
    assert (last["X-RateLimit-Limit"], last["X-RateLimit-Remaining"]) == ("60", "0")
    assert 0 < int(last["Retry-After"]) <= 60
    assert int(last["X-RateLimit-Reset"]) - int(time.time()) <= 60
    assert last.json()["code"] == "RATE_LIMIT_EXCEEDED"


def test_api_keys_and_signed_in_users_share_the_organizations_window(org_a, admin_a, recruiter_a, api_as):
    partner = make_partner(org_a, admin_a, "JobSwipe").client()
    person = api_as(recruiter_a)
    for _ in range(30):
        assert partner.get("/api/v1/candidates").status_code == 200
        assert person.get("/api/v1/jobs").status_code == 200

    assert partner.get("/api/v1/candidates").status_code == 429
    assert person.get("/api/v1/jobs").status_code == 429


def test_each_organization_counts_on_its_own(org_a, org_b, recruiter_a, admin_b, api_as):
    busy = api_as(recruiter_a)
    for _ in range(60):
        busy.get("/api/v1/users/me")
    assert busy.get("/api/v1/users/me").status_code == 429
    assert api_as(admin_b).get("/api/v1/users/me").status_code == 200


@pytest.mark.parametrize(("plan", "limit"), [("free", "60"), ("pro", "300"), ("enterprise", "1000")])
def test_the_plan_sets_the_window(org_a, recruiter_a, api_as, plan, limit):
    Organization.objects.filter(pk=org_a.pk).update(plan=plan)
    response = api_as(recruiter_a).get("/api/v1/users/me")
    assert response.status_code == 200
    assert response["X-RateLimit-Limit"] == limit


def test_the_ats_contract_reports_its_hourly_key_window_while_the_plan_still_counts(org_a, admin_a):
    partner = make_partner(org_a, admin_a, "Greenhouse sync").client()
    responses = [partner.get("/api/ats/candidates") for _ in range(61)]

    assert [r.status_code for r in responses] == [200] * 60 + [429]
    assert responses[0]["X-RateLimit-Limit"] == "1000"
    assert responses[0]["X-RateLimit-Remaining"] == "999"
    assert int(responses[-1]["Retry-After"]) <= 60


def test_the_integration_framework_surface_reports_its_documented_window(org_a, admin_a, api_as):
    Organization.objects.filter(pk=org_a.pk).update(plan="enterprise")
    response = api_as(admin_a).get("/compat/hyrehr/api/v1/integrations")
    assert response.status_code == 200
    # A first minute follows a quiet one, so the burst allowance is open: 200.
    assert response["X-RateLimit-Limit"] == "200"
    assert response["X-RateLimit-Remaining"] == "199"


@override_settings(REDIS_URL="")
@pytest.mark.parametrize(("previous", "limit"), [(0, 200), (40, 160), (100, 100), (150, 100)])
def test_a_burst_window_adds_what_the_previous_minute_left_unused(db, previous, limit):
    window = int(time.time()) // 60 * 60
    if previous:
        RateLimitWindow.objects.create(bucket="org:burst", window_start=window - 60, count=previous)
    assert ratelimit.window_limit("org:burst", limit=100, period=60, window_start=window, burst=200) == limit


def test_the_burst_counts_exactly_in_the_database_without_redis(org_a, settings):
    settings.REDIS_URL = ""
    surface = rate_limits.SurfaceLimit(name="hyrehr", rate="3/minute", burst=5)
    decisions = [rate_limits.count_surface_request(organization=org_a, surface=surface) for _ in range(6)]
    assert [d.allowed for d in decisions] == [True] * 5 + [False]
    assert decisions[0].limit == 5
