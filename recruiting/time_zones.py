"""Each signed-in person sees times in their own zone: the request runs with it activated."""

from __future__ import annotations

import zoneinfo
from datetime import datetime

from django.utils import timezone
from django.utils.dateformat import format as date_format


def zone_for(user) -> zoneinfo.ZoneInfo:
    """The person's zone (their own, else their organization's, else UTC); an unknown name reads as UTC."""
    name = getattr(user, "time_zone_name", "") or "UTC"
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")


def moment_in_words(value: datetime, zone: zoneinfo.ZoneInfo, fmt: str = "D j M Y, H:i") -> str:
    """ "Tue 4 Mar 2031, 10:30 (America/St Johns)": the moment in `zone`, with the zone named."""
    return f"{date_format(timezone.localtime(value, zone), fmt)} ({str(zone).replace('_', ' ')})"


class UserTimeZoneMiddleware:
    """Activate the signed-in person's zone for templates and form input, and reset it afterwards."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            timezone.activate(zone_for(user))
        try:
            return self.get_response(request)
        finally:
            # The zone is per thread: the next request on this thread must not inherit it.
            timezone.deactivate()
