"""Integration management: add and change an integration; its credentials are stored encrypted."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from integrations.models import Integration
from recruiting.audit import record_audit
from recruiting.models import Organization, User


def create_integration(*, organization: Organization, created_by: User | None = None, **fields: Any) -> Integration:
    return _save_integration(Integration(organization=organization, created_by=created_by), fields)


def update_integration(*, integration: Integration, **fields: Any) -> Integration:
    return _save_integration(integration, fields)


def delete_integration(*, integration: Integration, actor: User | None) -> None:
    """Disconnect and remove an integration; its stored tokens go with it."""
    record_audit(
        organization=integration.organization,
        actor=actor,
        action="integration.disconnected",
        target_type="integration",
        target_id=integration.pk,
    )
    integration.delete()


def _save_integration(integration: Integration, fields: dict[str, Any]) -> Integration:
    """Apply fields; `credentials` (an API key or user:password) is stored encrypted."""
    credentials = fields.pop("credentials", None)
    for name, value in fields.items():
        setattr(integration, name, value)
    integration.check_interval_seconds = int(
        integration.settings.get("check_interval_seconds", settings.INTEGRATION_CHECK_INTERVAL_SECONDS)
    )
    if credentials:
        integration.access_token = credentials
    if (
        integration.auth_type == Integration.AuthType.OAUTH2
        and not integration.access_token_encrypted
        and integration.status == Integration.Status.ACTIVE
    ):
        # Active only once the code exchange has stored a token (`integrations.services.oauth.store_tokens`).
        integration.status = Integration.Status.PENDING
    integration.save()
    return integration
