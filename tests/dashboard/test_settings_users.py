"""Settings: admins add people and change roles."""

from django.core import mail

from recruiting.models import User


def test_admin_adds_a_user_who_gets_a_password_link(page_as, admin_a, org_a):
    response = page_as(admin_a).post(
        "/settings/users/", {"email": "New.Hire@Acme.test", "first_name": "Nia", "last_name": "Hale", "role": "viewer"}
    )
    assert response.status_code == 302
    user = User.objects.get(email="new.hire@acme.test")
    assert (user.organization, user.role, user.has_usable_password()) == (org_a, "viewer", False)
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


def test_adding_an_existing_email_shows_the_error_by_the_field(page_as, admin_a, recruiter_a):
    response = page_as(admin_a).post("/settings/users/", {"email": recruiter_a.email, "role": "viewer"})
    assert response.context["form"].errors["email"] == ["This email address cannot be used for a new user."]
    assert User.objects.filter(email=recruiter_a.email).count() == 1


def test_adding_another_organizations_email_does_not_reveal_it_exists(page_as, admin_a, recruiter_a, admin_b):
    theirs = page_as(admin_a).post("/settings/users/", {"email": admin_b.email, "role": "viewer"})
    ours = page_as(admin_a).post("/settings/users/", {"email": recruiter_a.email, "role": "viewer"})
    assert theirs.context["form"].errors["email"] == ours.context["form"].errors["email"]
    assert "exists" not in theirs.content.decode()
    assert User.objects.filter(email=admin_b.email).get().organization == admin_b.organization


def test_admin_changes_a_role(page_as, admin_a, recruiter_a):
    page_as(admin_a).post(f"/settings/users/{recruiter_a.pk}/role/", {"role": "hiring_manager"})
    recruiter_a.refresh_from_db()
    assert recruiter_a.role == "hiring_manager"


def test_admin_cannot_change_their_own_role(page_as, admin_a):
    page_as(admin_a).post(f"/settings/users/{admin_a.pk}/role/", {"role": "viewer"})
    admin_a.refresh_from_db()
    assert admin_a.role == "admin"


def test_admin_cannot_touch_another_organizations_user(page_as, admin_a, admin_b):
    response = page_as(admin_a).post(f"/settings/users/{admin_b.pk}/role/", {"role": "viewer"})
    assert response.status_code == 404
    admin_b.refresh_from_db()
    assert admin_b.role == "admin"


def test_recruiter_cannot_change_roles(page_as, recruiter_a, viewer_a):
    assert page_as(recruiter_a).post(f"/settings/users/{viewer_a.pk}/role/", {"role": "admin"}).status_code == 403
    viewer_a.refresh_from_db()
    assert viewer_a.role == "viewer"


def test_user_list_lists_only_this_organization_in_fixed_queries(
    page_as, count_queries, admin_a, admin_b, recruiter_a, org_a
):
    client = page_as(admin_a)
    few = count_queries(client, "/settings/users/")
    for index in range(10):
        User.objects.create_user(email=f"u{index}@acme.test", organization=org_a)
    assert count_queries(client, "/settings/users/") == few
    emails = [member.email for member in client.get("/settings/users/").context["page"]]
    assert admin_b.email not in emails and recruiter_a.email in emails
