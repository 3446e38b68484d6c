"""Reads shared by the API and the dashboard."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Max, Q
from django.utils import timezone

from integrations.models import HealthStatus, Integration, IntegrationHealthCheck, Webhook, WebhookDelivery


def webhook_stats(*, webhook: Webhook) -> dict[str, Any]:
    """Delivery counts; `success_rate` is the percentage of finished deliveries that succeeded."""
    counts = WebhookDelivery.objects.filter(webhook=webhook).aggregate(
        total=Count("pk"),
        success=Count("pk", filter=Q(status=WebhookDelivery.Status.SUCCESS)),
        failed=Count("pk", filter=Q(status=WebhookDelivery.Status.FAILED)),
        pending=Count("pk", filter=Q(status__in=[WebhookDelivery.Status.PENDING, WebhookDelivery.Status.RETRYING])),
    )
    finished = counts["success"] + counts["failed"]
    counts["success_rate"] = round(100 * counts["success"] / finished, 1) if finished else None
    return counts


def webhook_logs(*, webhook: Webhook, limit: int = 50):
    return WebhookDelivery.objects.filter(webhook=webhook).order_by("-created_at", "-id")[:limit]


def _uptime(integration: Integration, since) -> float | None:
    """Percentage of checks since `since` that were healthy or degraded; None without checks."""
    counts = IntegrationHealthCheck.objects.filter(integration=integration, checked_at__gte=since).aggregate(
        total=Count("pk"), up=Count("pk", filter=~Q(status=HealthStatus.UNHEALTHY))
    )
    return round(100 * counts["up"] / counts["total"], 2) if counts["total"] else None


def integration_health(*, integration: Integration) -> dict[str, Any]:
    now = timezone.now()
    return {
        "status": integration.health_status,
        "last_check_at": integration.last_check_at,
        "last_error": integration.last_error,
        "response_time_ms": integration.last_response_time_ms,
        "uptime_24h": _uptime(integration, now - timedelta(hours=24)),
        "uptime_7d": _uptime(integration, now - timedelta(days=7)),
    }


def webhooks_with_delivery_counts(queryset):
    """Webhooks annotated with `success_count`, `failure_count` and `last_success_at`, in one query."""
    return queryset.annotate(
        success_count=Count("deliveries", filter=Q(deliveries__status=WebhookDelivery.Status.SUCCESS)),
        failure_count=Count("deliveries", filter=Q(deliveries__status=WebhookDelivery.Status.FAILED)),
        last_success_at=Max("deliveries__delivered_at"),
    )
