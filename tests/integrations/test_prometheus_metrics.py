"""Prometheus metrics at /metrics, where JobSwipe documents them: requests, 429s, webhook deliveries.

Only the monitoring network reads them: loopback by default, or a scraper with the metrics token.
"""

from __future__ import annotations

import pytest
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

BASE = "/api/v1/integrations/webhooks"


def scrape(client: Client | None = None) -> dict[tuple[str, tuple], float]:
    response = (client or Client()).get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def value(samples, name: str, **labels) -> float:
    return samples.get((name, tuple(sorted(labels.items()))), 0.0)


def test_the_scrape_counts_requests_by_view_and_status(db, recruiter_a, api_as):
    before = scrape()
    api_as(recruiter_a).get("/api/v1/users/me")
    after = scrape()
    name = "django_http_responses_total_by_status_view_method_total"
    labels = {"status": "200", "view": "recruiting_api:users-me", "method": "GET"}
    assert value(after, name, **labels) == value(before, name, **labels) + 1


@pytest.mark.parametrize("address", ["203.0.113.7", "10.1.2.3"])
def test_anyone_else_gets_a_404_unless_they_send_the_token(db, settings, address):
    settings.METRICS_TOKEN = "scrape-token-with-enough-entropy"
    assert Client(REMOTE_ADDR=address).get("/metrics").status_code == 404
    wrong = Client(REMOTE_ADDR=address, HTTP_AUTHORIZATION="Bearer not-the-token")
    assert wrong.get("/metrics").status_code == 404
    scraper = Client(REMOTE_ADDR=address, HTTP_AUTHORIZATION="Bearer scrape-token-with-enough-entropy")
    assert "django_http_requests_total_by_method_total" in scraper.get("/metrics").content.decode()


def test_no_token_configured_means_no_token_opens_it(db, settings):
    settings.METRICS_TOKEN = ""
    assert Client(REMOTE_ADDR="203.0.113.7", HTTP_AUTHORIZATION="Bearer ").get("/metrics").status_code == 404


def test_a_full_plan_window_is_counted_as_a_429(db, org_a, recruiter_a, api_as, settings):
    settings.ORGANIZATION_PLAN_RATES = {"free": "2/minute", "pro": "2/minute", "enterprise": "2/minute"}
    before = value(scrape(), "recruiter_rate_limited_requests_total", window="plan")
    client = api_as(recruiter_a)
    statuses = [client.get("/api/v1/users/me").status_code for _ in range(3)]
    if statuses != [200, 200, 429]:  # the minute turned between the requests: one more try
        statuses += [client.get("/api/v1/users/me").status_code for _ in range(3)]
    assert statuses[-1] == 429
    assert value(scrape(), "recruiter_rate_limited_requests_total", window="plan") == before + statuses.count(429)


def test_webhook_attempts_are_counted_by_outcome(api_as, admin_a, webhook_a, receiver):
    before = scrape()
    assert api_as(admin_a).post(f"{BASE}/{webhook_a.pk}/test").json()["success"] is True
    after = scrape()
    name = "recruiter_webhook_delivery_attempts_total"
    assert value(after, name, status="success") == value(before, name, status="success") + 1
    seconds = "recruiter_webhook_delivery_attempt_seconds_count"
    assert value(after, seconds) == value(before, seconds) + 1
