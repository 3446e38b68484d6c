"""Integration management: add and change an integration; its credentials are stored encrypted."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction

from integrations import outbound
from integrations.models import Integration
from integrations.providers import PROVIDERS
from integrations.services.oauth import oauth_authorize_url
from recruiting.audit import record_audit
from recruiting.errors import DomainError
from recruiting.models import Organization, User


def create_integration(*, organization: Organization, created_by: User | None = None, **fields: Any) -> Integration:
    return _save_integration(Integration(organization=organization, created_by=created_by), fields)


@transaction.atomic
def connect_provider(
    *,
    organization: Organization,
    user: User,
    provider: str,
    name: str = "",
    config: dict[str, Any] | None = None,
    credentials: str = "",
) -> tuple[Integration, str | None]:
    """Add an integration of a provider; an OAuth one also gets the consent URL to send the admin to.

    If the consent URL cannot be built (no client id configured), nothing is added.
    """
    if provider not in PROVIDERS:
        raise DomainError(f"Unknown provider: {provider}.", code="UNKNOWN_PROVIDER", field="provider")
    describer = PROVIDERS[provider]
    if describer.describe()["oauth"]:
        auth_type = Integration.AuthType.OAUTH2
    elif credentials:
        auth_type = Integration.AuthType.API_KEY
    else:
        auth_type = Integration.AuthType.NONE
    integration = create_integration(
        organization=organization,
        created_by=user,
        name=name.strip() or describer.name,
        provider=provider,
        auth_type=auth_type,
        config=config or {},
        credentials=credentials,
    )
    if auth_type != Integration.AuthType.OAUTH2:
        return integration, None
    return integration, oauth_authorize_url(integration=integration, user=user)


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


def _check_health_url(config: dict[str, Any] | None) -> None:
    """A configured `health_url` is an http(s) URL the outbound client can call, or a 400 now (not a
    failed check, or a 500, later)."""
    health_url = (config or {}).get("health_url")
    if health_url is None:
        return
    try:
        outbound.check_url(health_url)
    except (outbound.DestinationRefusedError, ValueError) as exc:
        raise DomainError(str(exc), code="INVALID_URL", field="health_url") from exc


def _save_integration(integration: Integration, fields: dict[str, Any]) -> Integration:
    """Apply fields; `credentials` (an API key or user:password) is stored encrypted."""
    if "config" in fields:
        _check_health_url(fields["config"])
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
