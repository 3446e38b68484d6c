"""Errors the domain raises when a rule says no; each edge (API, pages, admin) maps them to its own shape.

Domain code (models, services, selectors, tasks) raises these and never an HTTP or DRF exception:
the API turns them into `{"detail", "code"}` with a status from the class, a page into a form
error or a flash message.
"""

from __future__ import annotations


class DomainError(Exception):
    """A business rule refused the request; `code` is for machines, the message for people."""

    code = "INVALID"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        field: str | None = None,
        errors: dict[str, list[str]] | None = None,
    ):
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.field = field
        # Several fields at once (a registration form): {"password": [...], "name": [...]}.
        self.errors = errors or ({field: [message]} if field else {})

    def __str__(self) -> str:
        return self.message


class NotFoundError(DomainError):
    """The object does not exist in the caller's organization."""

    code = "NOT_FOUND"


class ConflictError(DomainError):
    """The request clashes with the current state (a duplicate, a concurrent write, a wrong status)."""

    code = "CONFLICT"


class ForbiddenError(DomainError):
    """The caller may not do this to this object."""

    code = "PERMISSION_DENIED"


class UnauthenticatedError(DomainError):
    """The credentials are missing or wrong."""

    code = "NOT_AUTHENTICATED"


class TooLargeError(DomainError):
    """The input is larger than the platform accepts."""

    code = "PAYLOAD_TOO_LARGE"


class UnavailableError(DomainError):
    """Something the request depends on is down; retrying later can help."""

    code = "SERVICE_UNAVAILABLE"
