"""Partner keys reach matching and notifications through the same scope convention as the ATS API."""

from integrations.models import Notification
from tests.ats.conftest import make_partner
from tests.factories import CandidateFactory, JobFactory


def test_a_key_with_matches_read_ranks_candidates_and_one_without_is_refused(org_a, admin_a):
    job = JobFactory(organization=org_a, required_skills=["Python"])
    CandidateFactory(organization=org_a, skills=["python3"])
    reader = make_partner(org_a, admin_a, "Ranker", scopes=["matches:read"])
    writer = make_partner(org_a, admin_a, "Writer", scopes=["candidates:write"])

    allowed = reader.client().get(f"/api/v1/match/{job.pk}/top?limit=5")
    assert allowed.status_code == 200, allowed.content
    assert allowed.json()["matches"][0]["matched_skills"] == ["Python"]

    refused = writer.client().get(f"/api/v1/match/{job.pk}/top?limit=5")
    assert refused.status_code == 403
    assert refused.json()["code"] == "PERMISSION_DENIED"


def test_another_orgs_key_gets_404_for_a_job_it_does_not_own(org_a, admin_a, org_b, admin_b):
    job = JobFactory(organization=org_a)
    outsider = make_partner(org_b, admin_b, "Outsider", scopes=["matches:read"])
    response = outsider.client().get(f"/api/v1/match/{job.pk}/top")
    assert response.status_code == 404
    assert response.json()["code"] == "NOT_FOUND"


def test_a_partner_with_notifications_write_notifies_a_member(org_a, admin_a, recruiter_a):
    partner = make_partner(org_a, admin_a, "Notifier", scopes=["notifications:write"])
    response = partner.client().post(
        "/api/v1/notifications/send",
        {"user_id": recruiter_a.pk, "title": "Candidate withdrew", "message": "Ada withdrew from Backend."},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert Notification.objects.get().user == recruiter_a


def test_a_partner_without_notifications_write_is_refused_and_nothing_is_sent(org_a, admin_a, recruiter_a):
    partner = make_partner(org_a, admin_a, "Reader", scopes=["candidates:read"])
    response = partner.client().post(
        "/api/v1/notifications/send", {"user_id": recruiter_a.pk, "title": "Hi"}, format="json"
    )
    assert response.status_code == 403
    assert not Notification.objects.exists()


def test_keys_never_manage_webhooks_or_integrations(org_a, admin_a):
    partner = make_partner(org_a, admin_a, "Full", scopes=None)
    for path in ("/api/v1/integrations", "/api/v1/integrations/webhooks", "/api/v1/users"):
        response = partner.client().post(path, {"name": "x"}, format="json")
        assert response.status_code in (401, 403), (path, response.status_code)
