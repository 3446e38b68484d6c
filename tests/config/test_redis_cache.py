"""The Redis cache backend keeps one client per connection pool instead of making one per call."""

from __future__ import annotations

import pytest
from django.conf import settings

from config.redis_cache import PooledClientRedisCache

REDIS_LOCATION = settings.CACHES["default"].get("LOCATION", "")


@pytest.mark.skipif(not REDIS_LOCATION, reason="needs a Redis server (REDIS_URL), as CI has")
def test_cache_calls_share_one_client_and_still_read_what_was_written():
    cache = PooledClientRedisCache(REDIS_LOCATION, {"KEY_PREFIX": "test-redis-cache", "OPTIONS": {}})
    cache.set("page-start:42:50:1000", ("2026-12-05T09:30:00.5Z", 42, 7), 30)

    assert cache.get("page-start:42:50:1000") == ("2026-12-05T09:30:00.5Z", 42, 7)
    assert cache.get_many(["page-start:42:50:1000", "nothing"]) == {
        "page-start:42:50:1000": ("2026-12-05T09:30:00.5Z", 42, 7)
    }
    assert cache._cache.get_client() is cache._cache.get_client(write=True)
    cache.delete("page-start:42:50:1000")


def test_the_project_uses_it_whenever_redis_is_configured():
    if settings.CACHES["default"].get("LOCATION"):
        assert settings.CACHES["default"]["BACKEND"] == "config.redis_cache.PooledClientRedisCache"
    else:
        assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
