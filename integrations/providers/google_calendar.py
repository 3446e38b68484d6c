"""Google Calendar: OAuth 2.0 and a cheap calendar-list read as the health check."""

from integrations.providers.base import OAuth2Provider


class GoogleCalendarProvider(OAuth2Provider):
    key = "google_calendar"
    name = "Google Calendar"
    # Google only returns a refresh token with offline access and an explicit consent prompt:
    # https://developers.google.com/identity/protocols/oauth2/web-server#offline
    extra_authorize_params = {"access_type": "offline", "prompt": "consent"}
