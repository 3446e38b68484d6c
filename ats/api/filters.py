"""Query parameters of the partner endpoints: a bad value is a 400 that names the parameter."""

from __future__ import annotations

from datetime import UTC, datetime, time

from django.utils.dateparse import parse_date, parse_datetime
from rest_framework import serializers

from recruiting.filters import in_utc

# Far beyond any real result set, and small enough that page × page_size fits a database bigint.
MAX_QUERY_INT = 1_000_000


def positive_int(request, name: str, default: int) -> int:
    """Read a positive integer query parameter, up to MAX_QUERY_INT."""
    raw = request.query_params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if not 1 <= value <= MAX_QUERY_INT:
        raise serializers.ValidationError({name: [f"Must be a positive integer up to {MAX_QUERY_INT:,}."]})
    return value


def parse_query_datetime(value: str | None, *, parameter: str, end_of_day: bool = False) -> datetime | None:
    """Parse an ISO 8601 query parameter: naive values are UTC; a bad value is a 400 naming the parameter."""
    if value is None or value.strip() == "":
        return None
    text = value.strip()
    # A '+' in an unencoded query string arrives as a space: "2026-01-01T10:00:00 02:00".
    if len(text) > 19 and text[-6] == " " and text[-3] == ":":
        text = f"{text[:-6]}+{text[-5:]}"
    try:
        # A bare date means the whole day: from its first to its last microsecond.
        day = parse_date(text) if len(text) == 10 else None
        if day is not None:
            parsed = datetime.combine(day, time.max if end_of_day else time.min)
        else:
            parsed = parse_datetime(text)
    except ValueError:
        parsed = None
    if parsed is None:
        raise serializers.ValidationError(
            {parameter: ["Not a valid date: use ISO 8601, e.g. 2026-01-31T09:30:00Z or 2026-01-31T09:30:00+02:00."]}
        )
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return in_utc(parsed)
