"""Every page needs a signed-in member, shows only their organization, and respects roles."""

import pytest

from recruiting.models import Job, StageChange, User
from tests.factories import InterviewFactory

PAGES = [
    "/",
    "/jobs/",
    "/jobs/new/",
    "/candidates/",
    "/candidates/new/",
    "/interviews/",
    "/settings/users/",
]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_sends_anonymous_visitors_to_sign_in(client, db, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_object_pages_send_anonymous_visitors_to_sign_in(client, application_a):
    for url in [f"/jobs/{application_a.job_id}/", f"/candidates/{application_a.candidate_id}/"]:
        assert client.get(url)["Location"].startswith("/accounts/login/")


def test_user_without_organization_gets_404(page_as, db):
    loner = User.objects.create_user(email="loner@nowhere.test", password="x" * 12)
    assert page_as(loner).get("/").status_code == 404


def test_another_organizations_objects_are_404_on_every_page(page_as, recruiter_a, application_b, admin_b):
    interview_b = InterviewFactory(application=application_b, interviewers=[admin_b])
    client = page_as(recruiter_a)
    for url in [
        f"/jobs/{application_b.job_id}/",
        f"/jobs/{application_b.job_id}/edit/",
        f"/candidates/{application_b.candidate_id}/",
        f"/candidates/{application_b.candidate_id}/edit/",
        f"/applications/{application_b.pk}/interviews/new/",
        f"/interviews/{interview_b.pk}/scorecard/",
    ]:
        assert client.get(url).status_code == 404, url


def test_moving_another_organizations_application_is_404_and_changes_nothing(page_as, recruiter_a, application_b):
    response = page_as(recruiter_a).post(f"/applications/{application_b.pk}/move/", {"stage": "interview"})
    assert response.status_code == 404
    application_b.refresh_from_db()
    assert application_b.stage.key == "applied"
    assert StageChange.objects.filter(application=application_b).count() == 1


def test_adding_another_organizations_candidate_to_a_pipeline_is_refused(page_as, recruiter_a, job_a, candidate_b):
    response = page_as(recruiter_a).post("/applications/new/", {"candidate": candidate_b.pk, "job": job_a.pk})
    assert response.status_code == 302
    assert not job_a.applications.exists()


def test_lists_show_only_the_callers_organization(page_as, recruiter_a, job_a, job_b, candidate_a, candidate_b):
    client = page_as(recruiter_a)
    jobs = client.get("/jobs/").content.decode()
    assert job_a.title in jobs and job_b.title not in jobs
    candidates = client.get("/candidates/").content.decode()
    assert candidate_a.email in candidates and candidate_b.email not in candidates


def test_viewer_reads_but_cannot_create_a_job(page_as, viewer_a, job_a):
    client = page_as(viewer_a)
    assert client.get("/jobs/").status_code == 200
    assert client.get(f"/jobs/{job_a.pk}/").status_code == 200
    assert client.get("/jobs/new/").status_code == 403
    response = client.post("/jobs/new/", {"title": "Sneaky", "status": "open"})
    assert response.status_code == 403
    assert not Job.objects.filter(title="Sneaky").exists()


def test_viewer_cannot_move_a_card(page_as, viewer_a, application_a):
    response = page_as(viewer_a).post(f"/applications/{application_a.pk}/move/", {"stage": "interview"})
    assert response.status_code == 403
    application_a.refresh_from_db()
    assert application_a.stage.key == "applied"


def test_viewer_sees_no_write_buttons(page_as, viewer_a, application_a):
    page = page_as(viewer_a).get(f"/jobs/{application_a.job_id}/").content.decode()
    assert "Edit job" not in page
    assert 'data-can-move="false"' in page


def test_hiring_manager_schedules_interviews_but_cannot_edit_jobs(page_as, manager_a, application_a):
    client = page_as(manager_a)
    assert client.get(f"/applications/{application_a.pk}/interviews/new/").status_code == 200
    assert client.get(f"/jobs/{application_a.job_id}/edit/").status_code == 403


@pytest.mark.parametrize("actor", ["recruiter_a", "manager_a", "viewer_a"])
def test_only_admins_open_user_settings(page_as, request, actor):
    assert page_as(request.getfixturevalue(actor)).get("/settings/users/").status_code == 403


def test_admin_navigation_is_shown_only_to_admins(page_as, admin_a, recruiter_a):
    assert "Users &amp; roles" in page_as(admin_a).get("/").content.decode()
    assert "Users &amp; roles" not in page_as(recruiter_a).get("/").content.decode()


def test_not_found_and_not_allowed_pages_use_the_dashboard_layout(page_as, viewer_a):
    client = page_as(viewer_a)
    missing = client.get("/jobs/999999/")
    assert missing.status_code == 404 and "We could not find that page" in missing.content.decode()
    denied = client.get("/jobs/new/")
    assert denied.status_code == 403 and "Your role does not allow this" in denied.content.decode()
