"""Tenancy in one place: resolve a request's organization once and scope every queryset to it."""

from __future__ import annotations

from django.http import Http404

from recruiting.models import Organization

# Partner API keys (issued by ats) start with this, so one may travel as `Authorization: Bearer ats_...`
# beside a JWT in the same header without ambiguity.
API_KEY_PREFIX = "ats_"


def request_organization(request) -> Organization | None:
    """Return the organization the caller acts for, cached on the request.

    A credential that carries its own organization (an API key) wins; otherwise the signed-in
    user's organization is used.
    """
    cached = getattr(request, "_organization", None)
    if cached is not None:
        return cached
    organization = getattr(getattr(request, "auth", None), "organization", None)
    if organization is None:
        user = getattr(request, "user", None)
        organization = getattr(user, "organization", None) if user and user.is_authenticated else None
    # An API request wraps the Django request in `_request`; cache on both so middleware, which
    # sees only the Django request, finds it too. Duck-typed so the core needs no DRF import.
    wrapped = getattr(request, "_request", None)
    if wrapped is not None:
        wrapped._organization = organization
    request._organization = organization
    return organization


class OrganizationScopedMixin:
    """Viewset mixin: every queryset and every created row belongs to the caller's organization."""

    @property
    def organization(self) -> Organization:
        organization = request_organization(self.request)
        if organization is None:
            raise Http404
        return organization

    def get_queryset(self):
        return super().get_queryset().for_org(self.organization)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if getattr(self, "request", None) is not None and getattr(self.request, "user", None) is not None:
            context["organization"] = request_organization(self.request)
        return context
