"""Each recruiting rule lives in its service: every edge (API, page, admin) gets the same answer from there."""

import pytest

from recruiting import services
from recruiting.errors import DomainError
from recruiting.models import Application, Job, Scorecard, User
from tests.factories import CandidateFactory, InterviewFactory


def test_a_job_cannot_be_created_with_the_maximum_salary_below_the_minimum(org_a, recruiter_a):
    with pytest.raises(DomainError) as refused:
        services.create_job(
            organization=org_a,
            created_by=recruiter_a,
            title="Data Engineer, São Paulo",
            location="São Paulo, Brazil",
            salary_min=120000,
            salary_max=90000,
        )
    assert (refused.value.field, refused.value.code) == ("salary_max", "SALARY_RANGE")
    assert not Job.objects.filter(organization=org_a).exists()


def test_a_job_cannot_be_updated_to_an_inverted_salary_range(job_a):
    job_a.salary_min, job_a.salary_max = 80000, 100000
    job_a.save()
    with pytest.raises(DomainError, match="at least the minimum"):
        services.update_job(job=job_a, salary_min=150000)
    job_a.refresh_from_db()
    assert (job_a.salary_min, job_a.salary_max) == (80000, 100000)


def test_an_equal_minimum_and_maximum_salary_is_a_fixed_salary(org_a):
    job = services.create_job(organization=org_a, title="Recruiter, Berlin", salary_min=70000, salary_max=70000)
    assert job.salary_min == job.salary_max == 70000


@pytest.mark.parametrize("change", [{"role": User.Role.VIEWER}, {"is_active": False}])
def test_an_admin_cannot_demote_or_deactivate_themselves(admin_a, change):
    with pytest.raises(DomainError) as refused:
        services.update_user(user=admin_a, actor=admin_a, **change)
    assert refused.value.code == "SELF_DEMOTION"
    admin_a.refresh_from_db()
    assert (admin_a.role, admin_a.is_active) == (User.Role.ADMIN, True)


def test_an_admin_can_demote_another_admin(admin_a, org_a):
    other = services.create_user(
        organization=org_a, email="zoe.oconnor@acme.test", password="zoë-o'connor-42", role=User.Role.ADMIN
    )
    services.update_user(user=other, actor=admin_a, role=User.Role.RECRUITER)
    other.refresh_from_db()
    assert other.role == User.Role.RECRUITER


def test_a_candidate_is_added_to_a_pipeline_only_once(application_a, recruiter_a):
    with pytest.raises(DomainError) as refused:
        services.create_application(job=application_a.job, candidate=application_a.candidate, actor=recruiter_a)
    assert (refused.value.field, refused.value.code) == ("candidate", "ALREADY_IN_PIPELINE")
    assert Application.objects.filter(job=application_a.job, candidate=application_a.candidate).count() == 1


def test_the_same_candidate_can_join_another_job(application_a, org_a, recruiter_a):
    other_job = services.create_job(organization=org_a, title="Product Designer", location="Berlin, Germany")
    services.create_application(job=other_job, candidate=application_a.candidate, actor=recruiter_a)
    assert Application.objects.filter(candidate=application_a.candidate).count() == 2


def test_an_interviewer_submits_one_scorecard_per_interview(application_a, manager_a):
    interview = InterviewFactory(application=application_a)
    services.submit_scorecard(
        interview=interview, interviewer=manager_a, ratings={"technical": 4}, recommendation="yes", feedback="Solid."
    )
    with pytest.raises(DomainError) as refused:
        services.submit_scorecard(
            interview=interview, interviewer=manager_a, ratings={"technical": 2}, recommendation="no", feedback=""
        )
    assert (refused.value.field, refused.value.code) == ("interview", "ALREADY_SUBMITTED")
    assert Scorecard.objects.get(interview=interview).recommendation == "yes"


def test_a_new_candidate_named_with_accents_joins_the_pipeline(job_a, org_a, recruiter_a):
    candidate = CandidateFactory(organization=org_a, first_name="José", last_name="Álvarez")
    application = services.create_application(job=job_a, candidate=candidate, actor=recruiter_a)
    assert application.stage == services.first_stage(org_a)
