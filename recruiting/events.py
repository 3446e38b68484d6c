"""Record domain events in the outbox, inside the caller's transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from recruiting import queue
from recruiting.models import Organization, OutboxEvent

EVENT_NAMES = (
    "candidate.created",
    "candidate.updated",
    "candidate.merged",
    "job.created",
    "job.opened",
    "job.closed",
    "application.created",
    # Someone applied on the organization's public careers page: ids only, the notification says the rest.
    "candidate.applied",
    "application.stage_changed",
    "application.rejected",
    "application.hired",
    # An application submitted on a candidate's behalf (JobSwipe's automation) went through, or not.
    "application.completed",
    "application.failed",
    "interview.scheduled",
    # A scheduled interview moved to another time (its payload carries the new one).
    "interview.rescheduled",
    "interview.completed",
    "interview.cancelled",
    "scorecard.submitted",
    # A note named teammates with "@": ids only, the notification says the rest.
    "note.mentioned",
    "integration.unhealthy",
    "integration.recovered",
)

# What each event is called on the pages, in the recruiter's words.
EVENT_LABELS = {
    "candidate.created": "A candidate is added",
    "candidate.updated": "A candidate's profile changes",
    "candidate.merged": "Duplicate candidates are merged",
    "job.created": "A job is created",
    "job.opened": "A job is opened",
    "job.closed": "A job is closed",
    "application.created": "A candidate joins a pipeline",
    "candidate.applied": "A candidate applies on the careers page",
    "application.stage_changed": "A candidate moves to another stage",
    "application.rejected": "A candidate is rejected",
    "application.hired": "A candidate is hired",
    "application.completed": "An application sent for a candidate went through",
    "application.failed": "An application sent for a candidate failed",
    "interview.scheduled": "An interview is scheduled",
    "interview.rescheduled": "An interview is moved to another time",
    "interview.completed": "An interview is held",
    "interview.cancelled": "An interview is cancelled",
    "scorecard.submitted": "A scorecard is submitted",
    "integration.unhealthy": "An integration becomes unhealthy",
    "integration.recovered": "An integration recovers",
}
ALL_EVENTS = "*"


def event_label(name: str) -> str:
    """An event's name in words; an alias or a custom event reads as its own name."""
    if name == ALL_EVENTS:
        return "Every event"
    return EVENT_LABELS.get(name) or EVENT_LABELS.get(EVENT_ALIASES.get(name, ""), name)


# Event names the partners' documents use for an event the platform has under another name
# (JobSwipe: an application is "submitted"). A webhook may subscribe to either name;
# it is delivered under the name it subscribed to. A documented name the platform has no event for
# (`candidate.matched`: matching scores on request and stores no matches) is not listed here.
EVENT_ALIASES = {
    "application.submitted": "application.created",
}


def canonical_event_name(name: str) -> str:
    """The platform's name for an event, given its own name or a documented alias."""
    return EVENT_ALIASES.get(name, name)


def record_event(*, organization: Organization, name: str, data: dict[str, Any]) -> OutboxEvent:
    """Write one event row in the current transaction; relays run only after it commits."""
    if name not in EVENT_NAMES and not name.startswith("custom."):
        raise ValueError(f"Unknown event name: {name}")
    event = OutboxEvent.objects.create(organization=organization, name=name, data=data)
    # Relay once the change is committed; if the broker is down then, beat's sweep relays it later.
    connection = transaction.get_connection()
    connection.__dict__.setdefault(RELAY_QUEUE_ATTRIBUTE, []).append(event.pk)
    transaction.on_commit(lambda: _relay_after_commit(connection), robust=True)
    return event


# The connection collects its transaction's event ids so a bulk write queues a few relay tasks,
# not one per event. Ids of rolled-back events may linger until the next commit: relaying an id
# that does not exist does nothing.
RELAY_QUEUE_ATTRIBUTE = "outbox_events_to_relay"
RELAY_BATCH_SIZE = 50
# Published by name: the relay belongs to the integrations app, which the core does not import.
RELAY_TASK = "integrations.relay_events"


def _relay_after_commit(connection) -> None:
    event_ids = connection.__dict__.pop(RELAY_QUEUE_ATTRIBUTE, None)
    if not event_ids:
        return  # an earlier callback of the same commit took them
    ids = [str(event_id) for event_id in event_ids]
    for start in range(0, len(ids), RELAY_BATCH_SIZE):
        queue.enqueue(RELAY_TASK, ids[start : start + RELAY_BATCH_SIZE])
