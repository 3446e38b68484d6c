"""A closed job's pipeline is read-only: no "Add to pipeline" on its pages, moves and adds refused with a code."""

import pytest

from recruiting import services
from recruiting.models import Application, Job, OutboxEvent, StageChange
from tests.factories import CandidateFactory, JobFactory


@pytest.fixture
def closed_job(org_a):
    return JobFactory(organization=org_a, title="Data Engineer – Berlin, Germany", status=Job.Status.CLOSED)


@pytest.fixture
def jose(org_a):
    return CandidateFactory(organization=org_a, first_name="José", last_name="Álvarez", location="São Paulo, Brazil")


@pytest.fixture
def application_on_closed_job(org_a, jose):
    job = JobFactory(organization=org_a, title="Data Engineer – Berlin, Germany")
    application = services.create_application(job=job, candidate=jose)
    Job.objects.filter(pk=job.pk).update(status=Job.Status.CLOSED)
    return application


def _history(application):
    return list(StageChange.objects.filter(application=application).values_list("to_stage__key", flat=True))


def test_the_service_refuses_to_add_to_a_closed_job(closed_job, jose):
    with pytest.raises(services.PipelineRuleError) as refused:
        services.create_application(job=closed_job, candidate=jose)
    assert refused.value.code == "JOB_CLOSED"
    assert not Application.objects.filter(job=closed_job).exists()


def test_api_refuses_to_move_an_application_of_a_closed_job(recruiter_a, application_on_closed_job, api_as):
    events = OutboxEvent.objects.count()

    response = api_as(recruiter_a).post(
        f"/api/v1/applications/{application_on_closed_job.pk}/move", {"stage": "interview"}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["code"] == "JOB_CLOSED"
    assert "closed" in response.json()["detail"]
    assert Application.objects.get(pk=application_on_closed_job.pk).stage.key == "applied"
    assert _history(application_on_closed_job) == ["applied"]
    assert OutboxEvent.objects.count() == events


def test_api_refuses_to_add_a_candidate_to_a_closed_job(recruiter_a, closed_job, jose, api_as):
    response = api_as(recruiter_a).post(
        "/api/v1/applications", {"candidate": jose.pk, "job": closed_job.pk}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["code"] == "JOB_CLOSED"
    assert not Application.objects.filter(job=closed_job).exists()


def test_closed_job_page_offers_no_add_to_pipeline_and_no_moves(page_as, recruiter_a, application_on_closed_job, jose):
    CandidateFactory(organization=jose.organization, first_name="Zoë", last_name="O'Connor", skills=["Python"])

    page = page_as(recruiter_a).get(f"/jobs/{application_on_closed_job.job_id}/").content.decode()

    assert "to pipeline" not in page
    assert f'action="/applications/{application_on_closed_job.pk}/move/"' not in page
    assert 'data-can-move="false"' in page
    assert "This job is closed" in page


def test_moving_on_a_closed_job_page_flashes_why_and_changes_nothing(page_as, recruiter_a, application_on_closed_job):
    response = page_as(recruiter_a).post(
        f"/applications/{application_on_closed_job.pk}/move/", {"stage": "offer"}, follow=True
    )

    assert "is closed: reopen the job to change its pipeline." in response.content.decode()
    assert Application.objects.get(pk=application_on_closed_job.pk).stage.key == "applied"
    assert _history(application_on_closed_job) == ["applied"]
