"""A job's (source, external_id) is unique per organization: a duplicate is a 400 field error, never a 500."""

from recruiting.models import Job

JOB = {
    "title": "Engenheira de Dados Sênior",
    "location": "São Paulo, Brazil",
    "description": "Own the warehouse; work with the team in Berlin, Germany.",
    "source": "greenhouse",
    "external_id": "GH-4711",
}


def test_second_job_with_the_same_source_and_external_id_is_400_naming_external_id(recruiter_a, api_as):
    client = api_as(recruiter_a)
    assert client.post("/api/v1/jobs", JOB, format="json").status_code == 201

    response = client.post("/api/v1/jobs", {**JOB, "title": "Data Engineer"}, format="json")

    assert response.status_code == 400
    assert "external_id" in response.json()["errors"]
    assert list(Job.objects.values_list("title", flat=True)) == [JOB["title"]]


def test_moving_a_job_onto_a_taken_external_id_is_400_and_changes_nothing(recruiter_a, api_as):
    client = api_as(recruiter_a)
    client.post("/api/v1/jobs", JOB, format="json")
    other = client.post("/api/v1/jobs", {**JOB, "external_id": "GH-4712"}, format="json").json()

    response = client.patch(f"/api/v1/jobs/{other['id']}", {"external_id": "GH-4711"}, format="json")

    assert response.status_code == 400
    assert "external_id" in response.json()["errors"]
    assert Job.objects.get(pk=other["id"]).external_id == "GH-4712"


def test_the_same_external_id_from_another_source_or_organization_is_accepted(recruiter_a, admin_b, api_as):
    assert api_as(recruiter_a).post("/api/v1/jobs", JOB, format="json").status_code == 201
    assert api_as(recruiter_a).post("/api/v1/jobs", {**JOB, "source": "lever"}, format="json").status_code == 201
    assert api_as(admin_b).post("/api/v1/jobs", JOB, format="json").status_code == 201
