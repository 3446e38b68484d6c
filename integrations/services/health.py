"""Integration health: check one now, and queue the checks whose interval has passed."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from integrations.models import HealthStatus, Integration, IntegrationHealthCheck
from integrations.providers import ProviderError, get_provider
from integrations.services.oauth import store_tokens
from recruiting import queue
from recruiting.events import record_event


def _health_event_payload(integration: Integration) -> dict[str, Any]:
    return {
        "integration_id": str(integration.pk),
        "name": integration.name,
        "provider": integration.provider,
        "status": integration.health_status,
        "last_error": integration.last_error,
    }


def run_health_check(*, integration: Integration) -> IntegrationHealthCheck:
    """Check an integration now, refreshing a rejected token once; record history and state changes."""
    provider = get_provider(integration.provider)
    result = provider.check_health(integration)
    if result.token_rejected and integration.refresh_token:
        try:
            store_tokens(integration, provider.refresh(integration))
        except ProviderError as exc:
            result.error = f"{result.error} Refreshing the token failed: {exc}".strip()
        else:
            result = provider.check_health(integration)
    now = timezone.now()
    with transaction.atomic():
        locked = Integration.objects.select_for_update().get(pk=integration.pk)
        previous = locked.health_status
        check = IntegrationHealthCheck.objects.create(
            organization_id=locked.organization_id,
            integration=locked,
            status=result.status,
            checked_at=now,
            response_time_ms=result.response_time_ms,
            response_status=result.response_status,
            error=result.error,
        )
        locked.health_status = result.status
        locked.last_check_at = now
        locked.last_error = result.error
        locked.last_response_time_ms = result.response_time_ms
        locked.next_check_at = now + timedelta(seconds=locked.check_interval_seconds)
        locked.save(
            update_fields=[
                "health_status",
                "last_check_at",
                "last_error",
                "last_response_time_ms",
                "next_check_at",
                "updated_at",
            ]
        )
        became_unhealthy = result.status == HealthStatus.UNHEALTHY and previous != HealthStatus.UNHEALTHY
        recovered = previous == HealthStatus.UNHEALTHY and result.status != HealthStatus.UNHEALTHY
        if became_unhealthy or recovered:
            record_event(
                organization=locked.organization,
                name="integration.unhealthy" if became_unhealthy else "integration.recovered",
                data=_health_event_payload(locked),
            )
    integration.refresh_from_db()
    return check


def queue_due_health_checks(*, now: datetime | None = None) -> int:
    """Queue a check of every active integration whose interval has passed; return how many."""
    now = now or timezone.now()
    with transaction.atomic():
        due = list(
            Integration.objects.select_for_update(skip_locked=True)
            .filter(status=Integration.Status.ACTIVE)
            .filter(Q(next_check_at__isnull=True) | Q(next_check_at__lte=now))
            .values_list("pk", "check_interval_seconds")
        )
        for pk, interval in due:
            # Moved on now so the next sweep does not queue it twice; the check sets it again.
            Integration.objects.filter(pk=pk).update(next_check_at=now + timedelta(seconds=interval))
        ids = [str(pk) for pk, _ in due]
        transaction.on_commit(
            lambda: [queue.enqueue("integrations.check_integration_health", pk) for pk in ids], robust=True
        )
    return len(due)
