"""Analytics' own rows: product events partners and pages record, queried like any other metric."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from recruiting.models import OrganizationOwned, User


class ProductEvent(OrganizationOwned):
    """One `POST /api/v1/analytics/events` call: a named event with free-form properties."""

    event_type = models.CharField(max_length=100)
    properties = models.JSONField(default=dict, blank=True)
    recorded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    occurred_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["organization", "occurred_at"], name="event_org_time_idx")]

    def __str__(self) -> str:
        return f"{self.event_type} @ {self.occurred_at:%Y-%m-%d %H:%M:%S}"
