"""Role permissions: viewers read; recruiters and admins write; admins manage the organization.

API-key callers (partner systems, `request.auth.has_scope`) have no role: they are authorized by
scopes instead. A view declares the scope each HTTP method needs in `required_scopes`, e.g.
`required_scopes = {"GET": "candidates:read", "POST": "candidates:write"}`; a method it does not
list (and any view without `required_scopes`) is refused to API keys. See docs/partner-api.md.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from recruiting.models import User
from recruiting.tenancy import request_organization

# The role sets are the User model's, shared with the pages.
WRITE_ROLES = User.WRITER_ROLES
ADMIN_ROLES = User.ADMIN_ROLES


def caller_role(request) -> str | None:
    user = request.user
    if user is None or not user.is_authenticated:
        return None
    return getattr(user, "role", None)


def is_api_key_caller(request) -> bool:
    return hasattr(getattr(request, "auth", None), "has_scope")


def required_scope(request, view) -> str | None:
    """The scope `view` needs for this request's method (HEAD and OPTIONS count as GET)."""
    scopes = getattr(view, "required_scopes", None) or {}
    method = "GET" if request.method in ("HEAD", "OPTIONS") else request.method
    return scopes.get(method)


class HasOrganizationRole(BasePermission):
    """Members of an organization read; `view.write_roles` (default recruiter, admin) write.

    A view may narrow reads too with `read_roles`. API keys need `view.required_scopes[method]`.
    """

    message = "Your role does not allow this action."

    def has_permission(self, request, view) -> bool:
        if request_organization(request) is None:
            return False
        if is_api_key_caller(request):
            if not hasattr(view, request.method.lower()):
                return True  # let the view answer 405 for a method it does not have
            scope = required_scope(request, view)
            if scope is None:
                self.message = "API keys cannot be used for this action."
                return False
            if not request.auth.has_scope(scope):
                self.message = f"This API key lacks the '{scope}' scope."
                return False
            return True
        role = caller_role(request)
        if request.method in SAFE_METHODS:
            read_roles = getattr(view, "read_roles", None)
            return read_roles is None or role in read_roles
        return role in getattr(view, "write_roles", WRITE_ROLES)

    def has_object_permission(self, request, view, obj) -> bool:
        # Rows with an owner (a scorecard's interviewer, a note's author) decide who may change them.
        if request.method in SAFE_METHODS or not hasattr(obj, "can_be_changed_by"):
            return True
        if is_api_key_caller(request) or not obj.can_be_changed_by(request.user):
            self.message = "Only its author or an organization admin can change this."
            return False
        return True


class IsOrganizationAdmin(BasePermission):
    """Admins of the organization, signed in as themselves: API keys never manage the organization."""

    message = "Only organization admins can do this."

    def has_permission(self, request, view) -> bool:
        return (
            not is_api_key_caller(request)
            and request_organization(request) is not None
            and caller_role(request) in ADMIN_ROLES
        )
