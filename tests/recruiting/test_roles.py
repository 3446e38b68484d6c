"""Viewers read; recruiters and admins write; hiring managers write interview feedback only."""

from recruiting.models import Job


def test_viewer_reads_but_cannot_write(viewer_a, job_a, api_as):
    client = api_as(viewer_a)
    assert client.get("/api/v1/jobs").status_code == 200
    response = client.patch(f"/api/v1/jobs/{job_a.pk}", {"title": "Changed"}, format="json")
    assert response.status_code == 403
    assert response.json()["code"] == "PERMISSION_DENIED"
    assert client.post("/api/v1/jobs", {"title": "New"}, format="json").status_code == 403
    assert client.delete(f"/api/v1/jobs/{job_a.pk}").status_code == 403
    job_a.refresh_from_db()
    assert job_a.title != "Changed"
    assert Job.objects.count() == 1


def test_hiring_manager_writes_notes_but_not_jobs(manager_a, job_a, candidate_a, api_as):
    client = api_as(manager_a)
    assert (
        client.post("/api/v1/notes", {"candidate": candidate_a.pk, "body": "Met them"}, format="json").status_code
        == 201
    )
    assert client.post("/api/v1/jobs", {"title": "New"}, format="json").status_code == 403


def test_recruiter_writes_jobs(recruiter_a, api_as):
    assert api_as(recruiter_a).post("/api/v1/jobs", {"title": "New"}, format="json").status_code == 201


def test_user_without_organization_gets_nothing(db, api_as):
    from recruiting.models import User

    loner = User.objects.create_user(email="loner@example.com", password="x" * 12)
    assert api_as(loner).get("/api/v1/jobs").status_code == 403
