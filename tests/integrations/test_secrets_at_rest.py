"""Webhook secrets, like integration tokens, are encrypted at rest; keys rotate with `reencrypt_secrets`."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from integrations import crypto
from integrations.models import Integration, Webhook
from integrations.services.integrations import create_integration
from integrations.services.webhooks import create_webhook, rotate_webhook_secret

WEBHOOK_TABLE = Webhook._meta.db_table


def stored_columns(webhook: Webhook) -> tuple[str, str]:
    """The two columns as the database holds them (UUIDs are 32 hex digits on SQLite, and PostgreSQL reads those)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT secret, previous_secret FROM {WEBHOOK_TABLE} WHERE id = %s", [webhook.pk.hex])
        return cursor.fetchone()


def a_webhook(organization, name: str, *, secret: str) -> Webhook:
    return create_webhook(
        organization=organization, name=name, url="https://hooks.example.com/in", events=["*"], secret=secret
    )


def test_a_webhook_secret_is_not_stored_as_written(org_a):
    webhook = a_webhook(org_a, "Acme ATS", secret="a-secret-of-our-own-1234")
    secret_column, previous_column = stored_columns(webhook)
    assert "a-secret-of-our-own-1234" not in secret_column
    assert crypto.decrypt(secret_column) == "a-secret-of-our-own-1234"
    assert previous_column == ""
    assert Webhook.objects.get(pk=webhook.pk).secret == "a-secret-of-our-own-1234"


def test_the_previous_secret_of_a_rotation_is_encrypted_too(org_a):
    webhook = a_webhook(org_a, "Zoë's receiver", secret="the-first-secret-0001")
    rotate_webhook_secret(webhook=webhook, new_secret="the-second-secret-0002")
    secret_column, previous_column = stored_columns(webhook)
    assert "secret" not in secret_column + previous_column
    reloaded = Webhook.objects.get(pk=webhook.pk)
    assert reloaded.signing_secrets() == ["the-second-secret-0002", "the-first-secret-0001"]


def test_reencrypt_secrets_moves_every_secret_to_the_first_key(org_a, settings):
    settings.INTEGRATIONS_ENCRYPTION_KEYS = ["key-of-2025"]
    webhook = a_webhook(org_a, "Acme ATS", secret="signed-with-2025-keys")
    integration = create_integration(organization=org_a, name="Greenhouse", provider="custom", credentials="tok-2025")

    settings.INTEGRATIONS_ENCRYPTION_KEYS = ["key-of-2026", "key-of-2025"]
    call_command("reencrypt_secrets", stdout=open("/dev/null", "w"))

    settings.INTEGRATIONS_ENCRYPTION_KEYS = ["key-of-2026"]
    assert Webhook.objects.get(pk=webhook.pk).secret == "signed-with-2025-keys"
    assert Integration.objects.get(pk=integration.pk).access_token == "tok-2025"


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_secrets_stored_before_it(org_a):
    executor = MigrationExecutor(connection)
    before, after = (
        [("integrations", "0004_list_default_order_indexes")],
        [("integrations", "0005_webhook_secrets_encrypted")],
    )
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    old_webhook_model = old_apps.get_model("integrations", "Webhook")
    old = old_webhook_model.objects.create(
        organization_id=org_a.pk,
        name="Legacy",
        url="https://hooks.example.com/in",
        events=["*"],
        secret="plain-legacy-secret-01",
        previous_secret="plain-older-secret-02",
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)

    webhook = Webhook.objects.get(pk=old.pk)
    assert (webhook.secret, webhook.previous_secret) == ("plain-legacy-secret-01", "plain-older-secret-02")
    assert "plain" not in "".join(stored_columns(webhook))
