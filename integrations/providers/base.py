"""The one interface every integration provider implements."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.utils import timezone

from integrations import outbound
from integrations.models import HealthStatus, Integration


@dataclass
class HealthResult:
    status: str
    response_time_ms: int | None = None
    response_status: int | None = None
    error: str = ""
    # The provider rejected our access token: refreshing it may help.
    token_rejected: bool = False


@dataclass
class TokenSet:
    access_token: str
    refresh_token: str = ""
    expires_at: datetime | None = None


class ProviderError(Exception):
    """The provider refused (an OAuth error, a missing setting); the message is its reason.

    `error` and `description` are the provider's OAuth `error` / `error_description` when it sent them.
    """

    def __init__(self, message: str, *, error: str = "", description: str = ""):
        super().__init__(message)
        self.error = error
        self.description = description


def _degraded_after_ms(integration: Integration) -> int:
    return int(integration.settings.get("degraded_after_ms", 2000))


def health_from_response(integration: Integration, response: outbound.OutboundResponse) -> HealthResult:
    """Healthy on 2xx (degraded when slow); a 401 means the token was rejected."""
    if response.ok:
        slow = response.elapsed_ms > _degraded_after_ms(integration)
        return HealthResult(
            status=HealthStatus.DEGRADED if slow else HealthStatus.HEALTHY,
            response_time_ms=response.elapsed_ms,
            response_status=response.status,
            error=f"Slow response: {response.elapsed_ms} ms" if slow else "",
        )
    return HealthResult(
        status=HealthStatus.UNHEALTHY,
        response_time_ms=response.elapsed_ms,
        response_status=response.status,
        error=f"HTTP {response.status}: {response.text[:300]}",
        token_rejected=response.status == 401,
    )


def call_for_health(
    integration: Integration,
    method: str,
    url: str,
    headers: dict[str, str],
    interpret=health_from_response,
    *,
    credential_headers: tuple[str, ...] = (),
) -> HealthResult:
    """Call a health URL; a failure to connect is unhealthy, a response is judged by `interpret`."""
    try:
        response = outbound.send_request(
            method,
            url,
            headers=headers,
            timeout=settings.OUTBOUND_HTTP_TIMEOUT_SECONDS,
            follow_redirects=True,
            credential_headers=credential_headers,
        )
    except outbound.OutboundError as exc:
        return HealthResult(status=HealthStatus.UNHEALTHY, error=str(exc))
    return interpret(integration, response)


class Provider:
    """A kind of integration: how to check its health and, for OAuth ones, authorize and refresh."""

    key: str = ""
    name: str = ""
    auth_types: tuple[str, ...] = (Integration.AuthType.NONE,)

    def describe(self) -> dict:
        return {"provider": self.key, "name": self.name, "auth_types": list(self.auth_types), "oauth": False}

    def check_health(self, integration: Integration) -> HealthResult:
        raise NotImplementedError

    def authorize_url(self, integration: Integration, *, state: str, redirect_uri: str) -> str:
        raise ProviderError(f"{self.name} does not use OAuth.")

    def exchange_code(self, integration: Integration, *, code: str, redirect_uri: str) -> TokenSet:
        raise ProviderError(f"{self.name} does not use OAuth.")

    def refresh(self, integration: Integration) -> TokenSet:
        raise ProviderError(f"{self.name} has no tokens to refresh.")


class OAuth2Provider(Provider):
    """An OAuth 2.0 authorization-code provider whose endpoints come from settings."""

    auth_types = (Integration.AuthType.OAUTH2,)
    extra_authorize_params: dict[str, str] = {}

    def describe(self) -> dict:
        return {**super().describe(), "oauth": True, "scopes": self.endpoints.get("scopes", "")}

    @property
    def endpoints(self) -> dict:
        return settings.INTEGRATION_PROVIDERS.get(self.key, {})

    def client_credentials(self, integration: Integration) -> tuple[str, str]:
        client_id = integration.config.get("client_id") or self.endpoints.get("client_id", "")
        client_secret = self.endpoints.get("client_secret", "")
        if not client_id:
            raise ProviderError(f"No OAuth client id is configured for {self.name}.")
        return client_id, client_secret

    def authorize_url(self, integration: Integration, *, state: str, redirect_uri: str) -> str:
        client_id, _ = self.client_credentials(integration)
        params = {
            "response_type": "code",
            "client_id": client_id,
            "redirect_uri": redirect_uri,
            "scope": integration.config.get("scopes") or self.endpoints.get("scopes", ""),
            "state": state,
            **self.extra_authorize_params,
        }
        return f"{self.endpoints['authorize_url']}?{urlencode(params)}"

    def exchange_code(self, integration: Integration, *, code: str, redirect_uri: str) -> TokenSet:
        return self.request_tokens(
            integration, {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri}
        )

    def refresh(self, integration: Integration) -> TokenSet:
        if not integration.refresh_token:
            raise ProviderError("This integration has no refresh token; authorize it again.")
        tokens = self.request_tokens(
            integration, {"grant_type": "refresh_token", "refresh_token": integration.refresh_token}
        )
        # Providers that do not rotate refresh tokens leave it out of the answer.
        tokens.refresh_token = tokens.refresh_token or integration.refresh_token
        return tokens

    def request_tokens(self, integration: Integration, form: dict[str, str]) -> TokenSet:
        client_id, client_secret = self.client_credentials(integration)
        basic = base64.b64encode(f"{client_id}:{client_secret}".encode()).decode()
        try:
            response = outbound.send_request(
                "POST",
                self.endpoints["token_url"],
                body=urlencode({**form, "client_id": client_id}).encode(),
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Accept": "application/json",
                    "Authorization": f"Basic {basic}",
                },
                timeout=settings.OUTBOUND_HTTP_TIMEOUT_SECONDS,
            )
        except outbound.OutboundError as exc:
            raise ProviderError(f"The token endpoint could not be reached: {exc}") from exc
        try:
            answer = json.loads(response.body or b"{}")
        except ValueError:
            answer = {}
        return self.parse_token_answer(response, answer if isinstance(answer, dict) else {})

    def parse_token_answer(self, response: outbound.OutboundResponse, answer: dict) -> TokenSet:
        if not response.ok or "error" in answer or not answer.get("access_token"):
            reason = answer.get("error_description") or answer.get("error") or f"HTTP {response.status}"
            if answer.get("error") and answer.get("error_description"):
                reason = f"{answer['error']}: {answer['error_description']}"
            raise ProviderError(
                str(reason),
                error=str(answer.get("error") or ""),
                description=str(answer.get("error_description") or ""),
            )
        expires_in = answer.get("expires_in")
        return TokenSet(
            access_token=answer["access_token"],
            refresh_token=answer.get("refresh_token", ""),
            expires_at=timezone.now() + timedelta(seconds=int(expires_in)) if expires_in else None,
        )

    def check_health(self, integration: Integration) -> HealthResult:
        if not integration.access_token:
            return HealthResult(status=HealthStatus.UNHEALTHY, error="Not authorized yet.", token_rejected=True)
        if integration.token_expired:
            return HealthResult(status=HealthStatus.UNHEALTHY, error="Access token expired.", token_rejected=True)
        return call_for_health(
            integration,
            "GET",
            self.endpoints["health_url"],
            {"Authorization": f"Bearer {integration.access_token}"},
            interpret=self.interpret,
        )

    def interpret(self, integration: Integration, response: outbound.OutboundResponse) -> HealthResult:
        return health_from_response(integration, response)
