"""Microsoft 365 calendar through Microsoft Graph."""

from integrations.providers.base import OAuth2Provider


class MicrosoftCalendarProvider(OAuth2Provider):
    key = "microsoft_calendar"
    name = "Microsoft Calendar"
    # Graph only issues refresh tokens for the `offline_access` scope, which the default scopes include:
    # https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow
    extra_authorize_params = {"response_mode": "query"}
