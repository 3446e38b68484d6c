"""Registering integrations and managing API keys: hashed storage, scopes, revoke, rotate, audit."""

from datetime import timedelta

from django.utils import timezone
from rest_framework.test import APIClient

from ats.models import ApiKey, ApiKeyAuditLog, PartnerIntegration
from ats.services import api_keys
from recruiting.models import Candidate
from tests.ats.conftest import make_partner

NEW = {"external_id": "x1", "first_name": "Grace", "last_name": "Hopper", "email": "grace@navy.test"}


def test_admin_registers_an_integration_and_sees_the_key_once(api_as, admin_a):
    response = api_as(admin_a).post(
        "/api/ats/integrations/register", {"name": "Greenhouse", "webhook_url": "https://hooks.example.com/x"}
    )

    assert response.status_code == 201
    body = response.json()
    assert set(body) >= {"integration_id", "name", "api_key", "message"}
    assert body["api_key"].startswith("ats_")
    integration = PartnerIntegration.objects.get(pk=body["integration_id"])
    assert integration.organization == admin_a.organization
    api_key = integration.api_keys.get()
    assert body["api_key"] not in (api_key.key_hash, api_key.lookup)
    assert api_key.last4 == body["api_key"][-4:]
    assert api_key.matches(body["api_key"])
    assert ApiKeyAuditLog.objects.filter(api_key=api_key, action="created", actor=admin_a).exists()
    listed = api_as(admin_a).get("/api/ats/keys").json()
    assert body["api_key"] not in str(listed)
    assert listed[0]["key"].endswith(api_key.last4)


def test_recruiter_cannot_register_an_integration(api_as, recruiter_a):
    response = api_as(recruiter_a).post("/api/ats/integrations/register", {"name": "Greenhouse"})
    assert response.status_code == 403
    assert response.json()["code"] == "PERMISSION_DENIED"
    assert not PartnerIntegration.objects.exists()


def test_api_key_cannot_manage_keys(acme_ats):
    client = acme_ats.client()
    assert client.post("/api/ats/integrations/register", {"name": "Sneaky"}).status_code == 403
    assert client.get("/api/ats/keys").status_code == 403
    assert client.post(f"/api/ats/keys/{acme_ats.api_key.pk}/rotate").status_code == 403
    assert PartnerIntegration.objects.count() == 1
    assert ApiKey.objects.count() == 1


def test_missing_or_unknown_key_is_401_invalid_api_key(acme_ats):
    for client in (APIClient(), APIClient(HTTP_X_API_KEY="ats_nope"), APIClient(HTTP_X_API_KEY=acme_ats.raw_key + "x")):
        response = client.post("/api/ats/candidates/sync", NEW, format="json")
        assert response.status_code == 401
        assert response.json() == {"detail": "Invalid API key", "code": "INVALID_API_KEY"}
    assert not Candidate.objects.exists()


def test_revoked_key_is_401_on_the_very_next_request(acme_ats, admin_a, api_as):
    client = acme_ats.client()
    assert client.get("/api/ats/candidates").status_code == 200

    assert api_as(admin_a).post(f"/api/ats/keys/{acme_ats.api_key.pk}/revoke").status_code == 200

    response = client.get("/api/ats/candidates")
    assert response.status_code == 401
    assert response.json()["code"] == "INVALID_API_KEY"
    assert ApiKeyAuditLog.objects.filter(api_key=acme_ats.api_key, action="revoked", actor=admin_a).exists()


def test_rotated_key_keeps_working_until_its_expiry(acme_ats, admin_a):
    successor, new_raw = api_keys.rotate_api_key(api_key=acme_ats.api_key, actor=admin_a, grace_hours=1)

    assert APIClient(HTTP_X_API_KEY=new_raw).get("/api/ats/candidates").status_code == 200
    assert acme_ats.client().get("/api/ats/candidates").status_code == 200
    old = ApiKey.objects.get(pk=acme_ats.api_key.pk)
    assert old.replaced_by == successor
    assert timezone.now() + timedelta(minutes=59) < old.expires_at <= timezone.now() + timedelta(hours=1)
    assert successor.scopes == old.scopes
    assert ApiKeyAuditLog.objects.filter(api_key=old, action="rotated").exists()

    ApiKey.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert acme_ats.client().get("/api/ats/candidates").status_code == 401
    assert APIClient(HTTP_X_API_KEY=new_raw).get("/api/ats/candidates").status_code == 200


def test_rotate_endpoint_returns_the_new_key_once(acme_ats, admin_a, api_as):
    response = api_as(admin_a).post(f"/api/ats/keys/{acme_ats.api_key.pk}/rotate", {"grace_hours": 0})
    assert response.status_code == 201
    new_raw = response.json()["api_key"]
    assert APIClient(HTTP_X_API_KEY=new_raw).get("/api/ats/candidates").status_code == 200
    assert acme_ats.client().get("/api/ats/candidates").status_code == 401


def test_admin_of_another_org_cannot_revoke_the_key(acme_ats, admin_b, api_as):
    response = api_as(admin_b).post(f"/api/ats/keys/{acme_ats.api_key.pk}/revoke")
    assert response.status_code == 404
    assert ApiKey.objects.get(pk=acme_ats.api_key.pk).revoked_at is None


def test_key_without_a_scope_gets_403_on_that_operation(org_a, admin_a):
    reader = make_partner(org_a, admin_a, "Read-only BI", scopes=["candidates:read"])
    client = reader.client()

    assert client.get("/api/ats/candidates").status_code == 200
    response = client.post("/api/ats/candidates/sync", NEW, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "PERMISSION_DENIED"
    assert "candidates:write" in response.json()["detail"]
    assert client.get("/api/ats/scorecards/export").status_code == 403
    assert not Candidate.objects.exists()


def test_scopes_apply_on_the_v1_api_too(org_a, admin_a, candidate_a, job_a):
    reader = make_partner(org_a, admin_a, "Jobs board", scopes=["jobs:read"])
    client = reader.client()
    assert client.get("/api/v1/jobs").status_code == 200
    assert client.get("/api/v1/candidates").status_code == 403
    assert client.post("/api/v1/jobs", {"title": "Sneaky"}, format="json").status_code == 403
    # Views that declare no scope refuse API keys altogether.
    assert client.get("/api/v1/users/me").status_code == 403


def test_unknown_scopes_are_rejected(api_as, admin_a):
    response = api_as(admin_a).post("/api/ats/integrations/register", {"name": "X", "scopes": ["root"]}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "INVALID_SCOPE"
    assert not PartnerIntegration.objects.exists()


def test_last_used_at_is_recorded(acme_ats):
    assert acme_ats.api_key.last_used_at is None
    acme_ats.client().get("/api/ats/candidates")
    assert ApiKey.objects.get(pk=acme_ats.api_key.pk).last_used_at is not None


def test_create_api_key_service_for_the_dashboard(org_a, admin_a):
    api_key, raw_key = api_keys.create_api_key(
        organization=org_a, name="Dashboard key", scopes=["matches:read"], created_by=admin_a
    )
    assert raw_key.startswith("ats_") and api_key.scopes == ["matches:read"]
    assert api_keys.find_usable_api_key(raw_key=raw_key) == api_key
    api_keys.revoke_api_key(api_key=api_key, actor=admin_a)
    assert api_keys.find_usable_api_key(raw_key=raw_key) is None
    assert list(ApiKeyAuditLog.objects.filter(api_key=api_key).values_list("action", flat=True)) == [
        "revoked",
        "created",
    ]
