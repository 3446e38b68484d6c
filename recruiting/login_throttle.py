"""Sign-in attempts per client address, for the API token endpoint, /accounts/login/ and /admin/login/.

The client address comes from X-Forwarded-For only when TRUSTED_PROXY_COUNT says how many proxies
sit in front; otherwise a caller could rotate the header and get a fresh budget on every attempt.
The counter lives in the shared cache (Redis); if Redis is down it falls back to this process's
memory, so sign-in keeps working and stays throttled (per process) instead of answering 500.
"""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpResponse

logger = logging.getLogger(__name__)

_PERIOD_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_fallback_cache = LocMemCache("login-throttle-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})


def client_address(request) -> str:
    """The caller's IP: REMOTE_ADDR, or the address the outermost trusted proxy saw."""
    proxies = settings.TRUSTED_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "")
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    # Each trusted proxy appends the address it received from; entries further left are client-written.
    return forwarded[-proxies] if len(forwarded) >= proxies else remote


def _rate() -> tuple[int, int]:
    count, period = settings.LOGIN_RATE_LIMIT.split("/")
    return int(count), _PERIOD_SECONDS[period.strip()[0]]


def _count_attempt(key: str, timeout: int) -> int:
    try:
        cache.add(key, 0, timeout=timeout)
        return cache.incr(key)
    except Exception as exc:  # noqa: BLE001 - any cache outage (connection refused, timeout) alike
        logger.warning("Login throttle cache unavailable, counting in process memory: %s", exc)
        _fallback_cache.add(key, 0, timeout=timeout)
        return _fallback_cache.incr(key)


def _attempts_in(key: str) -> int:
    try:
        return int(cache.get(key) or 0)
    except Exception:  # noqa: BLE001 - the outage was logged when counting
        return int(_fallback_cache.get(key) or 0)


def forget_login_attempts() -> None:
    """Drop the in-process fallback counts (tests; the shared cache expires its own)."""
    _fallback_cache.clear()


def record_login_attempt(request) -> int | None:
    """Count one sign-in attempt from this address; the seconds to wait if it is over the limit."""
    limit, window_seconds = _rate()
    now = time.time()
    window = int(now // window_seconds)
    key = f"login-attempts:{client_address(request)}:"
    # A sliding window: this window's attempts plus the previous window's, weighted by how much of it
    # still lies within the last `window_seconds`. A fixed window let twice the limit through across
    # a boundary (three guesses at 11:59:59 and three more at 12:00:00).
    current = _count_attempt(f"{key}{window}", 2 * window_seconds)
    elapsed = (now - window * window_seconds) / window_seconds
    if current + _attempts_in(f"{key}{window - 1}") * (1 - elapsed) <= limit:
        return None
    return max(1, int((window + 1) * window_seconds - now))


class LoginThrottleMiddleware:
    """Answer 429 to sign-in form posts (/accounts/login/, /admin/login/) from an address over the limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path in (settings.LOGIN_URL, "/admin/login/"):
            wait = record_login_attempt(request)
            if wait is not None:
                response = HttpResponse(
                    f"Too many sign-in attempts from your address. Try again in {wait} seconds.",
                    status=429,
                    content_type="text/plain; charset=utf-8",
                )
                response["Retry-After"] = str(wait)
                return response
        return self.get_response(request)
