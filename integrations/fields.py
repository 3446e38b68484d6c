"""A text column whose value is encrypted at rest with `integrations.crypto` and plain in Python."""

from __future__ import annotations

from django.db import models

from integrations import crypto


class EncryptedTextField(models.TextField):
    """Stores a Fernet ciphertext; the model attribute holds the plaintext.

    Every ciphertext is different, so the column cannot be looked up by value (nothing does).
    """

    def from_db_value(self, value, expression, connection):
        return crypto.decrypt(value) if value else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return crypto.encrypt(value) if value else value
