"""The audit log's one writer: every sensitive action (an export, ...) records who, what and from where."""

from __future__ import annotations

from recruiting.models import AuditEntry, Organization, User


def record_audit(
    *,
    organization: Organization,
    actor: User | None,
    action: str,
    target_type: str = "",
    target_id: str | int = "",
    ip_address: str | None = None,
) -> AuditEntry:
    """Write one audit entry; callers pass identifiers only, never the personal data they touched."""
    actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        organization=organization,
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=str(target_id),
        ip_address=ip_address or None,
    )
