"""One route per API-key action, and revoking a key cuts off the predecessor its rotation left valid."""

import pytest
from rest_framework.test import APIClient

from ats.models import ApiKey
from ats.services import api_keys


def _works(raw_key: str) -> bool:
    return APIClient(HTTP_X_API_KEY=raw_key).get("/api/ats/candidates").status_code == 200


@pytest.mark.parametrize("action", ["delete", "remove", "disable", "Revoke"])
def test_an_unknown_action_on_an_api_key_is_404_and_rotates_nothing(page_as, admin_a, org_a, action):
    api_key, raw_key = api_keys.create_api_key(
        organization=org_a, name="Greenhouse – São Paulo", scopes=None, created_by=admin_a
    )

    response = page_as(admin_a).post(f"/settings/api-keys/{api_key.pk}/{action}/")

    assert response.status_code == 404
    api_key.refresh_from_db()
    assert api_key.replaced_by is None and api_key.expires_at is None and api_key.revoked_at is None
    assert ApiKey.objects.for_org(org_a).count() == 1
    assert _works(raw_key)


@pytest.mark.parametrize("action", ["rotate", "revoke"])
def test_api_key_actions_refuse_get(page_as, admin_a, org_a, action):
    api_key, _ = api_keys.create_api_key(organization=org_a, name="Lever", scopes=None, created_by=admin_a)
    assert page_as(admin_a).get(f"/settings/api-keys/{api_key.pk}/{action}/").status_code == 405
    api_key.refresh_from_db()
    assert api_key.replaced_by is None and api_key.revoked_at is None


def test_revoking_a_rotated_key_on_the_page_also_cuts_off_its_predecessor(page_as, admin_a, org_a):
    client = page_as(admin_a)
    original, old_raw = api_keys.create_api_key(
        organization=org_a, name="Zoë O'Connor's sync", scopes=None, created_by=admin_a
    )
    rotated = client.post(f"/settings/api-keys/{original.pk}/rotate/", follow=True)
    new_raw = rotated.context["new_key"]["raw"]
    successor = ApiKey.objects.get(pk=original.pk).replaced_by
    assert _works(old_raw) and _works(new_raw)

    client.post(f"/settings/api-keys/{successor.pk}/revoke/")

    assert not _works(new_raw)
    assert not _works(old_raw)


def test_revoking_a_rotated_key_through_the_api_also_cuts_off_its_predecessor(api_as, admin_a, org_a):
    original, old_raw = api_keys.create_api_key(
        organization=org_a, name="José Álvarez", scopes=None, created_by=admin_a
    )
    rotated = api_as(admin_a).post(f"/api/ats/keys/{original.pk}/rotate", {"grace_hours": 24})
    successor_id, new_raw = rotated.json()["id"], rotated.json()["api_key"]
    # A second rotation: the whole chain still in its grace period goes with the last key.
    again = api_as(admin_a).post(f"/api/ats/keys/{successor_id}/rotate", {"grace_hours": 24}).json()
    assert _works(old_raw) and _works(new_raw) and _works(again["api_key"])

    response = api_as(admin_a).post(f"/api/ats/keys/{again['id']}/revoke")

    assert response.status_code == 200
    assert not any(_works(raw) for raw in (old_raw, new_raw, again["api_key"]))
    assert ApiKey.objects.for_org(org_a).filter(revoked_at__isnull=True).count() == 0


def test_revoking_an_old_key_leaves_its_successor_working(api_as, admin_a, org_a):
    original, old_raw = api_keys.create_api_key(
        organization=org_a, name="Berlin, Germany", scopes=None, created_by=admin_a
    )
    new_raw = api_as(admin_a).post(f"/api/ats/keys/{original.pk}/rotate").json()["api_key"]

    api_as(admin_a).post(f"/api/ats/keys/{original.pk}/revoke")

    assert not _works(old_raw)
    assert _works(new_raw)
