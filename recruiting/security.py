"""Response headers for signed-in and HTML pages that Django's SecurityMiddleware does not set."""

from __future__ import annotations

from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_cache_control


class SecurityHeadersMiddleware:
    """A Content-Security-Policy on HTML pages, and no caching of anything a signed-in user was shown.

    A shared computer's back button or a caching proxy must not hand a candidate's page to the next
    person, so every response to a signed-in session or a request with credentials (JWT, API key) is
    `Cache-Control: no-store, private`.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        carried_credentials = "HTTP_AUTHORIZATION" in request.META or "HTTP_X_API_KEY" in request.META
        if carried_credentials or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        is_html = response.get("Content-Type", "").startswith("text/html")
        if (
            is_html
            and settings.CONTENT_SECURITY_POLICY
            and "Content-Security-Policy" not in response
            and not request.path.startswith(settings.CONTENT_SECURITY_POLICY_EXEMPT_PREFIXES)
        ):
            response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY
        return response
