"""The edge a partner dialect's views share: the platform's services and checks, the partner's error body.

A dialect (docs/dialects.md) is one module with its routes, its field mapping and its error shape.
Its views subclass `DialectView` (or mix `DialectErrors` into a platform view) and implement
`error_body(status_code, platform_body)`: the platform's exception handler runs first (so every
error, from a serializer to a throttle, is classified the same way everywhere) and the dialect
then rewrites the body into its document's shape. Status codes stay the platform's unless the
dialect's `error_status` changes one (ReViewPoint's 422 for field errors).
"""

from __future__ import annotations

from http import HTTPStatus

from django.http import JsonResponse
from django.urls import re_path
from django.views.decorators.csrf import csrf_exempt

from recruiting.api.errors import api_exception_handler


def status_phrase(status_code: int) -> str:
    try:
        return HTTPStatus(status_code).phrase
    except ValueError:
        return "Error"


class DialectErrors:
    """Mixin for APIView subclasses: errors in the dialect's shape."""

    def error_status(self, status_code: int, platform_body: dict) -> int:
        return status_code

    def error_body(self, status_code: int, platform_body: dict) -> dict:
        raise NotImplementedError

    def get_exception_handler(self):
        def handle(exc, context):
            response = api_exception_handler(exc, context)
            platform_body = response.data if isinstance(response.data, dict) else {"detail": str(response.data)}
            response.status_code = self.error_status(response.status_code, platform_body)
            response.data = self.error_body(response.status_code, platform_body)
            return response

        return handle


def unrouted(error_body):
    """A catch-all view answering 404 in the dialect's shape, for paths the dialect does not have."""

    @csrf_exempt  # it changes nothing; a stray session cookie must not turn its 404 into an HTML 403
    def view(request, *args, **kwargs):
        return JsonResponse(error_body(404, {"detail": "Not found.", "code": "NOT_FOUND"}), status=404)

    return view


def unrouted_route(error_body):
    """The dialect's last route: every other path under its prefix, even one with a line break in it
    (`.` stops at a newline, so `^.*$` let `%0A` fall through to the site's HTML 404)."""
    return re_path(r"^[\s\S]*$", unrouted(error_body))
