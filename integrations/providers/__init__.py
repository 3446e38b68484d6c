"""Integration providers, registered in one place: adding one is a new module and one line here."""

from integrations.providers.base import HealthResult, Provider, ProviderError, TokenSet
from integrations.providers.generic_http import HttpProvider
from integrations.providers.google_calendar import GoogleCalendarProvider
from integrations.providers.microsoft_calendar import MicrosoftCalendarProvider
from integrations.providers.slack import SlackProvider

PROVIDERS: dict[str, Provider] = {
    "google_calendar": GoogleCalendarProvider(),
    "microsoft_calendar": MicrosoftCalendarProvider(),
    "slack": SlackProvider(),
    "http": HttpProvider(),
}


def get_provider(key: str) -> Provider:
    try:
        return PROVIDERS[key]
    except KeyError:
        raise ProviderError(f"Unknown provider: {key}") from None


__all__ = ["PROVIDERS", "HealthResult", "Provider", "ProviderError", "TokenSet", "get_provider"]
