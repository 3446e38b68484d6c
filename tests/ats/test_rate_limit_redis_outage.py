"""Across a Redis outage and its recovery the rate limit admits the limit, never more.

Redis is a redis-server of the test's own on a free port, stopped and started again; the machine's
shared Redis is never touched.
"""

from __future__ import annotations

import pytest

from ats import ratelimit
from tests.processes import PrivateRedis


@pytest.fixture
def redis(settings):
    server = PrivateRedis()
    settings.REDIS_URL = server.url
    ratelimit.forget_outage_state()
    yield server
    server.stop()
    ratelimit.forget_outage_state()


def statuses(client, count: int) -> list[int]:
    return [client.get("/api/ats/candidates").status_code for _ in range(count)]


def test_a_50_per_hour_limit_admits_50_across_a_redis_outage_and_its_recovery(settings, acme_ats, redis):
    settings.ATS_RATE_LIMIT = "50/hour"
    client = acme_ats.client()

    before = statuses(client, 20)
    redis.stop()
    during = statuses(client, 40)
    redis.start()  # a fresh server: the counts it held are gone as well
    after = statuses(client, 40)

    assert before == [200] * 20
    assert during == [200] * 30 + [429] * 10
    assert after == [429] * 40
    assert (before + during + after).count(200) == 50


def test_after_the_outage_every_request_of_the_window_is_counted_in_one_place(settings, acme_ats, redis):
    settings.ATS_RATE_LIMIT = "5/hour"
    client = acme_ats.client()

    assert statuses(client, 2) == [200, 200]
    redis.stop()
    assert statuses(client, 1) == [200]
    redis.start()
    assert statuses(client, 4) == [200, 200, 429, 429]
