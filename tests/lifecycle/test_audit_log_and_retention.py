"""The audit log (one row per security-relevant action, readable by admins) and the retention of rejected candidates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from ats.services import api_keys
from integrations.services.integrations import create_integration, delete_integration
from recruiting import lifecycle, services
from recruiting.models import Application, AuditEntry, Candidate, PipelineStage, User
from tests.factories import CandidateFactory, JobFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/audit-log"


def _actions(org) -> list[str]:
    return list(AuditEntry.objects.for_org(org).order_by("id").values_list("action", flat=True))


@pytest.fixture
def fresh_log(org_a, org_b, admin_a, admin_b, recruiter_a):
    """The actors exist (their creation is audited too); each test starts reading an empty log."""
    AuditEntry.objects.all().delete()


def test_api_key_changes_are_in_the_audit_log(fresh_log, org_a, admin_a):
    _, key, _ = api_keys.register_integration(organization=org_a, name="Greenhouse", created_by=admin_a)
    successor, _ = api_keys.rotate_api_key(api_key=key, actor=admin_a)
    api_keys.revoke_api_key(api_key=successor, actor=admin_a)
    assert {"api_key.created", "api_key.rotated", "api_key.revoked"} == set(_actions(org_a))
    assert all(entry.actor == admin_a for entry in AuditEntry.objects.for_org(org_a))
    # Revoking the successor also ends the old key's grace period: both are revoked, both audited.
    revoked = AuditEntry.objects.for_org(org_a).filter(action="api_key.revoked")
    assert {(entry.target_type, entry.target_id) for entry in revoked} == {
        ("api_key", str(successor.pk)),
        ("api_key", str(key.pk)),
    }


def test_role_changes_and_deactivations_are_in_the_audit_log(fresh_log, org_a, admin_a, recruiter_a):
    services.update_user(user=recruiter_a, actor=admin_a, role=User.Role.HIRING_MANAGER)
    services.update_user(user=recruiter_a, actor=admin_a, is_active=False)
    services.update_user(user=recruiter_a, actor=admin_a, first_name="Siobhán")  # not security-relevant
    assert _actions(org_a) == ["user.role_changed", "user.deactivated"]
    assert set(AuditEntry.objects.for_org(org_a).values_list("target_id", flat=True)) == {str(recruiter_a.pk)}


def test_a_role_change_in_the_dashboard_is_audited_with_the_admin_as_actor(fresh_log, org_a, admin_a, recruiter_a):
    page = Client()
    page.force_login(admin_a)
    response = page.post(f"/settings/users/{recruiter_a.pk}/role/", {"role": "admin"})
    assert response.status_code in (302, 303), response.content[:300]
    entry = AuditEntry.objects.for_org(org_a).get(action="user.role_changed")
    assert entry.actor == admin_a


def test_integration_disconnects_are_in_the_audit_log(fresh_log, org_a, admin_a, api_as):
    integration = create_integration(organization=org_a, created_by=admin_a, provider="greenhouse", name="Greenhouse")
    assert api_as(admin_a).delete(f"/api/v1/integrations/{integration.pk}").status_code == 204
    entry = AuditEntry.objects.for_org(org_a).get(action="integration.disconnected")
    assert (entry.actor, entry.target_id) == (admin_a, str(integration.pk))


def test_admins_read_the_log_filtered_and_newest_first(fresh_log, org_a, org_b, admin_a, admin_b, recruiter_a, api_as):
    candidate = CandidateFactory(organization=org_a)
    lifecycle.export_candidate(candidate=candidate, actor=admin_a, ip_address="203.0.113.9")
    services.update_user(user=recruiter_a, actor=admin_a, role=User.Role.VIEWER)
    other = create_integration(organization=org_b, created_by=admin_b, provider="greenhouse", name="Lever")
    delete_integration(integration=other, actor=admin_b)

    body = api_as(admin_a).get(URL).json()
    assert [row["action"] for row in body["results"]] == ["user.role_changed", "candidate.exported"]
    exported = body["results"][1]
    assert exported["actor"] == {"id": admin_a.pk, "email": admin_a.email}
    assert (exported["target_type"], exported["target_id"], exported["ip_address"]) == (
        "candidate",
        str(candidate.pk),
        "203.0.113.9",
    )
    # No personal payload: the entry names the candidate by id only.
    assert candidate.email not in str(body) and candidate.last_name not in str(body)

    only_users = api_as(admin_a).get(URL, {"action": "user."}).json()["results"]
    assert [row["action"] for row in only_users] == ["user.role_changed"]
    assert api_as(admin_a).get(URL, {"since": "2999-01-01T00:00:00Z"}).json()["results"] == []


def test_recruiters_may_not_read_the_log_and_keys_need_the_scope(fresh_log, org_a, admin_a, recruiter_a, api_as):
    assert api_as(recruiter_a).get(URL).status_code == 403
    _, _, without = api_keys.register_integration(
        organization=org_a, name="Sync", created_by=admin_a, scopes=["candidates:read"]
    )
    _, _, auditor = api_keys.register_integration(
        organization=org_a, name="SIEM", created_by=admin_a, scopes=["audit:read"]
    )
    assert APIClient(HTTP_X_API_KEY=without).get(URL).status_code == 403
    response = APIClient(HTTP_X_API_KEY=auditor).get(URL)
    assert response.status_code == 200
    assert {row["action"] for row in response.json()["results"]} == {"api_key.created"}


def test_a_key_registered_without_scopes_cannot_read_the_audit_log(fresh_log, org_a, admin_a, api_as):
    registered = api_as(admin_a).post("/api/ats/integrations/register", {"name": "Greenhouse sync"}, format="json")
    assert registered.status_code == 201
    assert "audit:read" not in registered.json()["scopes"]
    assert "candidates:write" in registered.json()["scopes"]
    assert APIClient(HTTP_X_API_KEY=registered.json()["api_key"]).get(URL).status_code == 403


@pytest.fixture
def rejected_long_ago(org_a, recruiter_a):
    job = JobFactory(organization=org_a)
    rejected = PipelineStage.objects.for_org(org_a).get(key="rejected")

    def make(email: str, *, days_ago: int, still_active_elsewhere: bool = False) -> Candidate:
        candidate = services.create_candidate(
            organization=org_a, first_name="Amélie", last_name="D'Arcy", email=email, location="Lyon, France"
        )
        application = services.create_application(job=job, candidate=candidate, actor=recruiter_a)
        Application.objects.filter(pk=application.pk).update(
            stage=rejected, stage_changed_at=timezone.now() - timedelta(days=days_ago)
        )
        if still_active_elsewhere:
            services.create_application(job=JobFactory(organization=org_a), candidate=candidate, actor=recruiter_a)
        return candidate

    return make


def test_retention_anonymises_candidates_rejected_longer_ago_than_the_setting(rejected_long_ago, settings, org_a):
    settings.RETENTION_REJECTED_CANDIDATES_DAYS = 365
    old = rejected_long_ago("old@example.fr", days_ago=400)
    recent = rejected_long_ago("recent@example.fr", days_ago=30)
    active = rejected_long_ago("active@example.fr", days_ago=400, still_active_elsewhere=True)
    never_applied = CandidateFactory(organization=org_a, email="pool@example.fr")

    assert lifecycle.erase_rejected_past_retention() == 1
    assert lifecycle.erase_rejected_past_retention() == 0  # idempotent: erased ones are not erased again

    old.refresh_from_db()
    assert (old.first_name, old.location) == ("Erased", "")
    assert old.applications.get().stage.key == "rejected"  # the non-personal facts stay
    for kept in (recent, active, never_applied):
        kept.refresh_from_db()
        assert kept.first_name != "Erased"
    entry = AuditEntry.objects.for_org(org_a).get(action="candidate.erased_retention")
    assert (entry.actor, entry.target_id) == (None, str(old.pk))


def test_retention_is_off_unless_configured(rejected_long_ago, settings):
    settings.RETENTION_REJECTED_CANDIDATES_DAYS = 0
    rejected_long_ago("old@example.fr", days_ago=4000)
    assert lifecycle.erase_rejected_past_retention() == 0


def test_the_retention_task_is_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["recruiting-erase-rejected-past-retention"]
    assert entry["task"] == "recruiting.erase_rejected_past_retention"
    from celery import current_app

    import recruiting.tasks  # noqa: F401 - the worker imports it through autodiscovery

    assert "recruiting.erase_rejected_past_retention" in current_app.tasks
