"""One JSON error shape for everything under /api/: {"detail", "code"} (+ "errors", "retry_after")."""

from __future__ import annotations

import logging
import math
from http import HTTPStatus

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework_simplejwt.exceptions import InvalidToken

from recruiting import errors as domain

logger = logging.getLogger(__name__)

API_PREFIX = "/api/"

CODE_BY_EXCEPTION: list[tuple[type[Exception], str]] = [
    (InvalidToken, "INVALID_TOKEN"),
    (exceptions.ValidationError, "VALIDATION_ERROR"),
    (exceptions.ParseError, "MALFORMED_REQUEST"),
    (exceptions.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE"),
    (exceptions.NotAuthenticated, "NOT_AUTHENTICATED"),
    (exceptions.AuthenticationFailed, "INVALID_TOKEN"),
    (exceptions.PermissionDenied, "PERMISSION_DENIED"),
    (exceptions.NotFound, "NOT_FOUND"),
    (exceptions.MethodNotAllowed, "METHOD_NOT_ALLOWED"),
    (exceptions.NotAcceptable, "NOT_ACCEPTABLE"),
    (exceptions.Throttled, "RATE_LIMIT_EXCEEDED"),
]

CODE_BY_STATUS = {
    400: "BAD_REQUEST",
    401: "NOT_AUTHENTICATED",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    406: "NOT_ACCEPTABLE",
    409: "CONFLICT",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
    429: "RATE_LIMIT_EXCEEDED",
    500: "SERVER_ERROR",
    503: "SERVICE_UNAVAILABLE",
}


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = "Request body is too large."
    default_code = "PAYLOAD_TOO_LARGE"


class ApiError(exceptions.APIException):
    """An error with an explicit machine code, for domain failures views want to report."""

    def __init__(self, detail: str, *, code: str, status_code: int = 400):
        super().__init__(detail=detail, code=code)
        self.status_code = status_code
        self.error_code = code


def error_body(detail: str, code: str, **extra) -> dict:
    return {"detail": detail, "code": code, **extra}


def _first_message(errors) -> str:
    if isinstance(errors, dict):
        for field, value in errors.items():
            message = _first_message(value)
            if message:
                return message if field in ("non_field_errors", "detail") else f"{field}: {message}"
    elif isinstance(errors, list):
        for value in errors:
            message = _first_message(value)
            if message:
                return message
    elif errors:
        return str(errors)
    return ""


def _validation_errors(detail) -> dict:
    if isinstance(detail, dict):
        return detail
    return {"non_field_errors": detail if isinstance(detail, list) else [detail]}


# Each domain error class answers with one status; a subclass not listed falls back to its parent's.
STATUS_BY_DOMAIN_ERROR: list[tuple[type[domain.DomainError], int]] = [
    (domain.NotFoundError, 404),
    (domain.ConflictError, 409),
    (domain.ForbiddenError, 403),
    (domain.UnauthenticatedError, 401),
    (domain.TooLargeError, 413),
    (domain.UnavailableError, 503),
    (domain.DomainError, 400),
]


def _from_domain_error(exc: domain.DomainError) -> exceptions.APIException:
    status_code = next(code for error_type, code in STATUS_BY_DOMAIN_ERROR if isinstance(exc, error_type))
    if exc.errors and status_code == 400:
        error = exceptions.ValidationError(exc.errors)
        error.error_code = exc.code
        return error
    return ApiError(exc.message, code=exc.code, status_code=status_code)


def _translate(exc: Exception) -> Exception:
    if isinstance(exc, domain.DomainError):
        return _from_domain_error(exc)
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, RequestDataTooBig):
        return PayloadTooLarge()
    if isinstance(exc, SuspiciousOperation):
        return exceptions.ParseError(str(exc) or "Malformed request.")
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return exceptions.ValidationError(detail)
    return exc


def _code_for(exc: Exception, status_code: int) -> str:
    if getattr(exc, "error_code", None):
        return exc.error_code
    if isinstance(exc, PayloadTooLarge):
        return "PAYLOAD_TOO_LARGE"
    for exc_type, code in CODE_BY_EXCEPTION:
        if isinstance(exc, exc_type):
            return code
    return CODE_BY_STATUS.get(status_code, "ERROR")


def api_error_body(exc: exceptions.APIException) -> dict:
    """The JSON error body for a DRF exception: detail and code, field errors, retry_after."""
    code = _code_for(exc, exc.status_code)
    if isinstance(exc, exceptions.ValidationError):
        errors = _validation_errors(exc.detail)
        message = _first_message(errors) or "Invalid input."
        return error_body(f"Invalid input: {message}", code, errors=errors)
    if isinstance(exc, exceptions.Throttled):
        return error_body("Rate limit exceeded", code, retry_after=math.ceil(exc.wait or 1))
    detail = exc.detail
    if isinstance(detail, dict | list):
        detail = _first_message(detail)
    return error_body(str(detail), code)


def api_exception_handler(exc: Exception, context: dict) -> Response:
    """DRF exception handler: every failure becomes the platform's JSON error shape."""
    exc = _translate(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        logger.exception("Unhandled error in API view", exc_info=exc)
        return Response(
            error_body("An unexpected error occurred.", "SERVER_ERROR"),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    response.data = api_error_body(exc)
    return response


def _query_has_nul(request) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists())


class ApiJsonErrorMiddleware:
    """Turn any non-JSON error under /api/ (unrouted 404, CSRF failure, crash) into the JSON shape."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(API_PREFIX) and _query_has_nul(request):
            # PostgreSQL cannot store or compare NUL; refuse it here so no filter reaches the database.
            return JsonResponse(
                error_body("Query parameters must not contain NUL (%00) characters.", "MALFORMED_REQUEST"), status=400
            )
        response = self.get_response(request)
        if not request.path.startswith(API_PREFIX) or response.status_code < 400:
            return response
        if response.get("Content-Type", "").startswith("application/json"):
            return response
        # Swagger UI and the schema are HTML/YAML by design; only errors are rewritten.
        return self._json_error(response.status_code)

    def process_exception(self, request, exception):
        if not request.path.startswith(API_PREFIX):
            return None
        translated = _translate(exception)
        if isinstance(translated, exceptions.APIException):
            return JsonResponse(api_error_body(translated), status=translated.status_code)
        logger.exception("Unhandled error under /api/", exc_info=exception)
        return self._json_error(500)

    @staticmethod
    def _json_error(status_code: int) -> JsonResponse:
        try:
            phrase = HTTPStatus(status_code).phrase
        except ValueError:
            phrase = "Error"
        return JsonResponse(
            error_body(
                phrase if status_code != 500 else "An unexpected error occurred.",
                CODE_BY_STATUS.get(status_code, "ERROR"),
            ),
            status=status_code,
        )


def json_error_response(detail: str, code: str, status_code: int, **extra) -> JsonResponse:
    """For plain Django views under /api/ that answer an error themselves."""
    return JsonResponse(error_body(detail, code, **extra), status=status_code, json_dumps_params={"default": str})


__all__ = ["ApiError", "api_exception_handler", "ApiJsonErrorMiddleware", "json_error_response"]
