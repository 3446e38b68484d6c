"""Bearer JWT authentication whose failures use the platform's error codes."""

from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken

from recruiting.tenancy import API_KEY_PREFIX


class BearerJWTAuthentication(JWTAuthentication):
    """simplejwt's authentication, reporting any unusable token as INVALID_TOKEN."""

    def authenticate(self, request):
        parts = (self.get_header(request) or b"").split()
        if len(parts) == 2 and parts[1].startswith(API_KEY_PREFIX.encode()):
            return None  # `Bearer ats_...` is an API key: the API-key authentication that follows takes it
        try:
            return super().authenticate(request)
        except (InvalidToken, AuthenticationFailed) as exc:
            raise InvalidToken("Invalid or expired token.") from exc
