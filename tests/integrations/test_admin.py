"""The Django admin lists and edits integrations, webhooks, deliveries and notifications without showing secrets."""

import pytest

from integrations.models import Integration
from integrations.services.integrations import create_integration
from integrations.services.notifications import notify_user
from integrations.services.webhooks import send_test_event


@pytest.fixture
def staff_admin(admin_a):
    admin_a.is_staff = True
    admin_a.is_superuser = True
    admin_a.save()
    return admin_a


def test_admin_pages_open_and_never_show_tokens_or_secrets(client, staff_admin, org_a, webhook_a):
    integration = create_integration(
        organization=org_a, name="Careers site", provider="http", credentials="top-secret-api-key"
    )
    send_test_event(webhook=webhook_a)
    notify_user(user=staff_admin, type="reminder", title="Hello")
    client.force_login(staff_admin)
    for path in [
        "/admin/integrations/integration/",
        f"/admin/integrations/integration/{integration.pk}/change/",
        "/admin/integrations/integrationhealthcheck/",
        "/admin/integrations/webhook/",
        f"/admin/integrations/webhook/{webhook_a.pk}/change/",
        "/admin/integrations/webhookdelivery/",
        "/admin/integrations/notification/",
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        page = response.content.decode()
        assert "top-secret-api-key" not in page
        assert Integration.objects.get().access_token_encrypted not in page
        assert webhook_a.secret not in page
