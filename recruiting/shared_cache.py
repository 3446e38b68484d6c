"""The shared cache (Redis) for what can be computed again: while it is down, a read is a miss and a
write is skipped, so a Redis outage slows a list or the dashboard a little and never fails it.

Counters that must hold across processes (sign-in throttling, rate limits, careers applications)
keep their own fallbacks (recruiting/login_throttle.py, ats/ratelimit.py).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def get(key: str) -> Any | None:
    """The value remembered under `key`, or None when there is none or the cache cannot be reached."""
    try:
        return cache.get(key)
    except (RedisError, OSError) as exc:
        logger.warning("Shared cache unavailable, computing instead: %s", exc)
        return None


def get_many(keys: list[str]) -> dict[str, Any]:
    """The values remembered under `keys` (one round trip), leaving out the ones there are none for;
    empty when the cache cannot be reached."""
    try:
        return cache.get_many(keys)
    except (RedisError, OSError) as exc:
        logger.warning("Shared cache unavailable, computing instead: %s", exc)
        return {}


def set(key: str, value: Any, seconds: float) -> bool:  # noqa: A001 - read as shared_cache.set
    """Remember `value` for `seconds`, answering whether it was; skipped (and logged) when the cache cannot be reached."""
    try:
        cache.set(key, value, seconds)
    except (RedisError, OSError) as exc:
        logger.warning("Shared cache unavailable, not remembering %s: %s", key.split(":", 1)[0], exc)
        return False
    return True
