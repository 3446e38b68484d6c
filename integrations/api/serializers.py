"""API shapes for integrations, webhooks and notifications. Tokens and secrets never leave as output,
except a webhook's secret in the answer that created it."""

from __future__ import annotations

import re

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from integrations.models import Integration, Notification, Webhook, WebhookDelivery
from integrations.providers import PROVIDERS
from integrations.services.webhooks import CUSTOM_EVENT, check_webhook_url, is_known_event
from recruiting.api.serializers import OrganizationScopedRelatedField, QuerySerializer, storable_json
from recruiting.errors import DomainError
from recruiting.events import ALL_EVENTS, EVENT_ALIASES, EVENT_NAMES
from recruiting.free_form_json import free_form_json_problem
from recruiting.models import User

HEADER_NAME = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}$")


# is_known_event as a pattern, for the published schema: a platform event, an alias or `custom.<name>`
EVENT_NAME_PATTERN = (
    "^(" + "|".join(re.escape(name) for name in (*EVENT_NAMES, *EVENT_ALIASES)) + ")$|" + CUSTOM_EVENT.pattern
)


@extend_schema_field({"type": "string", "maxLength": 100, "pattern": EVENT_NAME_PATTERN})
class EventNameField(serializers.CharField):
    """One event to send: a platform event, a documented alias or `custom.<name>`."""


@extend_schema_field(
    {"type": "string", "maxLength": 100, "pattern": EVENT_NAME_PATTERN + "|^" + re.escape(ALL_EVENTS) + "$"}
)
class SubscribedEventField(serializers.CharField):
    """An event a webhook listens to: one event, or `*` for every event."""


def validate_event_name(name: str) -> str:
    if is_known_event(name):
        return name
    raise serializers.ValidationError(f"Unknown event: {name}.")


@extend_schema_field({"type": "object", "additionalProperties": {}})
class CallersObjectField(serializers.JSONField):
    """The caller's own object, kept as sent (`validate` refuses anything but an object)."""


class IntegrationSerializer(serializers.ModelSerializer):
    """An integration. Not stated by the schema: `auth_type` must be one the `provider` supports (a 400 names
    them); OAuth needs the provider's client id configured on the server."""

    provider = serializers.ChoiceField(choices=sorted(PROVIDERS))
    config = CallersObjectField(required=False)
    settings = CallersObjectField(required=False)
    # An API key, or "user:password" for basic auth; stored encrypted and never shown again.
    credentials = serializers.CharField(write_only=True, required=False, allow_blank=False, max_length=2000)
    has_access_token = serializers.SerializerMethodField()
    has_refresh_token = serializers.SerializerMethodField()

    class Meta:
        model = Integration
        fields = [
            "id",
            "name",
            "provider",
            "auth_type",
            "config",
            "settings",
            "status",
            "credentials",
            "health_status",
            "last_check_at",
            "last_error",
            "has_access_token",
            "has_refresh_token",
            "token_expires_at",
            "check_interval_seconds",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "health_status",
            "last_check_at",
            "last_error",
            "token_expires_at",
            "check_interval_seconds",
            "created_at",
            "updated_at",
        ]

    def get_has_access_token(self, integration: Integration) -> bool:
        return bool(integration.access_token_encrypted)

    def get_has_refresh_token(self, integration: Integration) -> bool:
        return bool(integration.refresh_token_encrypted)

    def validate(self, attrs):
        provider = attrs.get("provider", getattr(self.instance, "provider", None))
        auth_type = attrs.get("auth_type", getattr(self.instance, "auth_type", Integration.AuthType.NONE))
        if provider and auth_type not in PROVIDERS[provider].auth_types:
            allowed = ", ".join(PROVIDERS[provider].auth_types)
            raise serializers.ValidationError({"auth_type": [f"{provider} supports: {allowed}."]})
        for name in ("config", "settings"):
            if name in attrs and not isinstance(attrs[name], dict):
                raise serializers.ValidationError({name: ["Must be an object."]})
            if name in attrs and (problem := free_form_json_problem(attrs[name])):
                raise serializers.ValidationError({name: [problem]})
        return attrs


class OAuthCallbackSerializer(serializers.Serializer):
    """The provider's redirect, relayed: `code` and `state`, or `error` (the user denied) instead of a code."""

    required_any_of = (("code", "state"), ("error",))  # what `validate` checks, published by the schema

    code = serializers.CharField(max_length=2000, required=False)
    state = serializers.CharField(max_length=2000, required=False)
    error = serializers.CharField(max_length=200, required=False)
    error_description = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        if "error" not in attrs:
            missing = {name: ["This field is required."] for name in ("code", "state") if name not in attrs}
            if missing:
                raise serializers.ValidationError(missing)
        return attrs


class OAuthAuthorizeQuerySerializer(QuerySerializer):
    state = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class WebhookSerializer(serializers.ModelSerializer):
    """A webhook. Not stated by the schema: `url` is http(s) with a host the outbound guard calls (no private or
    loopback address written in it); `integration_id` is an integration of the organization."""

    events = serializers.ListField(child=SubscribedEventField(max_length=100), allow_empty=False)
    secret = serializers.CharField(write_only=True, required=False, min_length=16, max_length=200)
    headers = serializers.DictField(
        child=serializers.CharField(max_length=1000), required=False, validators=[storable_json]
    )
    retry_attempts = serializers.IntegerField(min_value=1, max_value=20, required=False)
    timeout_ms = serializers.IntegerField(min_value=100, max_value=30_000, required=False)
    integration_id = OrganizationScopedRelatedField(
        source="integration", queryset=Integration.objects.all(), required=False, allow_null=True
    )
    secret_hint = serializers.SerializerMethodField()
    payload_format = serializers.ChoiceField(choices=Webhook.PayloadFormat.choices, required=False)

    class Meta:
        model = Webhook
        fields = [
            "id",
            "name",
            "url",
            "events",
            "secret",
            "secret_hint",
            "headers",
            "retry_attempts",
            "timeout_ms",
            "integration_id",
            "payload_format",
            "is_active",
            "disabled_reason",
            "consecutive_failures",
            "failing_since",
            "created_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "disabled_reason",
            "consecutive_failures",
            "failing_since",
            "created_at",
            "updated_at",
        ]
        extra_kwargs = {"url": {"validators": []}}

    def get_secret_hint(self, webhook: Webhook) -> str:
        return f"{webhook.secret[:6]}…{webhook.secret[-4:]}"

    def validate_url(self, url: str) -> str:
        try:
            return check_webhook_url(url)
        except DomainError as exc:
            raise serializers.ValidationError(exc.message) from exc

    def validate_headers(self, headers: dict[str, str]) -> dict[str, str]:
        for name, value in headers.items():
            if not HEADER_NAME.match(name) or "\r" in value or "\n" in value or not value.isascii():
                raise serializers.ValidationError(f"Invalid header: {name}.")
        return headers

    def validate_events(self, events: list[str]) -> list[str]:
        return list(dict.fromkeys(validate_event_name(name) for name in events))


class WebhookCreatedSerializer(WebhookSerializer):
    """The create answer: the only time the full secret is shown."""

    secret = serializers.CharField(read_only=True)


class WebhookDeliverySerializer(serializers.ModelSerializer):
    response_body = serializers.CharField(read_only=True)

    class Meta:
        model = WebhookDelivery
        fields = [
            "id",
            "event_id",
            "event",
            "status",
            "attempt_count",
            "response_status",
            "response_body",
            "error",
            "duration_ms",
            "next_attempt_at",
            "last_attempt_at",
            "delivered_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class TriggerEventSerializer(serializers.Serializer):
    """`custom.<name>`, or a documented event name (the platform's or an alias such as `application.submitted`)."""

    event = EventNameField(max_length=100)
    payload = serializers.DictField(required=False, default=dict, validators=[storable_json])

    def validate_event(self, name: str) -> str:
        if name == "*":
            raise serializers.ValidationError("Name one event.")
        return validate_event_name(name)


class NotificationSerializer(serializers.ModelSerializer):
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "type", "title", "message", "metadata", "is_read", "read_at", "created_at"]
        read_only_fields = fields


class SendNotificationSerializer(serializers.Serializer):
    user_id = OrganizationScopedRelatedField(source="user", queryset=User.objects.filter(is_active=True))
    type = serializers.CharField(max_length=60, default="partner.message")
    title = serializers.CharField(max_length=200)
    message = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")
    metadata = serializers.DictField(required=False, default=dict, validators=[storable_json])
    email = serializers.BooleanField(required=False, default=False)


class MarkReadSerializer(serializers.Serializer):
    ids = serializers.ListField(child=serializers.IntegerField(min_value=1), required=False)
