"""Django admin for integrations and keys: issue a key once, rotate and revoke through services."""

import pytest

from ats.models import ApiKey, ApiKeyAuditLog
from recruiting.models import User


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(email="root@platform.test", password="root-password-1")


def test_admin_pages_load(client, superuser, acme_ats):
    client.force_login(superuser)
    for path in (
        "/admin/ats/partnerintegration/",
        "/admin/ats/apikey/",
        f"/admin/ats/apikey/{acme_ats.api_key.pk}/change/",
        "/admin/ats/apikeyauditlog/",
        "/admin/ats/candidateimport/",
        "/admin/ats/jobingestion/",
    ):
        assert client.get(path).status_code == 200, path


def test_admin_revoke_action_writes_the_audit_log(client, superuser, acme_ats):
    client.force_login(superuser)
    response = client.post(
        "/admin/ats/apikey/", {"action": "revoke", "_selected_action": [acme_ats.api_key.pk]}, follow=True
    )
    assert response.status_code == 200
    assert ApiKey.objects.get(pk=acme_ats.api_key.pk).revoked_at is not None
    assert ApiKeyAuditLog.objects.filter(api_key=acme_ats.api_key, action="revoked", actor=superuser).exists()


def test_admin_issue_key_action_shows_the_key_once(client, superuser, acme_ats):
    client.force_login(superuser)
    response = client.post(
        "/admin/ats/partnerintegration/",
        {"action": "issue_key", "_selected_action": [acme_ats.integration.pk]},
        follow=True,
    )
    assert ApiKey.objects.filter(integration=acme_ats.integration).count() == 2
    new_key = ApiKey.objects.filter(integration=acme_ats.integration).order_by("-pk").first()
    assert "ats_" in response.content.decode()
    assert new_key.key_hash not in response.content.decode()


def test_admin_rotating_a_revoked_key_says_why_and_issues_nothing(client, superuser, acme_ats):
    client.force_login(superuser)
    client.post("/admin/ats/apikey/", {"action": "revoke", "_selected_action": [acme_ats.api_key.pk]})
    keys_before = ApiKey.objects.count()

    response = client.post(
        "/admin/ats/apikey/", {"action": "rotate", "_selected_action": [acme_ats.api_key.pk]}, follow=True
    )

    assert response.status_code == 200
    assert "Greenhouse sync key: Only an active key can be rotated." in [str(m) for m in response.context["messages"]]
    assert ApiKey.objects.count() == keys_before
