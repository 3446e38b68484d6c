"""Login, refresh and the current user."""

from rest_framework.test import APIClient

from tests.conftest import PASSWORD


def test_login_returns_bearer_token_pair(admin_a):
    response = APIClient().post("/api/v1/auth/login", {"email": "ADMIN@acme.test", "password": PASSWORD}, format="json")
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] > 0
    me = APIClient(HTTP_AUTHORIZATION=f"Bearer {body['access_token']}").get("/api/v1/users/me")
    assert me.status_code == 200
    assert me.json()["email"] == "admin@acme.test"
    assert me.json()["role"] == "admin"
    assert me.json()["organization"]["name"] == "Acme Talent"


def test_login_with_wrong_password_is_401_in_error_shape(admin_a):
    response = APIClient().post("/api/v1/auth/login", {"email": "admin@acme.test", "password": "nope"}, format="json")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid email or password.", "code": "INVALID_CREDENTIALS"}


def test_refresh_gives_a_new_access_token(admin_a):
    tokens = APIClient().post("/api/v1/auth/login", {"email": "admin@acme.test", "password": PASSWORD}, format="json")
    response = APIClient().post(
        "/api/v1/auth/refresh", {"refresh_token": tokens.json()["refresh_token"]}, format="json"
    )
    assert response.status_code == 200
    access = response.json()["access_token"]
    assert APIClient(HTTP_AUTHORIZATION=f"Bearer {access}").get("/api/v1/users/me").status_code == 200


def test_refresh_with_garbage_is_invalid_token(db):
    response = APIClient().post("/api/v1/auth/refresh", {"refresh_token": "garbage"}, format="json")
    assert response.status_code == 401
    assert response.json()["code"] == "INVALID_TOKEN"


def test_bad_bearer_token_is_invalid_token(db):
    response = APIClient(HTTP_AUTHORIZATION="Bearer not-a-jwt").get("/api/v1/jobs")
    assert response.status_code == 401
    assert response.json()["code"] == "INVALID_TOKEN"


def test_no_credentials_is_not_authenticated(db):
    response = APIClient().get("/api/v1/candidates")
    assert response.status_code == 401
    assert response.json()["code"] == "NOT_AUTHENTICATED"


def test_session_auth_works_for_the_browser(client, recruiter_a):
    client.force_login(recruiter_a)
    assert client.get("/api/v1/users/me").json()["email"] == "recruiter@acme.test"
