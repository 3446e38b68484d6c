"""Encrypt integration tokens at rest with keys from the environment."""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _cipher() -> MultiFernet:
    secrets = settings.INTEGRATIONS_ENCRYPTION_KEYS
    if not secrets:
        raise ImproperlyConfigured("Set INTEGRATIONS_ENCRYPTION_KEYS to store integration tokens.")
    # Any secret string works: it is stretched to the 32 bytes Fernet wants.
    return MultiFernet(
        [Fernet(base64.urlsafe_b64encode(hashlib.sha256(secret.encode()).digest())) for secret in secrets]
    )


def encrypt(plaintext: str) -> str:
    if not plaintext:
        return ""
    return _cipher().encrypt(plaintext.encode()).decode()


def decrypt(ciphertext: str) -> str:
    if not ciphertext:
        return ""
    try:
        return _cipher().decrypt(ciphertext.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured("An integration token cannot be decrypted with the configured keys.") from exc
