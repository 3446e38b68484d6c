"""Celery tasks: each takes ids, calls one service and is safe to run twice.

Services queue these by name through `recruiting.queue`, so they never import this module.
"""

from celery import shared_task

from integrations.models import Integration
from integrations.services import delivery, health, relay


@shared_task(name="integrations.relay_events")
def relay_events(event_ids: list[str]) -> int:
    return sum(relay.relay_event(event_id=event_id, deliver_now=True) for event_id in event_ids)


@shared_task(name="integrations.relay_pending_events")
def relay_pending_events() -> int:
    return relay.relay_pending_events()


@shared_task(name="integrations.deliver_webhook")
def deliver_webhook(delivery_id: str, attempt: int) -> None:
    delivery.attempt_delivery(delivery_id=delivery_id, expected_attempt=attempt)


@shared_task(name="integrations.sweep_due_deliveries")
def sweep_due_deliveries() -> int:
    return delivery.sweep_due_deliveries()


@shared_task(name="integrations.check_integration_health")
def check_integration_health(integration_id: str) -> None:
    integration = Integration.objects.filter(pk=integration_id, status=Integration.Status.ACTIVE).first()
    if integration is not None:
        health.run_health_check(integration=integration)


@shared_task(name="integrations.check_due_integrations")
def check_due_integrations() -> int:
    return health.queue_due_health_checks()
