"""`X-API-Key` authentication for partner systems, with the per-key rate limit applied on success.

DRF imports authentication classes while `rest_framework.views` itself loads, before the app
registry is ready, so this module imports models and services only inside methods.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import Throttled

from ats import metrics

HEADER = "HTTP_X_API_KEY"


def raw_api_key(request) -> str | None:
    """The API key a request carries: `X-API-Key: ats_...`, or `Authorization: Bearer ats_...`."""
    from ats.models import KEY_PREFIX

    if (key := request.META.get(HEADER)) is not None:
        return key.strip()
    scheme, _, credential = request.META.get("HTTP_AUTHORIZATION", "").strip().partition(" ")
    credential = credential.strip()
    if scheme.lower() == "bearer" and credential.startswith(KEY_PREFIX):
        return credential
    return None


def invalid_api_key():
    from recruiting.api.errors import ApiError

    return ApiError("Invalid API key", code="INVALID_API_KEY", status_code=401)


class ApiKeyAuthentication(BaseAuthentication):
    """Authenticate `X-API-Key: ats_...` or `Authorization: Bearer ats_...`; `request.auth` is the `ApiKey`.

    `request.user` is anonymous. Requests without a key are left to the other authentication classes.
    """

    def authenticate(self, request):
        from ats.services import api_keys

        raw_key = raw_api_key(request)
        if raw_key is None:
            return None
        api_key = api_keys.find_usable_api_key(raw_key=raw_key)
        if api_key is None:
            # Checked before counting, so invalid keys never spend a valid key's quota.
            raise invalid_api_key()
        decision = api_keys.count_api_key_request(api_key=api_key)
        # Read by ats.api.middleware.RateLimitHeadersMiddleware to stamp every response.
        request._request.rate_limit = decision
        if not decision.allowed:
            metrics.RATE_LIMITED.labels(window="api_key").inc()
            raise Throttled(wait=decision.retry_after)
        api_keys.touch_api_key(api_key=api_key)
        return AnonymousUser(), api_key

    def authenticate_header(self, request):
        return 'ApiKey realm="api"'


class RequiredApiKeyAuthentication(ApiKeyAuthentication):
    """For the partner-only /api/ats/ endpoints: a missing key is the same 401 as a wrong one."""

    def authenticate(self, request):
        if raw_api_key(request) is None:
            raise invalid_api_key()
        return super().authenticate(request)
