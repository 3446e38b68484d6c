"""Only admins manage their organization's users; everyone else can only read them."""

from recruiting.models import User


def test_admin_adds_a_recruiter_who_can_then_log_in(admin_a, api_as):
    response = api_as(admin_a).post(
        "/api/v1/users",
        {"email": "New@Acme.test", "first_name": "Nia", "role": "recruiter", "password": "long-enough-pw"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["email"] == "new@acme.test"
    assert "password" not in response.json()
    user = User.objects.get(email="new@acme.test")
    assert user.organization == admin_a.organization and user.check_password("long-enough-pw")


def test_admin_changes_a_role_and_deactivates_instead_of_deleting(admin_a, recruiter_a, api_as):
    client = api_as(admin_a)
    assert client.patch(f"/api/v1/users/{recruiter_a.pk}", {"role": "viewer"}, format="json").json()["role"] == "viewer"
    assert client.delete(f"/api/v1/users/{recruiter_a.pk}").status_code == 204
    recruiter_a.refresh_from_db()
    assert recruiter_a.is_active is False


def test_admin_cannot_demote_or_deactivate_themselves(admin_a, api_as):
    client = api_as(admin_a)
    assert client.patch(f"/api/v1/users/{admin_a.pk}", {"role": "viewer"}, format="json").status_code == 400
    assert client.delete(f"/api/v1/users/{admin_a.pk}").status_code == 400
    admin_a.refresh_from_db()
    assert admin_a.role == "admin" and admin_a.is_active


def test_recruiter_reads_users_but_cannot_manage_them(recruiter_a, viewer_a, api_as):
    client = api_as(recruiter_a)
    assert client.get("/api/v1/users").json()["count"] == 2
    response = client.patch(f"/api/v1/users/{viewer_a.pk}", {"role": "admin"}, format="json")
    assert response.status_code == 403
    assert client.post("/api/v1/users", {"email": "x@acme.test", "role": "admin"}, format="json").status_code == 403
    viewer_a.refresh_from_db()
    assert viewer_a.role == "viewer"
    assert not User.objects.filter(email="x@acme.test").exists()


def test_another_orgs_user_is_404(admin_a, admin_b, api_as):
    client = api_as(admin_a)
    assert client.get(f"/api/v1/users/{admin_b.pk}").status_code == 404
    assert client.patch(f"/api/v1/users/{admin_b.pk}", {"role": "viewer"}, format="json").status_code == 404
    assert client.delete(f"/api/v1/users/{admin_b.pk}").status_code == 404
    admin_b.refresh_from_db()
    assert admin_b.role == "admin" and admin_b.is_active


def test_email_already_taken_is_a_field_error(admin_a, admin_b, api_as):
    response = api_as(admin_a).post("/api/v1/users", {"email": "admin@globex.test", "role": "viewer"}, format="json")
    assert response.status_code == 400
    assert "email" in response.json()["errors"]
