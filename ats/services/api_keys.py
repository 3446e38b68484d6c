"""Partner integrations and their API keys: issue, rotate, revoke, and check a key on each request."""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ats import ratelimit
from ats.models import (
    ALL_SCOPES,
    DEFAULT_SCOPES,
    KEY_PREFIX,
    LOOKUP_LENGTH,
    ApiKey,
    ApiKeyAuditLog,
    PartnerIntegration,
    hash_api_key,
)
from recruiting.audit import record_audit
from recruiting.errors import ConflictError, DomainError, NotFoundError
from recruiting.models import Organization, User
from recruiting.precompiled import RowWithParents

# How often last_used_at is written: every request would turn each partner call into a row update.
LAST_USED_RESOLUTION = timedelta(seconds=60)


def _new_raw_key() -> str:
    return KEY_PREFIX + secrets.token_urlsafe(32).replace("-", "x").replace("_", "y")


def _audit(*, api_key: ApiKey, action: str, actor: User | None, **details: Any) -> None:
    ApiKeyAuditLog.objects.create(
        organization=api_key.organization, api_key=api_key, action=action, actor=actor, details=details
    )
    # The organization's one audit log (GET /api/v1/audit-log) has every key change too.
    record_audit(
        organization=api_key.organization,
        actor=actor,
        action=f"api_key.{action}",
        target_type="api_key",
        target_id=api_key.pk,
    )


def _validated_scopes(scopes: Iterable[str] | None) -> list[str]:
    chosen = list(DEFAULT_SCOPES if scopes is None else scopes)
    unknown = sorted(set(chosen) - set(ALL_SCOPES))
    if unknown:
        raise DomainError(f"Unknown scopes: {', '.join(unknown)}.", code="INVALID_SCOPE")
    return [scope for scope in ALL_SCOPES if scope in chosen]


def _issue_key(
    *, integration: PartnerIntegration, name: str, scopes: list[str], created_by: User | None
) -> tuple[ApiKey, str]:
    raw_key = _new_raw_key()
    api_key = ApiKey.objects.create(
        organization=integration.organization,
        integration=integration,
        name=name,
        lookup=raw_key[len(KEY_PREFIX) : len(KEY_PREFIX) + LOOKUP_LENGTH],
        key_hash=hash_api_key(raw_key),
        last4=raw_key[-4:],
        scopes=scopes,
        created_by=created_by,
    )
    return api_key, raw_key


def _first_key_name(integration_name: str) -> str:
    """ "<integration> key", shortened so that a name at the integration's full length still fits."""
    limit = ApiKey._meta.get_field("name").max_length - len(" key")
    return f"{integration_name[:limit].rstrip()} key"


@transaction.atomic
def register_integration(
    *,
    organization: Organization,
    name: str,
    created_by: User | None,
    webhook_url: str = "",
    scopes: Iterable[str] | None = None,
) -> tuple[PartnerIntegration, ApiKey, str]:
    """Register a partner integration and issue its first key; the raw key is returned once."""
    integration = PartnerIntegration.objects.create(
        organization=organization, name=name, webhook_url=webhook_url, created_by=created_by
    )
    api_key, raw_key = _issue_key(
        integration=integration, name=_first_key_name(name), scopes=_validated_scopes(scopes), created_by=created_by
    )
    _audit(api_key=api_key, action=ApiKeyAuditLog.Action.CREATED, actor=created_by, scopes=api_key.scopes)
    return integration, api_key, raw_key


@transaction.atomic
def create_api_key(
    *,
    organization: Organization,
    name: str,
    scopes: Iterable[str] | None,
    created_by: User | None,
    integration: PartnerIntegration | None = None,
) -> tuple[ApiKey, str]:
    """Issue a key (for `integration`, or a new integration named after the key); the raw key is shown once."""
    if integration is None:
        integration = PartnerIntegration.objects.create(organization=organization, name=name, created_by=created_by)
    elif integration.organization_id != organization.pk:
        raise NotFoundError("Integration not found.")
    api_key, raw_key = _issue_key(
        integration=integration, name=name, scopes=_validated_scopes(scopes), created_by=created_by
    )
    _audit(api_key=api_key, action=ApiKeyAuditLog.Action.CREATED, actor=created_by, scopes=api_key.scopes)
    return api_key, raw_key


@transaction.atomic
def revoke_api_key(*, api_key: ApiKey, actor: User | None) -> ApiKey:
    """Revoke a key and every predecessor still in its rotation grace period: the next request of each is a 401."""
    locked = ApiKey.objects.select_for_update().get(pk=api_key.pk)
    now = timezone.now()
    # A rotation leaves the old secret valid for a while; "cut off at once" must cover it too.
    chain, frontier = [locked], [locked.pk]
    while frontier:
        predecessors = list(ApiKey.objects.select_for_update().filter(replaced_by_id__in=frontier))
        chain += predecessors
        frontier = [key.pk for key in predecessors]
    for key in chain:
        if key.revoked_at is None:
            key.revoked_at = now
            key.save(update_fields=["revoked_at"])
            extra = {} if key is locked else {"revoked_with": locked.pk}
            _audit(api_key=key, action=ApiKeyAuditLog.Action.REVOKED, actor=actor, **extra)
    return locked


@transaction.atomic
def rotate_api_key(*, api_key: ApiKey, actor: User | None, grace_hours: float = 24) -> tuple[ApiKey, str]:
    """Issue a successor with the same scopes; the old key keeps working for `grace_hours`, then expires."""
    locked = ApiKey.objects.select_for_update().select_related("integration").get(pk=api_key.pk)
    if not locked.is_usable():
        raise ConflictError("Only an active key can be rotated.", code="KEY_NOT_ACTIVE")
    successor, raw_key = _issue_key(
        integration=locked.integration, name=locked.name, scopes=list(locked.scopes), created_by=actor
    )
    expires_at = timezone.now() + timedelta(hours=grace_hours)
    if locked.expires_at is None or locked.expires_at > expires_at:
        locked.expires_at = expires_at
    locked.replaced_by = successor
    locked.save(update_fields=["expires_at", "replaced_by"])
    _audit(
        api_key=locked,
        action=ApiKeyAuditLog.Action.ROTATED,
        actor=actor,
        successor_id=successor.pk,
        old_key_expires_at=locked.expires_at.isoformat(),
    )
    _audit(api_key=successor, action=ApiKeyAuditLog.Action.CREATED, actor=actor, rotated_from=locked.pk)
    return successor, raw_key


# Every partner request reads its key with the organization and integration: SQL built once per
# process (recruiting/precompiled.py), not compiled by Django each request (~0.5 ms of CPU).
_KEYS_WITH_THEIR_OWNERS = RowWithParents(ApiKey, ("organization", "integration"), by="lookup")


def find_usable_api_key(*, raw_key: str) -> ApiKey | None:
    """The active key this raw secret belongs to, or None (unknown, wrong secret, revoked or expired)."""
    if not raw_key.startswith(KEY_PREFIX) or len(raw_key) < len(KEY_PREFIX) + LOOKUP_LENGTH + 4:
        return None
    lookup = raw_key[len(KEY_PREFIX) : len(KEY_PREFIX) + LOOKUP_LENGTH]
    try:
        api_key = _KEYS_WITH_THEIR_OWNERS.get(lookup)
    except ApiKey.DoesNotExist:
        return None
    if not api_key.matches(raw_key) or not api_key.is_usable():
        return None
    if not api_key.integration.is_active:
        return None
    if api_key.integration.organization_id == api_key.organization_id:
        api_key.integration.organization = api_key.organization  # what a sync reads: no second query
    return api_key


def count_api_key_request(*, api_key: ApiKey) -> ratelimit.RateLimitDecision:
    rate = api_key.integration.rate_limit or settings.ATS_RATE_LIMIT
    # The lookup is random, so counters never collide across databases sharing one Redis.
    return ratelimit.hit(f"apikey:{api_key.lookup}", rate)


def touch_api_key(*, api_key: ApiKey) -> None:
    now = timezone.now()
    if api_key.last_used_at is None or now - api_key.last_used_at >= LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now
