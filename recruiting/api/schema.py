"""OpenAPI generation: every operation documents the JSON error responses it can really answer.

The error statuses are decided here, once, from what every view shares (docs/api.md, Errors):
- 400, 401, 403, 429 and 500 everywhere: any request can be malformed or throttled, and a bad or
  foreign credential is refused even on an open view (DRF authenticates before it asks permission);
- 404 where the path names an object, and on a paginated list (a page past the end);
- 409, 413 and 415 where the operation takes a body (a rule or a concurrent write refuses it, the
  body is over the upload limit, or it is not in a documented media type).
A view adds statuses of its own with `extra_error_statuses` (a lookup by an id inside the body).

A partner dialect (docs/dialects.md) answers errors in its own shape: its view names that shape in
`error_schema` (an OpenAPI schema) and, where its document says so, the statuses it adds
(ReViewPoint's 422). JobSwipe wraps every success in `{"success": true, "data": ...}`; a view with
`success_envelope` is published wrapped.
"""

import re

from django.core.validators import ProhibitNullCharactersValidator, RegexValidator
from django_filters import NumberFilter
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import get_override
from rest_framework import relations, serializers

from recruiting.filters import MAX_ID, IdFilter

BODY_METHODS = ("POST", "PUT", "PATCH")
LIMIT_REQUEST_LINE = 8190  # gunicorn.conf.py's `limit_request_line`, the most gunicorn allows


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Human-readable message.")
    code = serializers.CharField(help_text="Machine code, e.g. VALIDATION_ERROR, NOT_FOUND.")
    errors = serializers.DictField(
        child=serializers.JSONField(),
        required=False,
        help_text=(
            "Field errors, for VALIDATION_ERROR: a list of messages per field; for a list or nested field, "
            "an object keyed by the item's index or the inner field."
        ),
    )
    retry_after = serializers.IntegerField(required=False, help_text="Seconds to wait, for 429.")


def enveloped(schema: dict) -> dict:
    """The schema of a JobSwipe-style success answer carrying `schema` as its data."""
    return {
        "type": "object",
        "properties": {"success": {"type": "boolean", "enum": [True]}, "data": schema},
        "required": ["success", "data"],
    }


class PlatformAutoSchema(AutoSchema):
    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        """Add the limits DRF enforces but drf-spectacular leaves out: a row id is 1 or more, a list
        that may not be empty has at least one item, a text field takes no NUL character (DRF's
        ProhibitNullCharactersValidator) and, unless blank is allowed, not only spaces, unless its own
        pattern says what it takes."""
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if (
            direction == "request"
            and isinstance(field, serializers.CharField)
            and schema.get("type") == "string"
            and not {"pattern", "format", "enum"} & schema.keys()
            and any(isinstance(v, ProhibitNullCharactersValidator) for v in field.validators)
            # A field's own pattern (a phone number's) says more, and drf-spectacular adds it only where none is set.
            and not any(isinstance(v, RegexValidator) for v in field.validators)
        ):
            # DRF trims a field's spaces before it refuses a blank one, so such a field needs a visible character.
            blank_refused = field.trim_whitespace and not field.allow_blank
            schema["pattern"] = "^[^\\x00]*[^\\x00\\s][^\\x00]*$" if blank_refused else "^[^\\x00]*$"
        if isinstance(field, relations.PrimaryKeyRelatedField) and schema.get("type") == "integer":
            schema.setdefault("minimum", 1)
        if isinstance(field, serializers.ListField | relations.ManyRelatedField) and not field.allow_empty:
            schema.setdefault("minItems", 1)
        return schema

    def _map_basic_serializer(self, serializer, direction):
        """A request serializer whose `validate` needs one of several sets of fields (`required_any_of`)
        publishes them as an `anyOf` of `required` lists."""
        schema = super()._map_basic_serializer(serializer, direction)
        alternatives = getattr(serializer, "required_any_of", None)
        if direction == "request" and alternatives:
            schema["anyOf"] = [{"required": list(fields)} for fields in alternatives]
        return schema

    def _get_serializer_field_meta(self, field, direction):
        """A field whose schema is declared whole (`extend_schema_field`) keeps its own `minLength`
        (drf-spectacular would put 1 over it for any non-blank string)."""
        meta = super()._get_serializer_field_meta(field, direction)
        declared = get_override(field, "field")
        if isinstance(declared, dict) and "minLength" in declared:
            meta.pop("minLength", None)
        return meta

    def _get_request_for_media_type(self, serializer, direction="request"):
        """A body declared as a plain schema with required properties (or alternatives of them) is itself
        required: without it the view answers 400 for the missing property (drf-spectacular marks only
        serializer bodies so)."""
        schema, required = super()._get_request_for_media_type(serializer, direction)
        alternatives = serializer.get("anyOf", []) if isinstance(serializer, dict) else []
        if isinstance(serializer, dict) and (
            serializer.get("required") or any(a.get("required") for a in alternatives)
        ):
            required = True
        return schema, required

    def _error_statuses(self) -> list[str]:
        statuses = ["400", "401", "403", "429", "500"]
        if "{" in self.path or (self._is_list_view() and self._get_paginator() is not None):
            statuses.append("404")
        if self.method in BODY_METHODS:
            statuses += ["409", "413", "415"]
        statuses += [str(code) for code in getattr(self.view, "extra_error_statuses", ())]
        return statuses

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if getattr(self.view, "success_envelope", False):
            for status_code, response in responses.items():
                if status_code.startswith("2"):
                    for media in response.get("content", {}).values():
                        media["schema"] = enveloped(media["schema"])
        # Answered by gunicorn before the app sees the request, in its own HTML.
        responses.setdefault(
            "414",
            {
                "description": f"The request line is over {LIMIT_REQUEST_LINE} bytes (gunicorn's `limit_request_line`).",
                "content": {"text/html": {"schema": {"type": "string"}}},
            },
        )
        error_schema = getattr(self.view, "error_schema", None) or ErrorSerializer
        for status_code in self._error_statuses():
            if status_code not in responses:
                responses[status_code] = self._get_response_for_code(error_schema, status_code, direction=direction)
        return responses


class PlatformFilterExtension(DjangoFilterExtension):
    """django-filter's parameters, with the ceiling its number filters enforce (1e50)."""

    target_class = "recruiting.api.filters.PlatformFilterBackend"
    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(auto_schema, model, filterset_class, field_name, filter_field)
        if isinstance(filter_field, IdFilter):  # a whole number from 1, not any number up to 1e50
            for parameter in parameters:
                parameter["schema"] = {"type": "integer", "minimum": 1, "maximum": MAX_ID}
            return parameters
        if isinstance(filter_field, NumberFilter) and filter_field.get_max_validator() is not None:
            for parameter in parameters:
                parameter["schema"].setdefault("maximum", filter_field.get_max_validator().limit_value)
        return parameters


class BearerJWTScheme(SimpleJWTScheme):
    """Document the platform's bearer JWT authentication like simplejwt's own."""

    target_class = "recruiting.api.authentication.BearerJWTAuthentication"
    name = "jwtAuth"


def refuse_nul_in_query_strings(result, generator, request, public):
    """Say in every free-text query parameter what ApiJsonErrorMiddleware enforces: no NUL (%00)."""
    for path, item in result["paths"].items():
        if not path.startswith("/api/"):
            continue
        for operation in item.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                schema = parameter.get("schema", {})
                if parameter.get("in") == "query" and schema.get("type") == "string" and not schema.get("enum"):
                    schema.setdefault("pattern", "^[^\\x00]*$")
    return result


BLANK_ALTERNATIVE = {"type": "string", "maxLength": 0}


def _admits_blank(schema: dict) -> bool:
    if {"format", "minLength", "enum"} & schema.keys():
        return False
    try:
        return re.search(schema.get("pattern", ""), "") is not None
    except re.error:  # a pattern Python cannot read: leave the alternatives as they are
        return False


def merge_blank_alternatives(result, generator, request, public):
    """drf-spectacular writes a text field that may be blank and has a pattern as `oneOf: [the field,
    {maxLength: 0}]`. Where the field's own schema already admits "" (`^[^\\x00]*$`), "" matches both
    and so, by `oneOf`, neither: the schema refused what the API accepts (schemathesis ST201 on
    `oauth/authorize?state=`). There the field's schema alone says it."""

    def walk(node):
        if isinstance(node, dict):
            alternatives = node.get("oneOf")
            if (
                isinstance(alternatives, list)
                and len(alternatives) == 2
                and alternatives[1] == BLANK_ALTERNATIVE
                and isinstance(alternatives[0], dict)
                and _admits_blank(alternatives[0])
            ):
                node.update(node.pop("oneOf")[0])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result


def strip_optional_trailing_slashes(result, generator, request, public):
    """Publish API paths without the trailing slash: routes accept both, partners call them bare."""
    result["paths"] = {
        (path.rstrip("/") if path.startswith("/api/") and path not in ("/api/schema/", "/api/docs/") else path): item
        for path, item in result["paths"].items()
    }
    return result
