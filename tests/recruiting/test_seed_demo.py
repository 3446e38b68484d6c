"""seed_demo creates a usable, isolated demo organization and is idempotent."""

from django.core.management import call_command
from rest_framework.test import APIClient

from recruiting.models import Application, Candidate, Interview, Job, Organization, Scorecard, StageChange, User


def _counts():
    return [
        model.objects.count() for model in (Organization, User, Job, Candidate, Application, StageChange, Scorecard)
    ]


def test_seed_demo_is_idempotent_and_two_orgs_stay_apart(db):
    call_command("seed_demo", candidates=120)
    first = _counts()
    call_command("seed_demo", candidates=120)
    assert _counts() == first
    call_command("seed_demo", org="Other Corp", email="admin@other.test", candidates=50)

    demo = Organization.objects.get(name="Demo Corp")
    assert Candidate.objects.for_org(demo).count() == 120
    assert Job.objects.for_org(demo).count() >= 10
    assert Application.objects.for_org(demo).exists() and Interview.objects.for_org(demo).exists()
    assert Scorecard.objects.for_org(demo).exists()
    assert User.objects.get(email="admin@demo.test").role == "admin"
    assert User.objects.get(email="recruiter@demo.test").role == "recruiter"

    for email, org_name in (("admin@demo.test", "Demo Corp"), ("admin@other.test", "Other Corp")):
        client = APIClient()
        tokens = client.post("/api/v1/auth/login", {"email": email, "password": "demo-password"}, format="json")
        assert tokens.status_code == 200
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens.json()['access_token']}")
        organization = Organization.objects.get(name=org_name)
        assert client.get("/api/v1/candidates").json()["count"] == Candidate.objects.for_org(organization).count()
        assert client.get("/api/v1/jobs").json()["count"] == Job.objects.for_org(organization).count()


def test_seed_demo_tops_up_to_a_larger_count(db):
    call_command("seed_demo", candidates=30)
    call_command("seed_demo", candidates=70)
    assert Candidate.objects.count() == 70
    assert len(set(Candidate.objects.values_list("external_id", flat=True))) == 70


def test_seeded_candidates_have_derived_skill_keys(db):
    call_command("seed_demo", candidates=20)
    candidate = Candidate.objects.first()
    assert candidate.skills and candidate.skill_keys == [s.lower() for s in candidate.skills]
