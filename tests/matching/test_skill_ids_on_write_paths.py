"""Every write path keeps canonical skill ids on candidates and jobs, so ranking never parses text."""

from io import StringIO

from django.contrib.admin.sites import site
from django.core.management import call_command
from django.test import RequestFactory

from recruiting import services
from recruiting.admin import CandidateAdmin
from recruiting.demo import seed_demo
from recruiting.models import Candidate, Job
from recruiting.skills import resolve_skills
from tests.factories import CandidateFactory, JobFactory


def test_candidate_created_through_the_api_gets_canonical_ids(api_as, recruiter_a):
    response = api_as(recruiter_a).post(
        "/api/v1/candidates",
        {"first_name": "Ada", "last_name": "L", "email": "ada@example.com", "skills": ["python3", "Postgres", "k8s"]},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert Candidate.objects.get(pk=response.json()["id"]).skill_ids == ["python", "postgresql", "kubernetes"]


def test_candidate_updated_through_the_api_gets_new_ids(api_as, recruiter_a, org_a):
    candidate = CandidateFactory(organization=org_a, skills=["Java"])
    response = api_as(recruiter_a).patch(f"/api/v1/candidates/{candidate.pk}", {"skills": ["JS", "ReactJS"]})
    assert response.status_code == 200, response.content
    candidate.refresh_from_db()
    assert candidate.skill_ids == ["javascript", "react"]


def test_saving_only_the_skills_field_also_writes_the_ids(org_a):
    candidate = CandidateFactory(organization=org_a, skills=["Java"])
    candidate.skills = ["C#", "csharp", ".NET"]
    candidate.save(update_fields=["skills"])
    candidate.refresh_from_db()
    assert candidate.skill_ids == ["csharp", "dotnet"]


def test_bulk_create_and_bulk_upsert_write_ids_through_set_skills(org_a):
    candidate = Candidate(organization=org_a, first_name="B", last_name="K", email="b@example.com")
    candidate.set_skills(["ML", "pytorch"])
    Candidate.objects.bulk_create([candidate])
    stored = Candidate.objects.get(email="b@example.com")
    assert stored.skill_ids == ["machine-learning", "pytorch"]
    stored.set_skills(["Golang"])
    Candidate.objects.bulk_update([stored], list(Candidate.SKILL_FIELDS))
    stored.refresh_from_db()
    assert stored.skill_ids == ["go"]


def test_admin_save_writes_ids(org_a, admin_a):
    candidate = CandidateFactory(organization=org_a, skills=["Java"])
    candidate.skills = ["React.js"]
    request = RequestFactory().post("/admin/")
    request.user = admin_a
    CandidateAdmin(Candidate, site).save_model(request, candidate, form=None, change=True)
    candidate.refresh_from_db()
    assert candidate.skill_ids == ["react"]


def test_seed_demo_candidates_and_jobs_carry_ids(db):
    result = seed_demo(org_name="Seeded", admin_email="admin@seeded.test", password="demo-password", candidates=60)
    candidates = list(Candidate.objects.for_org(result.organization))
    assert len(candidates) == 60
    for candidate in candidates:
        assert candidate.skill_ids == resolve_skills(candidate.skills)
        assert candidate.skill_ids
    for job in Job.objects.for_org(result.organization):
        assert job.required_skill_ids == resolve_skills(job.required_skills)


def test_job_written_through_the_api_and_services_gets_ids(api_as, recruiter_a, org_a):
    response = api_as(recruiter_a).post(
        "/api/v1/jobs",
        {"title": "Full-Stack", "required_skills": ["Python", "k8s"], "nice_to_have_skills": ["TS", "Kubernetes"]},
        format="json",
    )
    assert response.status_code == 201, response.content
    job = Job.objects.get(pk=response.json()["id"])
    assert job.required_skill_ids == ["python", "kubernetes"]
    # Kubernetes is already required: it is not also counted as a bonus.
    assert job.nice_to_have_skill_ids == ["typescript"]
    services.update_job(job=job, required_skills=["Java"])
    job.refresh_from_db()
    assert job.required_skill_ids == ["java"]


def test_job_saved_with_update_fields_refreshes_ids(org_a):
    job = JobFactory(organization=org_a, required_skills=["Python"])
    job.required_skills = ["Postgres"]
    job.save(update_fields=["required_skills"])
    job.refresh_from_db()
    assert job.required_skill_ids == ["postgresql"]


def test_resolve_skill_ids_command_refreshes_stale_ids_and_bumps_updated_at(org_a):
    candidate = CandidateFactory(organization=org_a, skills=["k8s"])
    job = JobFactory(organization=org_a, required_skills=["Postgres"], nice_to_have_skills=[])
    Candidate.objects.filter(pk=candidate.pk).update(skill_ids=["x:k8s"])
    Job.objects.filter(pk=job.pk).update(required_skill_ids=[])
    before = Candidate.objects.get(pk=candidate.pk).updated_at
    out = StringIO()
    call_command("resolve_skill_ids", stdout=out)
    candidate.refresh_from_db()
    job.refresh_from_db()
    assert candidate.skill_ids == ["kubernetes"] and candidate.updated_at > before
    assert job.required_skill_ids == ["postgresql"]
    assert "1 candidates and 1 jobs" in out.getvalue()
    call_command("resolve_skill_ids", stdout=out)
    assert "0 candidates and 0 jobs" in out.getvalue()
