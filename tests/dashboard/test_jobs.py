"""Jobs: list with search and status, create/edit forms with field errors, the pipeline board."""

from recruiting.models import Application, Job, OutboxEvent, StageChange
from tests.factories import ApplicationFactory, CandidateFactory, JobFactory

VALID_JOB = {
    "title": "Staff Data Engineer",
    "department": "Data",
    "location": "Lisbon, Portugal",
    "remote_policy": "remote",
    "employment_type": "full_time",
    "experience_level": "senior",
    "status": "open",
    "salary_min": "90000",
    "salary_max": "120000",
    "salary_currency": "EUR",
    "required_skills": "Python, Spark, SQL",
    "nice_to_have_skills": "dbt",
    "description": "Own the data platform.",
}


def test_recruiter_creates_a_job_and_lands_on_its_page(page_as, recruiter_a, org_a):
    response = page_as(recruiter_a).post("/jobs/new/", VALID_JOB, follow=True)
    job = Job.objects.for_org(org_a).get(title="Staff Data Engineer")
    assert response.redirect_chain[-1][0] == f"/jobs/{job.pk}/"
    assert job.required_skills == ["Python", "Spark", "SQL"]
    assert job.created_by == recruiter_a
    assert "Job “Staff Data Engineer” created." in response.content.decode()
    assert OutboxEvent.objects.filter(name="job.created", data__job_id=job.pk).exists()


def test_job_form_shows_errors_next_to_the_fields_and_keeps_input(page_as, recruiter_a, org_a):
    data = VALID_JOB | {"title": "", "salary_min": "130000", "status": "bogus"}
    response = page_as(recruiter_a).post("/jobs/new/", data)
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["title"] == ["This field is required."]
    assert form.errors["salary_max"] == ["The maximum salary must be at least the minimum."]
    assert "status" in form.errors
    html = response.content.decode()
    assert 'class="field-error" id="id_title_error"' in html
    assert 'value="Lisbon, Portugal"' in html
    assert not Job.objects.for_org(org_a).exists()


def test_editing_a_job_saves_and_records_the_opening(page_as, recruiter_a, org_a):
    job = JobFactory(organization=org_a, status="draft", title="Draft role")
    response = page_as(recruiter_a).post(f"/jobs/{job.pk}/edit/", VALID_JOB | {"title": "Open role"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.title, job.status) == ("Open role", "open")
    assert OutboxEvent.objects.filter(name="job.opened", data__job_id=job.pk).exists()


def test_job_list_searches_titles_and_filters_by_status(page_as, recruiter_a, org_a):
    JobFactory(organization=org_a, title="Python Developer")
    JobFactory(organization=org_a, title="Python Lead", status="closed")
    JobFactory(organization=org_a, title="Designer")
    client = page_as(recruiter_a)
    titles = [job.title for job in client.get("/jobs/?q=python").context["page"]]
    assert sorted(titles) == ["Python Developer", "Python Lead"]
    titles = [job.title for job in client.get("/jobs/?q=python&status=closed").context["page"]]
    assert titles == ["Python Lead"]


def test_job_list_is_paginated_with_a_fixed_number_of_queries(page_as, count_queries, recruiter_a, org_a):
    client = page_as(recruiter_a)
    for _ in range(3):
        job = JobFactory(organization=org_a)
        ApplicationFactory(job=job, candidate=CandidateFactory(organization=org_a))
    few = count_queries(client, "/jobs/")
    for _ in range(30):
        JobFactory(organization=org_a)
    assert count_queries(client, "/jobs/") == few
    page = client.get("/jobs/").context["page"]
    assert len(page.object_list) == 20 and page.has_next and page.num_pages == 2
    assert len(client.get("/jobs/?page=2").context["page"].object_list) == 13


def test_board_shows_a_column_per_stage_with_cards(page_as, recruiter_a, org_a, application_a):
    response = page_as(recruiter_a).get(f"/jobs/{application_a.job_id}/")
    columns = response.context["columns"]
    assert [stage.key for stage, _ in columns] == ["applied", "screening", "interview", "offer", "hired", "rejected"]
    assert [app.pk for app in columns[0][1]] == [application_a.pk]
    assert f'id="app-{application_a.pk}"' in response.content.decode()


def test_board_renders_in_fixed_queries_however_many_cards(page_as, count_queries, recruiter_a, org_a, job_a):
    client = page_as(recruiter_a)
    url = f"/jobs/{job_a.pk}/"
    ApplicationFactory(job=job_a, candidate=CandidateFactory(organization=org_a))
    client.get(url)  # the first view builds the organization's match index; later views only refresh it
    few = count_queries(client, url)
    for _ in range(25):
        ApplicationFactory(job=job_a, candidate=CandidateFactory(organization=org_a))
    client.get(url)
    assert count_queries(client, url) == few


def test_moving_a_card_with_the_form_records_history(page_as, recruiter_a, application_a):
    response = page_as(recruiter_a).post(f"/applications/{application_a.pk}/move/", {"stage": "interview"}, follow=True)
    application_a.refresh_from_db()
    assert application_a.stage.key == "interview"
    change = StageChange.objects.filter(application=application_a).order_by("-id").first()
    assert (change.from_stage.key, change.to_stage.key, change.changed_by) == ("applied", "interview", recruiter_a)
    assert "moved to Interview" in response.content.decode()


def test_moving_to_an_unknown_stage_changes_nothing(page_as, recruiter_a, application_a):
    page_as(recruiter_a).post(f"/applications/{application_a.pk}/move/", {"stage": "moon"})
    application_a.refresh_from_db()
    assert application_a.stage.key == "applied"
    assert StageChange.objects.filter(application=application_a).count() == 1


def test_board_script_moves_through_the_api_with_the_session_and_csrf(recruiter_a, application_a):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(recruiter_a)
    refused = client.post(
        f"/api/v1/applications/{application_a.pk}/move", {"stage": "screening"}, content_type="application/json"
    )
    assert refused.status_code == 403
    page = client.get(f"/jobs/{application_a.job_id}/")
    token = page.cookies["csrftoken"].value
    moved = client.post(
        f"/api/v1/applications/{application_a.pk}/move",
        {"stage": "screening"},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert moved.status_code == 200
    assert Application.objects.get(pk=application_a.pk).stage.key == "screening"
