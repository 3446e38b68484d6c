"""Bearer sessions end when they should, and user management leaks nothing across organizations."""

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken

from recruiting import services
from recruiting.models import User
from tests.conftest import PASSWORD
from tests.recruiting.test_errors import assert_error


def login(user: User) -> dict:
    response = APIClient().post("/api/v1/auth/login", {"email": user.email, "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def me(access_token: str):
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {access_token}").get("/api/v1/users/me")


def refresh(refresh_token: str):
    return APIClient().post("/api/v1/auth/refresh", {"refresh_token": refresh_token}, format="json")


def test_refresh_rotates_and_the_used_refresh_token_is_refused(recruiter_a):
    first = login(recruiter_a)
    rotated = refresh(first["refresh_token"])
    assert rotated.status_code == 200, rotated.content
    assert rotated.json()["refresh_token"] != first["refresh_token"]
    assert me(rotated.json()["access_token"]).status_code == 200
    assert_error(refresh(first["refresh_token"]), 401, "INVALID_TOKEN")
    assert refresh(rotated.json()["refresh_token"]).status_code == 200


def test_logout_blacklists_the_refresh_token(recruiter_a):
    tokens = login(recruiter_a)
    response = APIClient().post("/api/v1/auth/logout", {"refresh_token": tokens["refresh_token"]}, format="json")
    assert response.status_code == 204
    assert BlacklistedToken.objects.count() == 1
    assert_error(refresh(tokens["refresh_token"]), 401, "INVALID_TOKEN")


def test_logout_with_a_bad_token_is_401_and_blacklists_nothing(db):
    response = APIClient().post("/api/v1/auth/logout", {"refresh_token": "not-a-token"}, format="json")
    assert_error(response, 401, "INVALID_TOKEN")
    assert not BlacklistedToken.objects.exists()


def test_password_change_ends_existing_access_and_refresh_tokens(recruiter_a):
    tokens = login(recruiter_a)
    services.update_user(user=recruiter_a, password="Zoë-O'Connor-new-passphrase")
    assert_error(me(tokens["access_token"]), 401, "INVALID_TOKEN")
    assert_error(refresh(tokens["refresh_token"]), 401, "INVALID_TOKEN")


def test_deactivation_ends_existing_access_and_refresh_tokens(admin_a, recruiter_a, api_as):
    tokens = login(recruiter_a)
    assert api_as(admin_a).delete(f"/api/v1/users/{recruiter_a.pk}").status_code == 204
    assert_error(me(tokens["access_token"]), 401, "INVALID_TOKEN")
    assert_error(refresh(tokens["refresh_token"]), 401, "INVALID_TOKEN")


@pytest.mark.parametrize("password", ["password123", "short1"])
def test_user_create_applies_password_validators(admin_a, api_as, password):
    body = {"email": "jose.alvarez@example.com", "password": password, "role": "recruiter"}
    response = api_as(admin_a).post("/api/v1/users", body, format="json")
    errors = assert_error(response, 400, "VALIDATION_ERROR")["errors"]
    assert errors["password"]
    assert not User.objects.filter(email="jose.alvarez@example.com").exists()


def test_password_change_through_the_api_applies_validators(admin_a, recruiter_a, api_as):
    before = User.objects.get(pk=recruiter_a.pk).password
    response = api_as(admin_a).patch(f"/api/v1/users/{recruiter_a.pk}", {"password": "password123"}, format="json")
    assert "password" in assert_error(response, 400, "VALIDATION_ERROR")["errors"]
    assert User.objects.get(pk=recruiter_a.pk).password == before


def test_inviting_another_organizations_email_looks_like_any_taken_email(admin_a, recruiter_a, admin_b, api_as):
    theirs = api_as(admin_a).post("/api/v1/users", {"email": admin_b.email, "password": "Álvarez-sails-2026"})
    ours = api_as(admin_a).post("/api/v1/users", {"email": recruiter_a.email, "password": "Álvarez-sails-2026"})
    assert theirs.status_code == ours.status_code == 400
    assert theirs.json() == ours.json()
    assert "exist" not in theirs.content.decode()
    assert User.objects.filter(email=admin_b.email).count() == 1
