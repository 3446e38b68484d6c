"""ReViewPoint's documented client code against the platform at `/compat/reviewpoint`.

Each test makes the requests the document's code makes (paths, bodies, headers) and checks what
that code reads: `access_token`, `refresh_token`, `expires_in`; `detail` on errors; 409 and 422 on
registration with `detail` listing field errors; `users`, `total`, `has_next` on the user list.
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from ats.services.api_keys import create_api_key
from recruiting import services
from recruiting.models import User
from tests.conftest import PASSWORD
from tests.factories import create_members

BASE = "/compat/reviewpoint"


@pytest.fixture
def api_key(org_a, admin_a) -> str:
    return create_api_key(organization=org_a, name="ReViewPoint service", scopes=None, created_by=admin_a)[1]


def login(client: APIClient, email: str) -> dict:
    response = client.post(f"{BASE}/api/v1/auth/login", {"email": email, "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def test_login_then_me_with_the_bearer_token(admin_a):
    client = APIClient()
    data = login(client, admin_a.email)
    assert data["access_token"] and data["refresh_token"]
    assert isinstance(data["expires_in"], int) and data["expires_in"] > 0

    me = client.get(f"{BASE}/api/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {data['access_token']}")
    assert me.status_code == 200
    assert me.json()["email"] == admin_a.email
    assert me.json()["id"] == admin_a.pk


def test_a_wrong_password_is_401_with_detail(admin_a):
    response = APIClient().post(
        f"{BASE}/api/v1/auth/login", {"email": admin_a.email, "password": "nope"}, format="json"
    )
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid email or password."}


def test_refresh_keeps_the_same_refresh_token_working_as_the_client_expects(admin_a):
    client = APIClient()
    tokens = login(client, admin_a.email)
    for _ in range(2):  # the client never stores a new refresh token: both refreshes use the first one
        refreshed = client.post(
            f"{BASE}/api/v1/auth/refresh", {"refresh_token": tokens["refresh_token"]}, format="json"
        )
        assert refreshed.status_code == 200
        assert refreshed.json()["access_token"]
        assert refreshed.json()["expires_in"] > 0
    me = client.get(f"{BASE}/api/v1/users/me", HTTP_AUTHORIZATION=f"Bearer {refreshed.json()['access_token']}")
    assert me.status_code == 200


def test_a_bad_token_is_401_so_the_robust_client_refreshes(admin_a):
    response = APIClient().get(f"{BASE}/api/v1/users/me", HTTP_AUTHORIZATION="Bearer expired.or.forged")
    assert response.status_code == 401
    assert "detail" in response.json()
    bad_refresh = APIClient().post(f"{BASE}/api/v1/auth/refresh", {"refresh_token": "garbage"}, format="json")
    assert bad_refresh.status_code == 401


def test_registration_with_the_api_key(api_key, org_a):
    response = APIClient().post(
        f"{BASE}/api/v1/auth/register",
        {"email": "newuser@example.com", "password": "SecurePass123!", "name": "John Doe"},
        format="json",
        HTTP_X_API_KEY=api_key,
    )
    assert response.status_code == 201, response.content
    user = User.objects.get(pk=response.json()["user"]["id"])
    assert (user.organization, user.get_full_name()) == (org_a, "John Doe")


def test_registration_of_a_taken_email_is_409(api_key, admin_a):
    response = APIClient().post(
        f"{BASE}/api/v1/auth/register",
        {"email": admin_a.email.upper(), "password": "SecurePass123!", "name": "Someone Else"},
        format="json",
        HTTP_X_API_KEY=api_key,
    )
    assert response.status_code == 409
    assert response.json() == {"detail": "Email already registered"}


def test_registration_field_errors_are_422_with_detail(api_key):
    response = APIClient().post(
        f"{BASE}/api/v1/auth/register",
        {"email": "jo@example", "password": "weakpass", "name": "J"},
        format="json",
        HTTP_X_API_KEY=api_key,
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert isinstance(detail, list)
    fields = {item["loc"][-1] for item in detail}
    assert fields == {"email", "password", "name"}
    assert any(item["msg"] == "Password must contain uppercase letter" for item in detail)
    missing = APIClient().post(f"{BASE}/api/v1/auth/register", {}, format="json", HTTP_X_API_KEY=api_key)
    assert missing.status_code == 422
    assert {item["loc"][-1] for item in missing.json()["detail"]} == {"email", "password", "name"}


def test_search_users_as_the_document_does(org_a, org_b, admin_a):
    create_members(
        org_a,
        [
            ("john.doe@acme.test", "John", "Doe", "viewer", True),
            ("johnny@acme.test", "Johnny", "Müller-Lüdenscheidt", "admin", True),
            ("former.john@acme.test", "John", "Smith", "recruiter", False),
            ("ana@acme.test", "Ana", "Souza", "viewer", True),
        ],
        password=PASSWORD,
    )
    services.create_user(organization=org_b, email="john@globex.test", password=PASSWORD, first_name="John")
    client = APIClient()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {login(client, admin_a.email)['access_token']}"}

    results = client.get(
        f"{BASE}/api/v1/users", {"page": 1, "size": 20, "q": "john", "active": "true"}, **headers
    ).json()
    assert results["total"] == 2
    assert sorted(user["name"] for user in results["users"]) == ["John Doe", "Johnny Müller-Lüdenscheidt"]
    assert {user["email"] for user in results["users"]} == {"john.doe@acme.test", "johnny@acme.test"}

    admins = client.get(f"{BASE}/api/v1/users", {"page": 1, "size": 20, "admin": "true"}, **headers).json()
    assert {user["email"] for user in admins["users"]} == {"admin@acme.test", "johnny@acme.test"}


def test_get_all_users_pages_until_has_next_is_false(org_a, api_key):
    for number in range(7):
        services.create_user(
            organization=org_a, email=f"user{number}@acme.test", password=PASSWORD, first_name=f"Zoë {number}"
        )
    client = APIClient()
    seen, page = [], 1
    while True:  # the document's get_all_users generator
        response = client.get(f"{BASE}/api/v1/users", {"page": page, "size": 3}, HTTP_X_API_KEY=api_key)
        assert response.status_code == 200
        data = response.json()
        seen.extend(user["email"] for user in data.get("users", []))
        if not data.get("has_next", False):
            break
        page += 1
    assert page == 3
    assert len(seen) == len(set(seen)) == 8  # the admin and seven users, each once


@pytest.mark.parametrize("page", ["100000", "100001", "9223372036854775807", "138641454734592376832"])
def test_a_page_number_too_large_for_the_database_is_a_422_not_a_500(org_a, api_key, page):
    """Found by `make stress`'s fuzz: the page's row offset overflowed PostgreSQL's bigint (a 500)."""
    response = APIClient().get(f"{BASE}/api/v1/users", {"page": page, "size": 3}, HTTP_X_API_KEY=api_key)
    if page == "100000":  # the highest page answers, empty
        assert response.status_code == 200 and response.json()["users"] == []
    else:
        assert response.status_code == 422
        assert response.json()["detail"][0]["loc"] == ["query", "page"]


def test_get_user_profile_by_id_is_scoped_to_the_organization(admin_a, org_b, api_key):
    other = services.create_user(organization=org_b, email="x@globex.test", password=PASSWORD)
    client = APIClient()
    assert client.get(f"{BASE}/api/v1/users/{admin_a.pk}", HTTP_X_API_KEY=api_key).json()["email"] == admin_a.email
    response = client.get(f"{BASE}/api/v1/users/{other.pk}", HTTP_X_API_KEY=api_key)
    assert response.status_code == 404
    assert "detail" in response.json()


def test_bad_paging_and_unknown_paths_answer_in_the_dialects_shape(api_key):
    client = APIClient()
    response = client.get(f"{BASE}/api/v1/users", {"size": 1000}, HTTP_X_API_KEY=api_key)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "size"]
    unknown = client.get(f"{BASE}/api/v1/nothing-here", HTTP_X_API_KEY=api_key)
    assert unknown.status_code == 404
    assert unknown.json() == {"detail": "Not found."}
