"""Record domain events in the outbox, inside the caller's transaction."""

from __future__ import annotations

from typing import Any

from recruiting.models import Organization, OutboxEvent

EVENT_NAMES = (
    "candidate.created",
    "candidate.updated",
    "job.created",
    "job.opened",
    "job.closed",
    "application.created",
    "application.stage_changed",
    "application.rejected",
    "application.hired",
    "interview.scheduled",
    "interview.completed",
    "interview.cancelled",
    "scorecard.submitted",
    "integration.unhealthy",
    "integration.recovered",
)


def record_event(*, organization: Organization, name: str, data: dict[str, Any]) -> OutboxEvent:
    """Write one event row in the current transaction; relays run only after it commits."""
    if name not in EVENT_NAMES and not name.startswith("custom."):
        raise ValueError(f"Unknown event name: {name}")
    return OutboxEvent.objects.create(organization=organization, name=name, data=data)
