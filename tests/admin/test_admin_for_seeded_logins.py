"""seed_demo's logins: the organization admin and the platform operator can both use Django admin."""

from django.test import Client

from recruiting.demo import seed_demo
from recruiting.models import User


def test_seeded_organization_admin_can_use_django_admin_for_their_organization(db):
    result = seed_demo(
        org_name="Acme Recruiting", admin_email="admin@demo.test", password="demo-password", candidates=5
    )
    client = Client()
    assert client.login(email="admin@demo.test", password="demo-password")
    index = client.get("/admin/").content.decode()
    assert "You don’t have permission" not in index and "You don't have permission" not in index
    assert "/admin/recruiting/candidate/" in index
    assert client.get("/admin/recruiting/candidate/").status_code == 200
    assert client.get("/admin/recruiting/organization/").status_code == 403
    assert result.admin.is_staff and not result.admin.is_superuser


def test_seed_demo_creates_one_platform_operator_however_often_it_runs(db):
    for _ in range(2):
        seed_demo(org_name="Acme Recruiting", admin_email="admin@demo.test", password="demo-password", candidates=3)
    operator = User.objects.get(email="operator@demo.test")
    assert operator.is_superuser and operator.organization is None
    client = Client()
    assert client.login(email="operator@demo.test", password="demo-password")
    assert client.get("/admin/recruiting/organization/").status_code == 200
