"""OpenAPI generation: every operation documents the platform's JSON error responses."""

from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers
from rest_framework.permissions import AllowAny


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Human-readable message.")
    code = serializers.CharField(help_text="Machine code, e.g. VALIDATION_ERROR, NOT_FOUND.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Field errors, for VALIDATION_ERROR.",
    )
    retry_after = serializers.IntegerField(required=False, help_text="Seconds to wait, for 429.")


class PlatformAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        statuses = ["400", "429", "500"]
        if not any(isinstance(permission, AllowAny) for permission in self.view.get_permissions()):
            statuses += ["401", "403"]
        if "{" in self.path:
            statuses.append("404")
        for status_code in statuses:
            if status_code not in responses:
                responses[status_code] = self._get_response_for_code(ErrorSerializer, status_code, direction=direction)
        return responses


class BearerJWTScheme(SimpleJWTScheme):
    """Document the platform's bearer JWT authentication like simplejwt's own."""

    target_class = "recruiting.api.authentication.BearerJWTAuthentication"
    name = "jwtAuth"


def strip_optional_trailing_slashes(result, generator, request, public):
    """Publish API paths without the trailing slash: routes accept both, partners call them bare."""
    result["paths"] = {
        (path.rstrip("/") if path.startswith("/api/") and path not in ("/api/schema/", "/api/docs/") else path): item
        for path, item in result["paths"].items()
    }
    return result
