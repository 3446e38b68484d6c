"""The Integration Framework at `/compat/hyrehr`: its paths under `/api/v1/integrations`.

camelCase bodies, bare-array lists, `{statusCode, message, error}` errors, Bearer JWT of an
organization admin. Every call is served by the platform's serializers (for validation) and
services; docs/dialects.md lists each documented call and what serves it. Webhooks created here
use the `hyrehr` payload format (camelCase body, `X-Webhook-Id` = the webhook's id).
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import re_path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from integrations import selectors
from integrations.api import serializers as platform
from integrations.models import Integration, Webhook, WebhookDelivery
from integrations.services.health import run_health_check
from integrations.services.integrations import create_integration, delete_integration, update_integration
from integrations.services.oauth import (
    OAuthError,
    handle_oauth_callback,
    oauth_authorize_url,
    refresh_integration_tokens,
)
from integrations.services.relay import trigger_event
from integrations.services.webhooks import create_webhook, send_test_event, update_webhook
from recruiting.api.authentication import BearerJWTAuthentication
from recruiting.api.dialect import DialectErrors, status_phrase, unrouted_route
from recruiting.api.permissions import IsOrganizationAdmin
from recruiting.api.serializers import QuerySerializer
from recruiting.casing import snakeize_keys
from recruiting.tenancy import request_organization

UUID = r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
MAX_LOG_LIMIT = 200


def error_body(status_code: int, platform_body: dict) -> dict:
    return {
        "statusCode": status_code,
        "message": platform_body.get("detail", "Error"),
        "error": status_phrase(status_code),
    }


ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "statusCode": {"type": "integer"},
        "message": {"type": "string"},
        "error": {"type": "string", "description": "The HTTP reason phrase."},
    },
    "required": ["statusCode", "message", "error"],
}


class HyreHRView(DialectErrors, APIView):
    error_schema = ERROR_SCHEMA
    authentication_classes = [BearerJWTAuthentication]
    permission_classes = [IsOrganizationAdmin]
    # The document's "Standard: 100 requests per minute, Burst: 200" (ats/api/throttling.py).
    rate_limit_surface = {"name": "hyrehr", "rate": "100/minute", "burst": 200}

    def error_body(self, status_code: int, platform_body: dict) -> dict:
        return error_body(status_code, platform_body)

    @property
    def organization(self):
        return request_organization(self.request)

    def body(self) -> dict:
        if not isinstance(self.request.data, dict):
            raise serializers.ValidationError({"non_field_errors": ["The body must be a JSON object."]})
        return snakeize_keys(self.request.data)

    def integration(self, pk) -> Integration:
        return get_object_or_404(Integration.objects.for_org(self.organization), pk=pk)

    def webhook(self, pk) -> Webhook:
        return get_object_or_404(Webhook.objects.for_org(self.organization), pk=pk)


# Bodies are read in camelCase or snake_case; the published request schemas are the platform's own
# (snake_case) serializers, which validate them. Answers are camelCase objects, lists bare arrays.
OBJECT = OpenApiTypes.OBJECT
ARRAY = {"type": "array", "items": {"type": "object"}}


def integration_summary(integration: Integration) -> dict:
    return {
        "id": str(integration.pk),
        "name": integration.name,
        "provider": integration.provider,
        "status": integration.status,
        "lastHealthCheckAt": integration.last_check_at,
        "healthStatus": integration.health_status,
    }


def integration_body(integration: Integration) -> dict:
    # config and settings are the caller's own objects: their keys are returned as they were sent.
    return {
        **integration_summary(integration),
        "organizationId": integration.organization_id,
        "authType": integration.auth_type,
        "config": integration.config,
        "settings": integration.settings,
        "lastSyncAt": None,  # the platform keeps no sync time; documented as such
        "createdAt": integration.created_at,
        "updatedAt": integration.updated_at,
    }


def webhook_status(webhook: Webhook) -> str:
    if webhook.is_active:
        return "active"
    return "failed" if webhook.disabled_reason else "inactive"


def webhook_body(webhook: Webhook) -> dict:
    return {
        "id": str(webhook.pk),
        "organizationId": webhook.organization_id,
        "name": webhook.name,
        "url": webhook.url,
        "status": webhook_status(webhook),
        "events": webhook.events,
        "headers": webhook.headers,
        "retryAttempts": webhook.retry_attempts,
        "timeoutMs": webhook.timeout_ms,
        "integrationId": str(webhook.integration_id) if webhook.integration_id else None,
        "successCount": getattr(webhook, "success_count", 0),
        "failureCount": getattr(webhook, "failure_count", 0),
        "lastSuccessAt": getattr(webhook, "last_success_at", None),
        "createdAt": webhook.created_at,
        "updatedAt": webhook.updated_at,
    }


def log_body(delivery: WebhookDelivery) -> dict:
    finished = delivery.status in (WebhookDelivery.Status.SUCCESS, WebhookDelivery.Status.FAILED)
    body = {
        "id": str(delivery.pk),
        "webhookId": str(delivery.webhook_id),
        "event": delivery.event,
        "status": delivery.status,
        "responseStatus": delivery.response_status,
        "attemptCount": delivery.attempt_count,
        "durationMs": delivery.duration_ms,
        "createdAt": delivery.created_at,
        "completedAt": (delivery.delivered_at or delivery.last_attempt_at) if finished else None,
    }
    if delivery.error:
        body["error"] = delivery.error
    return body


def validated(serializer_class, data: dict, **kwargs):
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data


class IntegrationsView(HyreHRView):
    @extend_schema(operation_id="compat_hyrehr_api_v1_integrations_list", responses={200: ARRAY})
    def get(self, request):
        return Response([integration_summary(i) for i in Integration.objects.for_org(self.organization)])

    @extend_schema(request=platform.IntegrationSerializer, responses={201: OBJECT})
    def post(self, request):
        data = validated(platform.IntegrationSerializer, self.body())
        integration = create_integration(organization=self.organization, created_by=request.user, **data)
        return Response(integration_body(integration), status=status.HTTP_201_CREATED)


class IntegrationDetailView(HyreHRView):
    @extend_schema(responses={200: OBJECT})
    def get(self, request, pk):
        return Response(integration_body(self.integration(pk)))

    @extend_schema(request=platform.IntegrationSerializer(partial=True), responses={200: OBJECT})
    def put(self, request, pk):
        """Partial, as the document's example sends it: unsent fields stay as they were."""
        integration = self.integration(pk)
        data = validated(platform.IntegrationSerializer, self.body(), instance=integration, partial=True)
        return Response(integration_body(update_integration(integration=integration, **data)))

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        delete_integration(integration=self.integration(pk), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProviderView(HyreHRView):
    @extend_schema(responses={200: ARRAY})
    def get(self, request, provider):
        integrations = Integration.objects.for_org(self.organization).filter(provider=provider)
        return Response([integration_summary(i) for i in integrations])


OAUTH_FAILURE_SCHEMA = {
    "type": "object",
    "properties": {
        "success": {"type": "boolean", "enum": [False]},
        "error": {"type": "string"},
        "errorDescription": {"type": "string", "nullable": True},
    },
    "required": ["success", "error"],
}


def oauth_failure(exc: OAuthError) -> Response:
    return Response(
        {"success": False, "error": exc.error, "errorDescription": exc.description}, status=status.HTTP_400_BAD_REQUEST
    )


class OAuthAuthorizeView(HyreHRView):
    @extend_schema(parameters=[platform.OAuthAuthorizeQuerySerializer], responses={200: OBJECT})
    def get(self, request, pk):
        integration = self.integration(pk)  # another organization's integration is a 404 before the query is read
        query = validated(platform.OAuthAuthorizeQuerySerializer, request.query_params)
        url = oauth_authorize_url(integration=integration, user=request.user, client_state=query["state"])
        return Response({"authUrl": url})


class OAuthCallbackView(HyreHRView):
    error_schema = {"oneOf": [ERROR_SCHEMA, OAUTH_FAILURE_SCHEMA]}

    @extend_schema(request=platform.OAuthCallbackSerializer, responses={200: OBJECT})
    def post(self, request, pk):
        integration = self.integration(pk)  # another organization's integration is a 404 before the body is read
        data = validated(platform.OAuthCallbackSerializer, self.body())
        try:
            client_state = handle_oauth_callback(integration=integration, user=request.user, **data)
        except OAuthError as exc:
            return oauth_failure(exc)
        return Response({"success": True, "message": "OAuth authentication successful", "state": client_state})


class OAuthRefreshView(HyreHRView):
    error_schema = {"oneOf": [ERROR_SCHEMA, OAUTH_FAILURE_SCHEMA]}

    @extend_schema(request=None, responses={200: OBJECT})
    def post(self, request, pk):
        try:
            refresh_integration_tokens(integration=self.integration(pk))
        except OAuthError as exc:
            return oauth_failure(exc)
        return Response({"success": True, "message": "Token refreshed successfully"})


class HealthView(HyreHRView):
    @extend_schema(responses={200: OBJECT})
    def get(self, request, pk):
        health = selectors.integration_health(integration=self.integration(pk))
        return Response(
            {
                "status": health["status"],
                "lastCheckAt": health["last_check_at"],
                "lastError": health["last_error"] or None,
            }
        )


class HealthCheckView(HyreHRView):
    @extend_schema(request=None, responses={200: OBJECT})
    def post(self, request, pk):
        integration = self.integration(pk)
        check = run_health_check(integration=integration)
        return Response(
            {
                "integrationId": str(integration.pk),
                "provider": integration.provider,
                "status": check.status,
                "responseTime": check.response_time_ms,
                "checkedAt": check.checked_at,
            }
        )


class WebhookInput(platform.WebhookSerializer):
    status = serializers.ChoiceField(choices=["active", "inactive"], required=False)

    class Meta(platform.WebhookSerializer.Meta):
        fields = [*platform.WebhookSerializer.Meta.fields, "status"]

    def validate(self, attrs):
        if "status" in attrs:
            attrs["is_active"] = attrs.pop("status") == "active"
        return attrs


class WebhooksView(HyreHRView):
    @extend_schema(operation_id="compat_hyrehr_api_v1_integrations_webhooks_list", responses={200: ARRAY})
    def get(self, request):
        webhooks = selectors.webhooks_with_delivery_counts(Webhook.objects.for_org(self.organization))
        return Response([webhook_body(w) for w in webhooks])

    @extend_schema(request=WebhookInput, responses={201: OBJECT})
    def post(self, request):
        data = validated(WebhookInput, self.body(), context={"request": request, "organization": self.organization})
        data.pop("is_active", None)
        data.setdefault("payload_format", Webhook.PayloadFormat.HYREHR)
        webhook = create_webhook(organization=self.organization, **data)
        # The create answer is the only one that shows the secret.
        return Response({**webhook_body(webhook), "secret": webhook.secret}, status=status.HTTP_201_CREATED)


class WebhookDetailView(HyreHRView):
    def counted(self, pk) -> Webhook:
        queryset = selectors.webhooks_with_delivery_counts(Webhook.objects.for_org(self.organization))
        return get_object_or_404(queryset, pk=pk)

    @extend_schema(responses={200: OBJECT})
    def get(self, request, pk):
        return Response(webhook_body(self.counted(pk)))

    @extend_schema(request=WebhookInput(partial=True), responses={200: OBJECT})
    def put(self, request, pk):
        webhook = self.webhook(pk)
        data = validated(
            WebhookInput,
            self.body(),
            instance=webhook,
            partial=True,
            context={"request": request, "organization": self.organization},
        )
        update_webhook(webhook=webhook, **data)
        return Response(webhook_body(self.counted(pk)))

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        self.webhook(pk).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookTestView(HyreHRView):
    @extend_schema(request=None, responses={200: OBJECT})
    def post(self, request, pk):
        result = send_test_event(webhook=self.webhook(pk))
        return Response(
            {"success": result["success"], "message": result["message"], "responseStatus": result["response_status"]}
        )


class LogsQuery(QuerySerializer):
    limit = serializers.IntegerField(min_value=1, max_value=MAX_LOG_LIMIT, default=100)


class WebhookLogsView(HyreHRView):
    @extend_schema(parameters=[LogsQuery], responses={200: ARRAY})
    def get(self, request, pk):
        limit = validated(LogsQuery, request.query_params)["limit"]
        return Response([log_body(d) for d in selectors.webhook_logs(webhook=self.webhook(pk), limit=limit)])


class WebhookStatsView(HyreHRView):
    @extend_schema(responses={200: OBJECT})
    def get(self, request, pk):
        stats = selectors.webhook_stats(webhook=self.webhook(pk))
        return Response(
            {
                "total": stats["total"],
                "success": stats["success"],
                "failed": stats["failed"],
                "pending": stats["pending"],
                "successRate": stats["success_rate"] if stats["success_rate"] is not None else 0,
            }
        )


class TriggerView(HyreHRView):
    @extend_schema(request=platform.TriggerEventSerializer, responses={200: OBJECT})
    def post(self, request):
        data = validated(platform.TriggerEventSerializer, self.body())
        trigger_event(organization=self.organization, event=data["event"], payload=data["payload"])
        return Response({"success": True, "message": "Webhook triggered successfully"})


app_name = "hyrehr"
BASE = r"^api/v1/integrations"
urlpatterns = [
    re_path(rf"{BASE}/webhooks/trigger/?$", TriggerView.as_view()),
    re_path(rf"{BASE}/webhooks/(?P<pk>{UUID})/test/?$", WebhookTestView.as_view()),
    re_path(rf"{BASE}/webhooks/(?P<pk>{UUID})/logs/?$", WebhookLogsView.as_view()),
    re_path(rf"{BASE}/webhooks/(?P<pk>{UUID})/stats/?$", WebhookStatsView.as_view()),
    re_path(rf"{BASE}/webhooks/(?P<pk>{UUID})/?$", WebhookDetailView.as_view()),
    re_path(rf"{BASE}/webhooks/?$", WebhooksView.as_view()),
    re_path(rf"{BASE}/provider/(?P<provider>[a-z0-9_]+)/?$", ProviderView.as_view()),
    re_path(rf"{BASE}/(?P<pk>{UUID})/oauth/authorize/?$", OAuthAuthorizeView.as_view()),
    re_path(rf"{BASE}/(?P<pk>{UUID})/oauth/callback/?$", OAuthCallbackView.as_view()),
    re_path(rf"{BASE}/(?P<pk>{UUID})/oauth/refresh/?$", OAuthRefreshView.as_view()),
    re_path(rf"{BASE}/(?P<pk>{UUID})/health/check/?$", HealthCheckView.as_view()),
    re_path(rf"{BASE}/(?P<pk>{UUID})/health/?$", HealthView.as_view()),
    re_path(rf"{BASE}/(?P<pk>{UUID})/?$", IntegrationDetailView.as_view()),
    re_path(rf"{BASE}/?$", IntegrationsView.as_view()),
    unrouted_route(error_body),
]
