"""POST /api/v1/analytics/events records product events per organization, queryable like any metric."""

from __future__ import annotations

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from analytics.models import ProductEvent
from ats.services import api_keys

URL = "/api/v1/analytics/events"
QUERY = "/api/v1/analytics/query"


def _today_range():
    today = timezone.localdate().isoformat()
    return {"start": today, "end": today}


def test_a_recruiter_records_an_event_and_queries_it_by_type(recruiter_a, api_as, org_a):
    client = api_as(recruiter_a)
    for event in ("candidate_viewed", "candidate_viewed", "job_shared"):
        response = client.post(
            URL, {"event_type": event, "properties": {"source": "São Paulo office", "rating": 4.5}}, format="json"
        )
        assert response.status_code == 201, response.content
    stored = ProductEvent.objects.for_org(org_a).first()
    assert stored.properties == {"source": "São Paulo office", "rating": 4.5}
    assert stored.recorded_by == recruiter_a
    body = {"metrics": ["events"], "dimensions": ["event_type"], "filters": {"date_range": _today_range()}}
    result = client.post(QUERY, body, format="json").json()
    assert result["rows"] == [
        {"event_type": "candidate_viewed", "events": 2},
        {"event_type": "job_shared", "events": 1},
    ]


def test_a_partner_api_key_with_the_analytics_write_scope_records_events(org_a, admin_a):
    _, _, raw_key = api_keys.register_integration(
        organization=org_a, name="JobSwipe", scopes=["analytics:write"], created_by=admin_a
    )
    client = APIClient()
    client.credentials(HTTP_X_API_KEY=raw_key)
    response = client.post(URL, {"event_type": "swipe_right", "properties": {}}, format="json")
    assert response.status_code == 201, response.content
    assert ProductEvent.objects.for_org(org_a).get().event_type == "swipe_right"


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"properties": {}}, "INVALID_EVENT_TYPE"),
        ({"event_type": ""}, "INVALID_EVENT_TYPE"),
        ({"event_type": {"nested": True}}, "INVALID_EVENT_TYPE"),
        ({"event_type": "x" * 101}, "INVALID_EVENT_TYPE"),
        ({"event_type": "viewed", "properties": ["a"]}, "INVALID_PROPERTIES"),
        ({"event_type": "viewed", "properties": {"note": "a\u0000b"}}, "INVALID_PROPERTIES"),
        ({"event_type": "viewed", "properties": {"long": "é" * 10_000}}, "PROPERTIES_TOO_LARGE"),
    ],
)
def test_bad_events_are_400s_and_store_nothing(recruiter_a, api_as, body, code):
    response = api_as(recruiter_a).post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert not ProductEvent.objects.exists()


def test_another_organizations_events_never_appear(recruiter_a, admin_b, api_as):
    api_as(admin_b).post(URL, {"event_type": "candidate_viewed"}, format="json")
    body = {"metrics": ["events"], "filters": {"date_range": _today_range()}}
    assert api_as(recruiter_a).post(QUERY, body, format="json").json()["totals"] == {"events": 0}
