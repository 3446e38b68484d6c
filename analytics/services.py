"""Analytics workflows the API, pages and partner dialects share: cached metrics, events, export links."""

from __future__ import annotations

import hashlib
import json

from django.utils import timezone

from analytics import exports
from analytics.metrics import MetricScope, dashboard_metrics
from analytics.models import ProductEvent
from ats.models import ApiKey
from recruiting import shared_cache
from recruiting.errors import ForbiddenError, NotFoundError
from recruiting.models import Organization, User

# Metrics over 300,000 applications take seconds; recruiting leads read them a few times an hour.
DASHBOARD_CACHE_SECONDS = 300
MAX_EVENT_PROPERTIES_BYTES = 16_384


class EventError(Exception):
    def __init__(self, message: str, *, code: str):
        super().__init__(message)
        self.code = code


def cached_dashboard(*, scope: MetricScope, refresh: bool = False) -> dict:
    """`{"dashboard_metrics", "generated_at"}` for the scope, recomputed at most every few minutes."""
    fingerprint = json.dumps([scope.organization.pk, str(scope.start), str(scope.end), scope.job_id, scope.department])
    key = "analytics:dashboard:" + hashlib.sha256(fingerprint.encode()).hexdigest()
    body = None if refresh else shared_cache.get(key)
    if body is None:
        body = {"dashboard_metrics": dashboard_metrics(scope), "generated_at": timezone.now().isoformat()}
        shared_cache.set(key, body, DASHBOARD_CACHE_SECONDS)
    return body


def record_event(*, organization: Organization, recorded_by: User | None, event_type, properties) -> ProductEvent:
    """Store one product event for the organization after checking its name and properties."""
    if not isinstance(event_type, str) or not event_type.strip() or len(event_type) > 100:
        raise EventError("event_type must be a non-empty name of at most 100 characters.", code="INVALID_EVENT_TYPE")
    if "\x00" in event_type:
        raise EventError("event_type must not contain NUL characters.", code="INVALID_EVENT_TYPE")
    properties = {} if properties is None else properties
    if not isinstance(properties, dict):
        raise EventError("properties must be a JSON object.", code="INVALID_PROPERTIES")
    try:
        encoded = json.dumps(properties, allow_nan=False)
    except ValueError:
        raise EventError("properties must not contain NaN or Infinity.", code="INVALID_PROPERTIES") from None
    if "\\u0000" in encoded:
        raise EventError("properties must not contain NUL characters.", code="INVALID_PROPERTIES")
    if len(encoded.encode()) > MAX_EVENT_PROPERTIES_BYTES:
        raise EventError(
            f"properties must be at most {MAX_EVENT_PROPERTIES_BYTES} bytes of JSON.", code="PROPERTIES_TOO_LARGE"
        )
    user = recorded_by if recorded_by is not None and recorded_by.is_authenticated else None
    return ProductEvent.objects.create(
        organization=organization, recorded_by=user, event_type=event_type.strip(), properties=properties
    )


def organization_of_export_link(*, signature: str) -> tuple[exports.ExportGrant, Organization]:
    """The grant of a signed export link and its organization, while whoever asked for it may still.

    A link dies with the access of its requester: a deactivated or moved user, or a revoked or
    expired API key, makes it a 403 before its own expiry.
    """
    grant = exports.read_export_grant(signature)
    organization = Organization.objects.filter(pk=grant.organization_id).first()
    if organization is None:
        raise NotFoundError("This export no longer exists.", code="NOT_FOUND")
    if grant.user_id is not None:
        still_allowed = User.objects.filter(pk=grant.user_id, organization=organization, is_active=True).exists()
    else:
        api_key = ApiKey.objects.filter(pk=grant.api_key_id, organization=organization).first()
        still_allowed = api_key is not None and api_key.is_usable()
    if not still_allowed:
        raise ForbiddenError("Whoever asked for this export no longer has access.", code="LINK_REVOKED")
    return grant, organization
