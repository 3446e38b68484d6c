"""Re-encrypt every stored token and webhook secret with the first INTEGRATIONS_ENCRYPTION_KEYS key.

Rotating a key: put the new key first and keep the old one after it, run this command, then drop the old key.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from integrations.models import Integration, Webhook


class Command(BaseCommand):
    help = "Re-encrypt integration tokens and webhook secrets with the first INTEGRATIONS_ENCRYPTION_KEYS key."

    def handle(self, *args, **options):
        integrations = webhooks = 0
        with transaction.atomic():
            for integration in Integration.objects.select_for_update().order_by("pk").iterator(chunk_size=500):
                # Reading decrypts with any configured key; writing encrypts with the first.
                integration.access_token = integration.access_token
                integration.refresh_token = integration.refresh_token
                integration.save(update_fields=["access_token_encrypted", "refresh_token_encrypted"])
                integrations += 1
            for webhook in Webhook.objects.select_for_update().order_by("pk").iterator(chunk_size=500):
                webhook.save(update_fields=["secret", "previous_secret"])
                webhooks += 1
        self.stdout.write(f"Re-encrypted {integrations} integration(s) and {webhooks} webhook(s) with the first key.")
