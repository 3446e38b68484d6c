"""Per-key rate limits: headers on every response, 429 past the limit, exact across server processes."""

import os
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from ats.models import PartnerIntegration, RateLimitWindow
from recruiting.models import Candidate
from tests.ats import stack


def test_every_response_carries_rate_limit_headers(acme_ats):
    client = acme_ats.client()
    for response in (
        client.get("/api/ats/candidates"),
        client.get("/api/ats/candidates?updated_since=bad"),
        client.post("/api/ats/candidates/sync", {}, format="json"),
    ):
        assert response["X-RateLimit-Limit"] == "1000"
        assert int(response["X-RateLimit-Reset"]) > 0
    assert response["X-RateLimit-Remaining"] == "997"


@override_settings(ATS_RATE_LIMIT="3/hour")
def test_past_the_limit_is_429_with_retry_after_and_nothing_written(acme_ats):
    client = acme_ats.client()
    payload = {"external_id": "x", "first_name": "A", "last_name": "B", "email": "a@b.test"}
    assert [client.post("/api/ats/candidates/sync", payload, format="json").status_code for _ in range(3)] == [201] * 3

    response = client.post("/api/ats/candidates/sync", {**payload, "external_id": "y"}, format="json")

    assert response.status_code == 429
    body = response.json()
    assert body["detail"] == "Rate limit exceeded"
    assert body["code"] == "RATE_LIMIT_EXCEEDED"
    assert 0 < body["retry_after"] <= 3600
    assert response["Retry-After"] == str(body["retry_after"])
    assert response["X-RateLimit-Remaining"] == "0"
    assert not Candidate.objects.filter(external_id="y").exists()


@override_settings(ATS_RATE_LIMIT="2/hour")
def test_an_integration_can_have_its_own_limit(acme_ats):
    PartnerIntegration.objects.filter(pk=acme_ats.integration.pk).update(rate_limit="5/minute")
    statuses = [acme_ats.client().get("/api/ats/candidates").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]


@override_settings(ATS_RATE_LIMIT="2/hour")
def test_the_limit_applies_to_api_keys_on_the_v1_api(acme_ats):
    client = acme_ats.client()
    assert [client.get("/api/v1/candidates").status_code for _ in range(3)] == [200, 200, 429]


BACKENDS = ["redis", "database"] if os.environ.get("REDIS_URL") else ["database"]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("backend", BACKENDS)
def test_exactly_the_limit_is_admitted_across_server_processes(backend, stack_env, tmp_path):
    limit = 25
    # Without REDIS_URL the servers fall back to the database counter.
    env = stack_env(ATS_RATE_LIMIT=f"{limit}/hour", **({} if backend == "redis" else {"REDIS_URL": ""}))
    partners = stack.run_script(env, stack.PARTNER_SETUP)
    key, other_key = partners["acme-talent"]["keys"]
    globex_key = partners["globex-hiring"]["keys"][0]

    with stack.gunicorn(env, tmp_path, workers=3) as base_url, httpx.Client(base_url=base_url, timeout=30) as http:

        def call(raw_key):
            response = http.get("/api/ats/candidates", headers={"X-API-Key": raw_key})
            return raw_key, response.status_code

        # Three times the limit from 24 parallel clients, with invalid keys mixed in.
        wrong_secret = key[:-1] + ("A" if key[-1] != "A" else "B")  # right lookup prefix, wrong key
        requests = [key] * (3 * limit) + ["ats_" + "x" * 43] * 20 + [wrong_secret] * 10
        with ThreadPoolExecutor(max_workers=24) as pool:
            results = list(pool.map(call, requests))

        valid = Counter(status for raw, status in results if raw == key)
        invalid = Counter(status for raw, status in results if raw != key)
        assert valid == {200: limit, 429: 2 * limit}
        assert invalid == {401: 30}

        # Another key of the same organization, and another organization's key, are untouched.
        for untouched in (other_key, globex_key):
            response = http.get("/api/ats/candidates", headers={"X-API-Key": untouched})
            assert response.status_code == 200
            assert response.headers["X-RateLimit-Remaining"] == str(limit - 1)
        exhausted = http.get("/api/ats/candidates", headers={"X-API-Key": key})
        assert exhausted.status_code == 429
        assert int(exhausted.headers["Retry-After"]) == exhausted.json()["retry_after"]


def test_invalid_keys_do_not_consume_quota(acme_ats):
    for _ in range(5):
        assert APIClient(HTTP_X_API_KEY=acme_ats.raw_key[:-2] + "zz").get("/api/ats/candidates").status_code == 401
    response = acme_ats.client().get("/api/ats/candidates")
    assert response["X-RateLimit-Remaining"] == "999"


@override_settings(ATS_RATE_LIMIT="2/hour", REDIS_URL="redis://127.0.0.1:9/0")
def test_a_redis_outage_falls_back_to_the_database_counter(acme_ats):
    # Port 9 (discard) has no Redis: the limit must still hold, counted in the database.
    client = acme_ats.client()
    assert [client.get("/api/ats/candidates").status_code for _ in range(3)] == [200, 200, 429]
    assert RateLimitWindow.objects.get(bucket__startswith="apikey:").count == 2


def test_a_window_another_process_opens_just_after_our_update_still_admits_the_request(db, monkeypatch):
    """Two server processes start a window in the database at once: the one whose UPDATE saw no row
    counts against the row the other just created instead of answering 429 (make stress's Redis
    outage saw one 429 under a limit of 100,000,000 a minute)."""
    from django.db.models import QuerySet

    from ats import ratelimit

    ratelimit.forget_outage_state()
    original_update = QuerySet.update
    opened = []

    def update_then_another_process_opens_the_window(queryset, **changes):
        changed = original_update(queryset, **changes)
        if queryset.model is RateLimitWindow and not opened:
            opened.append(True)
            RateLimitWindow.objects.create(bucket="plan:acme-talent", window_start=1_800_000_000, count=1)
        return changed

    monkeypatch.setattr(QuerySet, "update", update_then_another_process_opens_the_window)

    count = ratelimit._count_in_database("plan:acme-talent", 1_800_000_000, 1_000)

    assert opened, "the other process's row appeared between our UPDATE and our read"
    assert count == 2
    assert RateLimitWindow.objects.get(bucket="plan:acme-talent").count == 2


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs a Redis server (REDIS_URL), as CI has")
def test_the_count_goes_on_after_redis_forgot_its_scripts(acme_ats):
    """Redis restarted (or `SCRIPT FLUSH`): the counting script is loaded again, no request is lost."""
    from django.conf import settings

    from ats.ratelimit import _redis_client

    client = acme_ats.client()
    assert client.get("/api/ats/candidates")["X-RateLimit-Remaining"] == "999"
    _redis_client(settings.REDIS_URL).script_flush()

    response = client.get("/api/ats/candidates")

    assert response.status_code == 200 and response["X-RateLimit-Remaining"] == "998"
