"""Bearer JWT authentication whose failures use the platform's error codes."""

from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken


class BearerJWTAuthentication(JWTAuthentication):
    """simplejwt's authentication, reporting any unusable token as INVALID_TOKEN."""

    def authenticate(self, request):
        try:
            return super().authenticate(request)
        except (InvalidToken, AuthenticationFailed) as exc:
            raise InvalidToken("Invalid or expired token.") from exc
