"""Another organization's rows are invisible: every endpoint answers 404 and changes nothing."""

import pytest

from recruiting.models import Application, Candidate, Feedback, Interview, Job, Note, Scorecard
from tests.factories import InterviewFactory, ScorecardFactory


@pytest.fixture
def rows_of_org_b(admin_b, job_b, candidate_b, application_b):
    interview = InterviewFactory(application=application_b, interviewers=[admin_b])
    return {
        "jobs": job_b,
        "candidates": candidate_b,
        "applications": application_b,
        "interviews": interview,
        "scorecards": ScorecardFactory(interview=interview, interviewer=admin_b),
        "feedback": Feedback.objects.create(organization=job_b.organization, candidate=candidate_b, text="Great"),
        "notes": Note.objects.create(organization=job_b.organization, candidate=candidate_b, body="Call back"),
    }


PATCHES = {
    "jobs": {"title": "Hijacked"},
    "candidates": {"first_name": "Hijacked"},
    "applications": {"source": "hijacked"},
    "interviews": {"location": "Hijacked"},
    "scorecards": {"feedback": "Hijacked"},
    "feedback": {"text": "Hijacked"},
    "notes": {"body": "Hijacked"},
}
MODELS = {
    "jobs": Job,
    "candidates": Candidate,
    "applications": Application,
    "interviews": Interview,
    "scorecards": Scorecard,
    "feedback": Feedback,
    "notes": Note,
}


@pytest.mark.parametrize("resource", list(PATCHES))
def test_reading_updating_or_deleting_another_orgs_row_is_404_and_changes_nothing(
    resource, rows_of_org_b, admin_a, api_as
):
    row = rows_of_org_b[resource]
    before = MODELS[resource].objects.filter(pk=row.pk).values().get()
    client = api_as(admin_a)
    url = f"/api/v1/{resource}/{row.pk}"
    for response in (
        client.get(url),
        client.patch(url, PATCHES[resource], format="json"),
        client.put(url, PATCHES[resource], format="json"),
        client.delete(url),
    ):
        assert response.status_code in (404, 405), response.content
        if response.status_code == 404:
            assert response.json() == {"detail": "Not found.", "code": "NOT_FOUND"}
    assert MODELS[resource].objects.filter(pk=row.pk).values().get() == before


@pytest.mark.parametrize("resource", list(PATCHES))
def test_lists_show_only_the_callers_organization(resource, rows_of_org_b, admin_a, api_as):
    response = api_as(admin_a).get(f"/api/v1/{resource}")
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_other_org_sees_its_own_rows(rows_of_org_b, admin_b, api_as):
    client = api_as(admin_b)
    for resource in PATCHES:
        assert client.get(f"/api/v1/{resource}").json()["count"] == 1, resource


def test_cannot_attach_another_orgs_candidate_or_job(admin_a, job_a, candidate_b, api_as):
    response = api_as(admin_a).post("/api/v1/applications", {"job": job_a.pk, "candidate": candidate_b.pk})
    assert response.status_code == 400
    assert "candidate" in response.json()["errors"]
    assert not Application.objects.filter(candidate=candidate_b).exists()


def test_cannot_move_another_orgs_application(admin_a, application_b, api_as):
    response = api_as(admin_a).post(f"/api/v1/applications/{application_b.pk}/move", {"stage": "interview"})
    assert response.status_code == 404
    application_b.refresh_from_db()
    assert application_b.stage.key == "applied"


def test_filtering_by_another_orgs_id_reveals_nothing(admin_a, application_b, api_as):
    response = api_as(admin_a).get(f"/api/v1/applications?job={application_b.job_id}")
    assert response.status_code == 200
    assert response.json()["count"] == 0
