"""Start-up checks: configuration the integrations need, refused at `manage.py check` time."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register


@register()
def encryption_keys_are_set(app_configs, **kwargs) -> list[Error]:
    """Without keys the first OAuth callback would fail after the provider's one-time code was spent."""
    if settings.DEBUG or settings.INTEGRATIONS_ENCRYPTION_KEYS:
        return []
    return [
        Error(
            "INTEGRATIONS_ENCRYPTION_KEYS is not set: integration tokens cannot be stored.",
            hint="Set INTEGRATIONS_ENCRYPTION_KEYS to one or more comma-separated secrets (the first encrypts).",
            id="integrations.E001",
        )
    ]
