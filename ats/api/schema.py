"""OpenAPI description of the X-API-Key credential (loaded by AtsConfig.ready)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "ats.api.authentication.ApiKeyAuthentication"
    name = "ApiKeyAuth"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "header", "name": "X-API-Key"}


class RequiredApiKeyScheme(ApiKeyScheme):
    """The same header; /api/ats/ data endpoints accept nothing else."""

    target_class = "ats.api.authentication.RequiredApiKeyAuthentication"
    name = "PartnerApiKeyAuth"
