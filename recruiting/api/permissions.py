"""Role permissions: viewers read; recruiters and admins write; admins manage the organization."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from recruiting.models import User
from recruiting.tenancy import request_organization

WRITE_ROLES = frozenset({User.Role.ADMIN, User.Role.RECRUITER})
ADMIN_ROLES = frozenset({User.Role.ADMIN})


def caller_role(request) -> str | None:
    user = request.user
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "role", None)


class HasOrganizationRole(BasePermission):
    """Members of an organization read; `view.write_roles` (default recruiter, admin) write.

    A view may narrow reads too with `read_roles`.
    """

    message = "Your role does not allow this action."

    def has_permission(self, request, view) -> bool:
        if request_organization(request) is None:
            return False
        role = caller_role(request)
        if request.method in SAFE_METHODS:
            read_roles = getattr(view, "read_roles", None)
            return read_roles is None or role in read_roles
        return role in getattr(view, "write_roles", WRITE_ROLES)


class IsOrganizationAdmin(BasePermission):
    message = "Only organization admins can do this."

    def has_permission(self, request, view) -> bool:
        return request_organization(request) is not None and caller_role(request) in ADMIN_ROLES
