"""Times in the viewer's zone, with the zone named: `{{ interview.scheduled_at|local_datetime }}`."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

from recruiting.time_zones import moment_in_words

register = template.Library()


@register.filter
def local_datetime(value: datetime | None, fmt: str = "D j M Y, H:i") -> str:
    """The moment in the active (the viewer's) zone, followed by the zone's name."""
    if not value:
        return ""
    return moment_in_words(value, timezone.get_current_timezone(), fmt)


@register.simple_tag
def current_zone_name() -> str:
    """The viewer's zone as people write it: "America/St Johns"."""
    return timezone.get_current_timezone_name().replace("_", " ")


@register.filter
def relative_time(value: datetime | None) -> str:
    """'just now' for the last minute, else '3 hours ago' (the largest unit only)."""
    if not value:
        return ""
    if (timezone.now() - value).total_seconds() < 60:
        return "just now"
    return f"{timesince(value, depth=1)} ago"
