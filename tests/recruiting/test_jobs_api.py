"""Job create, read, update, delete and validation."""

from recruiting.models import Job, OutboxEvent

JOB = {
    "title": "Staff Data Engineer",
    "department": "Data",
    "location": "Lisbon, Portugal",
    "remote_policy": "remote",
    "employment_type": "full_time",
    "experience_level": "senior",
    "description": "Own the warehouse.",
    "required_skills": ["Python", "SQL", "Airflow"],
    "nice_to_have_skills": ["dbt"],
    "salary_min": 90000,
    "salary_max": 120000,
    "status": "open",
}


def test_recruiter_creates_reads_updates_and_deletes_a_job(recruiter_a, api_as):
    client = api_as(recruiter_a)
    created = client.post("/api/v1/jobs", JOB, format="json")
    assert created.status_code == 201, created.content
    job_id = created.json()["id"]
    assert created.json()["required_skills"] == ["Python", "SQL", "Airflow"]
    assert client.get(f"/api/v1/jobs/{job_id}").json()["title"] == "Staff Data Engineer"
    updated = client.patch(f"/api/v1/jobs/{job_id}", {"status": "closed"}, format="json")
    assert updated.json()["status"] == "closed"
    assert client.delete(f"/api/v1/jobs/{job_id}").status_code == 204
    assert not Job.objects.filter(pk=job_id).exists()


def test_creating_an_open_job_records_created_and_opened_events(recruiter_a, api_as):
    api_as(recruiter_a).post("/api/v1/jobs", JOB, format="json")
    assert list(OutboxEvent.objects.order_by("occurred_at").values_list("name", flat=True)) == [
        "job.created",
        "job.opened",
    ]


def test_missing_title_and_bad_choices_are_field_errors(recruiter_a, api_as):
    response = api_as(recruiter_a).post(
        "/api/v1/jobs", {"remote_policy": "moon", "salary_min": -1, "required_skills": "Python"}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "VALIDATION_ERROR"
    assert set(body["errors"]) >= {"title", "remote_policy", "salary_min", "required_skills"}
    assert not Job.objects.exists()


def test_salary_range_must_be_ordered(recruiter_a, api_as):
    response = api_as(recruiter_a).post(
        "/api/v1/jobs", {**JOB, "salary_min": 200000, "salary_max": 100000}, format="json"
    )
    assert response.status_code == 400
    assert "salary_max" in response.json()["errors"]


def test_job_filters(recruiter_a, api_as):
    client = api_as(recruiter_a)
    client.post("/api/v1/jobs", JOB, format="json")
    client.post("/api/v1/jobs", {**JOB, "title": "Designer", "status": "draft"}, format="json")
    assert [j["title"] for j in client.get("/api/v1/jobs?status=draft").json()["results"]] == ["Designer"]
    assert [j["title"] for j in client.get("/api/v1/jobs?q=data").json()["results"]] == ["Staff Data Engineer"]
