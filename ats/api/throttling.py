"""The organization's per-minute windows as a DRF throttle, on every API view (DEFAULT_THROTTLE_CLASSES)."""

from __future__ import annotations

from rest_framework.throttling import BaseThrottle

from ats import metrics
from ats.services import rate_limits
from recruiting.tenancy import request_organization


class OrganizationPlanThrottle(BaseThrottle):
    """Count each authenticated request against the organization's plan and, on a partner surface, its window.

    A view may declare `rate_limit_surface` (`{"name", "rate", "burst"}`, a plain dict so apps beside
    ats can declare one without importing it): that window is counted too and its
    figures go in the `X-RateLimit-*` headers, as the partner's document describes them. Views of
    `/api/ats/` declare `reports_api_key_window`: their headers keep the key's hourly window. A
    request without an organization (not signed in) is left to authentication.
    """

    def allow_request(self, request, view):
        self._wait = None
        organization = request_organization(request)
        if organization is None:
            return True
        decisions = [rate_limits.count_organization_request(organization=organization)]
        surface = getattr(view, "rate_limit_surface", None)
        if surface is not None:
            decisions.append(
                rate_limits.count_surface_request(
                    organization=organization, surface=rate_limits.SurfaceLimit(**surface)
                )
            )
        refused = [decision for decision in decisions if not decision.allowed]
        if not getattr(view, "reports_api_key_window", False) or getattr(request._request, "rate_limit", None) is None:
            # Read by ats.api.middleware.RateLimitHeadersMiddleware to stamp the response.
            request._request.rate_limit = refused[0] if refused else decisions[-1]
        if refused:
            label = "plan" if not decisions[0].allowed else surface["name"]
            metrics.RATE_LIMITED.labels(window=label).inc()
            self._wait = max(decision.retry_after for decision in refused)
            return False
        return True

    def wait(self):
        return self._wait
