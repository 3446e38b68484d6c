"""Access rules for dashboard pages: signed in, scoped to the user's organization, role-gated."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from recruiting.models import Organization, User
from recruiting.tenancy import request_organization

# The role sets are the User model's; these names keep the page declarations short.
WRITE_ROLES = User.WRITER_ROLES
HIRING_ROLES = User.HIRING_ROLES
ADMIN_ROLES = User.ADMIN_ROLES


def can_write(user) -> bool:
    return getattr(user, "can_write", False)


class OrganizationPageMixin(LoginRequiredMixin):
    """A signed-in member of an organization; `allowed_roles` narrows who may open the page.

    GET pages are open to every member unless `read_roles` is set; other methods need `allowed_roles`.
    """

    allowed_roles: frozenset[str] | None = None
    read_roles: frozenset[str] | None = None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if request_organization(request) is None:
            raise Http404
        roles = self.read_roles if request.method in ("GET", "HEAD") else self.allowed_roles
        if roles is not None and request.user.role not in roles:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def organization(self) -> Organization:
        return request_organization(self.request)

    def scoped_object(self, queryset):
        """The URL's row among the organization's, looked up once per request; any other id is a 404."""
        if not hasattr(self, "_scoped_object"):
            self._scoped_object = get_object_or_404(queryset.for_org(self.organization), pk=self.kwargs["pk"])
        return self._scoped_object

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_write"] = can_write(self.request.user)
        context["can_interview"] = self.request.user.can_interview
        return context


class AdminPageMixin(OrganizationPageMixin):
    """Organization admins only, for every method."""

    allowed_roles = ADMIN_ROLES
    read_roles = ADMIN_ROLES


class EditFormMixin:
    """An edit form over one of the organization's rows, named `context_object_name` in templates."""

    model = None
    context_object_name = "object"

    def get_object(self):
        return self.scoped_object(self.model.objects)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        # A copy for the form: ModelForm validation writes onto its instance before the service runs.
        kwargs["instance"] = self.model.objects.for_org(self.organization).get(pk=self.get_object().pk)
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(**{self.context_object_name: self.get_object()}, **kwargs)


def service_error_message(error: Exception) -> str:
    """The human message of an error a service raised, for a flash message."""
    return str(getattr(error, "detail", error))
