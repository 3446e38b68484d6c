"""OAuth authorization code flow: the consent URL, the code exchange and token refresh."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core import signing

from integrations.models import Integration
from integrations.providers import ProviderError, get_provider
from recruiting.audit import record_audit
from recruiting.errors import DomainError
from recruiting.models import User

OAUTH_STATE_SALT = "integrations.oauth.state"
CLIENT_STATE_MAX_LENGTH = 500


class OAuthError(DomainError):
    """The provider refused or the user denied; `error` / `description` are OAuth's own words."""

    code = "OAUTH_ERROR"

    def __init__(self, message: str, *, error: str = "", description: str = ""):
        super().__init__(message)
        self.error = error or "server_error"
        self.description = description or message


def _provider_refused(prefix: str, exc: ProviderError) -> OAuthError:
    return OAuthError(f"{prefix}: {exc}", error=exc.error, description=exc.description or str(exc))


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


def oauth_authorize_url(*, integration: Integration, user: User, client_state: str = "") -> str:
    """The provider's consent URL, carrying a signed state bound to this integration and user.

    A caller's own `client_state` (the Integration Framework's `?state=`) travels inside the signed state and is
    given back when the callback completes (`client_state_in_state`).
    """
    if len(client_state) > CLIENT_STATE_MAX_LENGTH:
        raise DomainError(
            f"state is at most {CLIENT_STATE_MAX_LENGTH} characters.", code="INVALID_STATE", field="state"
        )
    claims = {"integration": str(integration.pk), "user": user.pk, "nonce": uuid.uuid4().hex}
    if client_state:
        claims["client_state"] = client_state
    state = signing.dumps(claims, salt=OAUTH_STATE_SALT)
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


def client_state_in_state(*, state: str) -> str:
    """The caller's own state carried inside a signed state ("" when it gave none or the state is bad)."""
    try:
        return str(signing.loads(state, salt=OAUTH_STATE_SALT).get("client_state", ""))
    except (signing.BadSignature, AttributeError):
        return ""


def deny_oauth(*, error: str, description: str = "") -> None:
    """The provider redirected back with an error instead of a code (the user denied): refuse with its words."""
    reason = f"{error}: {description}" if description else error
    raise OAuthError(f"The authorization was refused: {reason}", error=error, description=description)


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
        raise _provider_refused("The provider refused the authorization", exc) from exc
    store_tokens(integration, tokens)
    record_audit(
        organization=integration.organization,
        actor=user,
        action="integration.connected",
        target_type="integration",
        target_id=integration.pk,
    )
    return integration


def refresh_integration_tokens(*, integration: Integration) -> Integration:
    """Trade the refresh token for new tokens at the provider."""
    try:
        tokens = get_provider(integration.provider).refresh(integration)
    except ProviderError as exc:
        raise _provider_refused("The provider refused the refresh", exc) from exc
    store_tokens(integration, tokens)
    return integration


def handle_oauth_callback(
    *,
    integration: Integration,
    user: User,
    code: str = "",
    state: str = "",
    error: str = "",
    error_description: str = "",
) -> str:
    """The provider's redirect relayed to us: exchange the code, or refuse with the denial it carries.

    Returns the caller's own state from inside the signed state; raises `OAuthError` in OAuth's words.
    """
    if error:
        deny_oauth(error=error, description=error_description)
    complete_oauth(integration=integration, user=user, code=code, state=state)
    return client_state_in_state(state=state)
