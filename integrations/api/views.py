"""Integrations, webhooks and notifications API: scoped querysets; workflows live in services."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from integrations import selectors
from integrations.api import serializers as s
from integrations.models import Integration, Notification, Webhook, WebhookDelivery
from integrations.providers import PROVIDERS
from integrations.services.health import run_health_check
from integrations.services.integrations import create_integration, delete_integration, update_integration
from integrations.services.notifications import mark_notifications_read, notify_user
from integrations.services.oauth import (
    OAuthError,
    handle_oauth_callback,
    oauth_authorize_url,
    refresh_integration_tokens,
)
from integrations.services.relay import trigger_event
from integrations.services.webhooks import (
    create_webhook,
    redeliver,
    rotate_webhook_secret,
    send_test_event,
    update_webhook,
)
from recruiting.api.errors import ApiError
from recruiting.api.permissions import ADMIN_ROLES, HasOrganizationRole, IsOrganizationAdmin
from recruiting.models import User
from recruiting.tenancy import OrganizationScopedMixin, request_organization

UUID_PATTERN = r"[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}"
MAX_LOG_LIMIT = 200


def oauth_failure(exc: OAuthError) -> Response:
    """The platform's error body plus OAuth's own words, as the Integration Framework's client reads them."""
    return Response(
        {
            "detail": exc.message,
            "code": exc.code,
            "success": False,
            "error": exc.error,
            "error_description": exc.description,
        },
        status=status.HTTP_400_BAD_REQUEST,
    )


@extend_schema(tags=["integrations"])
class IntegrationViewSet(OrganizationScopedMixin, viewsets.ModelViewSet):
    queryset = Integration.objects.all()
    serializer_class = s.IntegrationSerializer
    permission_classes = [IsOrganizationAdmin]
    lookup_value_regex = UUID_PATTERN
    filterset_fields = ["provider", "status", "health_status"]

    def perform_create(self, serializer):
        serializer.instance = create_integration(
            organization=self.organization, created_by=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = update_integration(integration=serializer.instance, **serializer.validated_data)

    def perform_destroy(self, instance):
        delete_integration(integration=instance, actor=self.request.user)

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["get"], url_path=r"provider/(?P<provider>[a-z0-9_]+)")
    def provider(self, request, provider: str):
        """A provider's description and this organization's integrations of it."""
        if provider not in PROVIDERS:
            raise ApiError(f"Unknown provider: {provider}.", code="NOT_FOUND", status_code=404)
        integrations = self.get_queryset().filter(provider=provider)
        return Response(
            {**PROVIDERS[provider].describe(), "integrations": self.get_serializer(integrations, many=True).data}
        )

    @extend_schema(request=s.IntegrationSerializer(partial=True))
    def update(self, request, *args, **kwargs):
        # A PUT changes what it sends and leaves the rest as it was (the Integration Framework sends partial PUTs).
        return super().update(request, *args, **{**kwargs, "partial": True})

    @extend_schema(parameters=[s.OAuthAuthorizeQuerySerializer], responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"], url_path="oauth/authorize")
    def oauth_authorize(self, request, pk=None):
        query = s.OAuthAuthorizeQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        url = oauth_authorize_url(
            integration=self.get_object(), user=request.user, client_state=query.validated_data["state"]
        )
        return Response({"auth_url": url})

    @extend_schema(request=s.OAuthCallbackSerializer, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"], url_path="oauth/callback")
    def oauth_callback(self, request, pk=None):
        integration = self.get_object()  # another organization's integration is a 404 before the body is read
        body = s.OAuthCallbackSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            client_state = handle_oauth_callback(integration=integration, user=request.user, **body.validated_data)
        except OAuthError as exc:
            return oauth_failure(exc)
        return Response(
            {
                **self.get_serializer(integration).data,
                "success": True,
                "message": "OAuth authentication successful",
                "state": client_state,
            }
        )

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"], url_path="oauth/refresh")
    def oauth_refresh(self, request, pk=None):
        try:
            integration = refresh_integration_tokens(integration=self.get_object())
        except OAuthError as exc:
            return oauth_failure(exc)
        return Response(
            {**self.get_serializer(integration).data, "success": True, "message": "Token refreshed successfully"}
        )

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def health(self, request, pk=None):
        return Response(selectors.integration_health(integration=self.get_object()))

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"], url_path="health/check")
    def health_check(self, request, pk=None):
        integration = self.get_object()
        run_health_check(integration=integration)
        return Response(selectors.integration_health(integration=integration))


@extend_schema(tags=["webhooks"])
class WebhookViewSet(OrganizationScopedMixin, viewsets.ModelViewSet):
    queryset = Webhook.objects.all()
    serializer_class = s.WebhookSerializer
    permission_classes = [IsOrganizationAdmin]
    lookup_value_regex = UUID_PATTERN
    filterset_fields = ["is_active"]

    def create(self, request, *args, **kwargs):
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        webhook = create_webhook(organization=self.organization, **body.validated_data)
        return Response(s.WebhookCreatedSerializer(webhook).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.WebhookSerializer(partial=True))
    def update(self, request, *args, **kwargs):
        # A PUT changes what it sends and leaves the rest as it was (the Integration Framework sends partial PUTs).
        return super().update(request, *args, **{**kwargs, "partial": True})

    def perform_update(self, serializer):
        serializer.instance = update_webhook(webhook=serializer.instance, **serializer.validated_data)

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["post"])
    def test(self, request, pk=None):
        return Response(send_test_event(webhook=self.get_object()))

    @extend_schema(request=None, responses={200: s.WebhookCreatedSerializer})
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, pk=None):
        webhook = rotate_webhook_secret(webhook=self.get_object())
        return Response(s.WebhookCreatedSerializer(webhook).data)

    @extend_schema(
        parameters=[OpenApiParameter("limit", int, description=f"1-{MAX_LOG_LIMIT} (clamped), default 50")],
        responses={200: inline_serializer("WebhookLogs", {"results": s.WebhookDeliverySerializer(many=True)})},
    )
    @action(detail=True, methods=["get"])
    def logs(self, request, pk=None):
        try:
            limit = min(max(int(request.query_params.get("limit", 50)), 1), MAX_LOG_LIMIT)
        except ValueError as exc:
            raise ApiError("limit must be a number.", code="VALIDATION_ERROR") from exc
        deliveries = selectors.webhook_logs(webhook=self.get_object(), limit=limit)
        return Response({"results": s.WebhookDeliverySerializer(deliveries, many=True).data})

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def stats(self, request, pk=None):
        return Response(selectors.webhook_stats(webhook=self.get_object()))

    @extend_schema(request=None, responses={200: s.WebhookDeliverySerializer})
    @action(detail=True, methods=["post"], url_path=rf"deliveries/(?P<delivery_id>{UUID_PATTERN})/redeliver")
    def redeliver(self, request, pk=None, delivery_id=None):
        delivery = get_object_or_404(WebhookDelivery.objects.filter(webhook=self.get_object()), pk=delivery_id)
        return Response(s.WebhookDeliverySerializer(redeliver(delivery=delivery)).data)

    @extend_schema(request=s.TriggerEventSerializer, responses={202: OpenApiTypes.OBJECT})
    @action(detail=False, methods=["post"])
    def trigger(self, request):
        body = s.TriggerEventSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        event = trigger_event(
            organization=self.organization, event=body.validated_data["event"], payload=body.validated_data["payload"]
        )
        return Response(
            {"id": str(event.pk), "event": event.name, "success": True, "message": "Webhook triggered successfully"},
            status=status.HTTP_202_ACCEPTED,
        )


@extend_schema(tags=["notifications"])
class NotificationViewSet(OrganizationScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The signed-in user's own notifications; any member may read and mark them."""

    queryset = Notification.objects.all()
    serializer_class = s.NotificationSerializer
    write_roles = frozenset(User.Role.values)
    filterset_fields = ["type"]

    def get_queryset(self):
        queryset = super().get_queryset().filter(user=self.request.user)
        unread = self.request.query_params.get("unread")
        if unread in ("1", "true"):
            queryset = queryset.filter(read_at__isnull=True)
        return queryset

    def retrieve(self, request, pk=None):
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(request=None)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        mark_notifications_read(user=request.user, notification_ids=[notification.pk])
        notification.refresh_from_db()
        return Response(self.get_serializer(notification).data)

    @extend_schema(request=s.MarkReadSerializer)
    @extend_schema(
        request=s.MarkReadSerializer,
        responses={200: inline_serializer("MarkedRead", {"marked": serializers.IntegerField(min_value=0)})},
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        body = s.MarkReadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        marked = mark_notifications_read(user=request.user, notification_ids=body.validated_data.get("ids"))
        return Response({"marked": marked})


@extend_schema(tags=["notifications"], request=s.SendNotificationSerializer, responses={201: s.NotificationSerializer})
class SendNotificationView(APIView):
    """Partners (API key with `notifications:write`) and admins notify a user of their organization."""

    permission_classes = [HasOrganizationRole]
    write_roles = ADMIN_ROLES
    required_scopes = {"POST": "notifications:write"}

    def post(self, request):
        body = s.SendNotificationSerializer(data=request.data, context={"organization": request_organization(request)})
        body.is_valid(raise_exception=True)
        data = body.validated_data
        notification = notify_user(
            user=data["user"],
            type=data["type"],
            title=data["title"],
            message=data["message"],
            metadata=data["metadata"],
            send_email=data["email"],
        )
        return Response(s.NotificationSerializer(notification).data, status=status.HTTP_201_CREATED)
