"""Slack: OAuth v2, and `auth.test` as the health check."""

from __future__ import annotations

import json

from integrations import outbound
from integrations.models import HealthStatus, Integration
from integrations.providers.base import HealthResult, OAuth2Provider, TokenSet, health_from_response


class SlackProvider(OAuth2Provider):
    key = "slack"
    name = "Slack"

    def parse_token_answer(self, response: outbound.OutboundResponse, answer: dict) -> TokenSet:
        # Slack answers errors with HTTP 200 and {"ok": false, "error": ...}:
        # https://api.slack.com/methods/oauth.v2.access
        if answer.get("ok") is False:
            answer = {"error": answer.get("error", "slack_error")}
        return super().parse_token_answer(response, answer)

    def interpret(self, integration: Integration, response: outbound.OutboundResponse) -> HealthResult:
        # auth.test is HTTP 200 even for a revoked token; the verdict is in the body.
        result = health_from_response(integration, response)
        try:
            answer = json.loads(response.body or b"{}")
        except ValueError:
            return result
        if response.ok and isinstance(answer, dict) and answer.get("ok") is False:
            error = answer.get("error", "slack_error")
            return HealthResult(
                status=HealthStatus.UNHEALTHY,
                response_time_ms=response.elapsed_ms,
                response_status=response.status,
                error=f"Slack: {error}",
                token_rejected=error in {"invalid_auth", "token_expired", "token_revoked"},
            )
        return result
