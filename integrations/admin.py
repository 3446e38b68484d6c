"""Django admin for integrations, webhooks, deliveries and notifications (tokens stay hidden)."""

from django.contrib import admin

from integrations.models import Integration, IntegrationHealthCheck, Notification, Webhook, WebhookDelivery
from recruiting.admin import OrganizationScopedAdmin


@admin.register(Integration)
class IntegrationAdmin(OrganizationScopedAdmin):
    list_display = ("name", "provider", "status", "health_status", "last_check_at", "organization")
    list_filter = ("provider", "status", "health_status")
    search_fields = ("name",)
    exclude = ("access_token_encrypted", "refresh_token_encrypted")
    readonly_fields = ("health_status", "last_check_at", "last_error", "last_response_time_ms", "token_expires_at")


@admin.register(IntegrationHealthCheck)
class IntegrationHealthCheckAdmin(OrganizationScopedAdmin):
    list_display = ("integration", "status", "checked_at", "response_time_ms", "error")
    list_filter = ("status",)


@admin.register(Webhook)
class WebhookAdmin(OrganizationScopedAdmin):
    list_display = ("name", "url", "payload_format", "is_active", "consecutive_failures", "organization")
    list_filter = ("is_active", "payload_format")
    search_fields = ("name", "url")
    exclude = ("secret", "previous_secret")


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(OrganizationScopedAdmin):
    list_display = ("event", "webhook", "status", "attempt_count", "response_status", "next_attempt_at", "created_at")
    list_filter = ("status", "event")
    readonly_fields = ("payload",)


@admin.register(Notification)
class NotificationAdmin(OrganizationScopedAdmin):
    list_display = ("title", "user", "type", "read_at", "created_at")
    list_filter = ("type",)
