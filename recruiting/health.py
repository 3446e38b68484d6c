"""The platform's own health: can it reach its database and its cache? (/health and the dialects' status)."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection


def system_checks() -> dict[str, str]:
    """`{"database": "ok" | "error: <kind>", "cache": ...}`; never raises."""
    checks: dict[str, str] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        checks["database"] = "ok"
    except Exception as exc:  # any driver error means the database is unusable
        checks["database"] = f"error: {exc.__class__.__name__}"
    try:
        cache.set("health:ping", "1", 5)
        checks["cache"] = "ok" if cache.get("health:ping") == "1" else "error: no round trip"
    except Exception as exc:  # a cache outage is reported, not raised
        checks["cache"] = f"error: {exc.__class__.__name__}"
    return checks


def healthy(checks: dict[str, str]) -> bool:
    return all(value == "ok" for value in checks.values())
