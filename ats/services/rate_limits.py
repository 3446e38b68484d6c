"""Per-minute request windows of an organization: its plan's, and a partner surface's documented one.

The hourly window of each API key is `api_keys.count_api_key_request`; these count every
authenticated request of the organization, API keys and signed-in callers alike, exactly across
processes (ats/ratelimit.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from ats import ratelimit
from recruiting.models import Organization


@dataclass(frozen=True)
class SurfaceLimit:
    """A partner surface's documented window, e.g. the Integration Framework's 100/minute, bursts to 200."""

    name: str
    rate: str
    burst: int | None = None


def _bucket(organization: Organization, window: str) -> str:
    # The creation instant makes the bucket unique even where ids are reused (a test database).
    return f"org:{organization.pk}:{int(organization.created_at.timestamp() * 1_000_000)}:{window}"


def plan_rate(organization: Organization) -> str:
    rates = settings.ORGANIZATION_PLAN_RATES
    return rates.get(organization.plan) or rates[Organization.Plan.FREE]


def count_organization_request(*, organization: Organization) -> ratelimit.RateLimitDecision:
    """Count one request against the organization's plan window."""
    return ratelimit.hit(_bucket(organization, "plan"), plan_rate(organization))


def count_surface_request(*, organization: Organization, surface: SurfaceLimit) -> ratelimit.RateLimitDecision:
    """Count one request against a partner surface's own documented window for the organization."""
    return ratelimit.hit(_bucket(organization, surface.name), surface.rate, burst=surface.burst)
