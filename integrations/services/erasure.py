"""A person's erasure reaches the copies integrations holds: webhook payloads and notifications."""

from __future__ import annotations

import json

from integrations.models import Notification, WebhookDelivery
from recruiting.lifecycle import Person, scrub_json

OPEN = (WebhookDelivery.Status.PENDING, WebhookDelivery.Status.RETRYING)


def erase_person(person: Person) -> None:
    """Purge queued deliveries that carry the person; scrub the ones already sent and every notification."""
    deliveries = WebhookDelivery.objects.filter(organization_id=person.organization_id).only("pk", "status", "payload")
    for delivery in deliveries.iterator():
        try:
            payload = json.loads(delivery.payload)
        except ValueError:
            payload = delivery.payload
        scrubbed = scrub_json(payload, person)
        if scrubbed == payload:
            continue
        if delivery.status in OPEN:
            WebhookDelivery.objects.filter(pk=delivery.pk).delete()  # never sent: it must not leave now
        else:
            WebhookDelivery.objects.filter(pk=delivery.pk).update(payload=json.dumps(scrubbed), response_body="")
    notifications = Notification.objects.filter(organization_id=person.organization_id)
    for notification in notifications.only("pk", "title", "message", "metadata").iterator():
        fields = {"title": notification.title, "message": notification.message, "metadata": notification.metadata}
        scrubbed = scrub_json(fields, person)
        if scrubbed != fields:
            Notification.objects.filter(pk=notification.pk).update(**scrubbed)
