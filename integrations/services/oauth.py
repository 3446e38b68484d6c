"""OAuth authorization code flow: the consent URL, the code exchange and token refresh."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core import signing

from integrations.models import Integration
from integrations.providers import ProviderError, get_provider
from recruiting.errors import DomainError
from recruiting.models import User

OAUTH_STATE_SALT = "integrations.oauth.state"


def store_tokens(integration: Integration, tokens) -> None:
    """Keep the provider's tokens (encrypted by the model) and mark the integration active."""
    integration.access_token = tokens.access_token
    if tokens.refresh_token:
        integration.refresh_token = tokens.refresh_token
    integration.token_expires_at = tokens.expires_at
    integration.status = Integration.Status.ACTIVE
    integration.save(
        update_fields=["access_token_encrypted", "refresh_token_encrypted", "token_expires_at", "status", "updated_at"]
    )


def oauth_authorize_url(*, integration: Integration, user: User) -> str:
    """The provider's consent URL, carrying a signed state bound to this integration and user."""
    state = signing.dumps(
        {"integration": str(integration.pk), "user": user.pk, "nonce": uuid.uuid4().hex}, salt=OAUTH_STATE_SALT
    )
    redirect_uri = integration.config.get("redirect_uri") or settings.INTEGRATIONS_OAUTH_REDIRECT_URI
    try:
        return get_provider(integration.provider).authorize_url(integration, state=state, redirect_uri=redirect_uri)
    except ProviderError as exc:
        raise DomainError(str(exc), code="PROVIDER_ERROR") from exc


def integration_id_in_state(*, state: str) -> str:
    """The integration a signed state was issued for; its age and user are checked by `complete_oauth`."""
    try:
        return signing.loads(state, salt=OAUTH_STATE_SALT)["integration"]
    except (signing.BadSignature, KeyError, TypeError) as exc:
        raise DomainError("The authorization state is not valid.", code="INVALID_STATE") from exc


def complete_oauth(*, integration: Integration, user: User, code: str, state: str) -> Integration:
    """Check the state, exchange the code at the provider and store the tokens encrypted."""
    try:
        claims = signing.loads(state, salt=OAUTH_STATE_SALT, max_age=settings.INTEGRATIONS_OAUTH_STATE_MAX_AGE)
    except signing.SignatureExpired as exc:
        raise DomainError("The authorization state has expired; start again.", code="INVALID_STATE") from exc
    except signing.BadSignature as exc:
        raise DomainError("The authorization state is not valid.", code="INVALID_STATE") from exc
    if claims.get("integration") != str(integration.pk) or claims.get("user") != user.pk:
        raise DomainError("The authorization state belongs to another integration or user.", code="INVALID_STATE")
    redirect_uri = integration.config.get("redirect_uri") or settings.INTEGRATIONS_OAUTH_REDIRECT_URI
    try:
        tokens = get_provider(integration.provider).exchange_code(integration, code=code, redirect_uri=redirect_uri)
    except ProviderError as exc:
        raise DomainError(f"The provider refused the authorization: {exc}", code="OAUTH_ERROR") from exc
    store_tokens(integration, tokens)
    return integration


def refresh_integration_tokens(*, integration: Integration) -> Integration:
    """Trade the refresh token for new tokens at the provider."""
    try:
        tokens = get_provider(integration.provider).refresh(integration)
    except ProviderError as exc:
        raise DomainError(f"The provider refused the refresh: {exc}", code="OAUTH_ERROR") from exc
    store_tokens(integration, tokens)
    return integration
