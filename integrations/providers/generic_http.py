"""A generic HTTP service: healthy while a configured URL answers 2xx."""

from __future__ import annotations

import base64

from integrations.models import HealthStatus, Integration
from integrations.providers.base import HealthResult, Provider, call_for_health


class HttpProvider(Provider):
    key = "http"
    name = "HTTP service"
    auth_types = (Integration.AuthType.NONE, Integration.AuthType.API_KEY, Integration.AuthType.BASIC)

    def check_health(self, integration: Integration) -> HealthResult:
        url = integration.config.get("health_url") or integration.config.get("url")
        if not url:
            return HealthResult(status=HealthStatus.UNHEALTHY, error="No health_url configured.")
        headers: dict[str, str] = {}
        header = ""
        credential = integration.access_token
        if credential and integration.auth_type == Integration.AuthType.API_KEY:
            header = integration.config.get("api_key_header", "Authorization")
            headers[header] = f"Bearer {credential}" if header.lower() == "authorization" else credential
        elif credential and integration.auth_type == Integration.AuthType.BASIC:
            headers["Authorization"] = "Basic " + base64.b64encode(credential.encode()).decode()
        method = integration.config.get("method", "GET").upper()
        # A custom API-key header is as secret as Authorization: it stays with the configured host.
        return call_for_health(integration, method, url, headers, credential_headers=(header,) if header else ())
