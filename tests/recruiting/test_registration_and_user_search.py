"""Self-registration and the user search on the platform's own API (the capabilities ReViewPoint needs).

Registration: `POST /api/v1/auth/register` with a partner's API key (`users:write`) or an admin;
all field errors at once; 409 for an e-mail with an account in any organization. Search:
`GET /api/v1/users?q=&active=&admin=`.
"""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from ats.services.api_keys import create_api_key
from recruiting import services
from recruiting.models import User
from tests.factories import create_members

REGISTER = "/api/v1/auth/register"
USERS = "/api/v1/users"


@pytest.fixture
def key_client(org_a, admin_a):
    def build(scopes=("users:read", "users:write")):
        _key, raw = create_api_key(organization=org_a, name="ReViewPoint", scopes=list(scopes), created_by=admin_a)
        client = APIClient()
        client.credentials(HTTP_X_API_KEY=raw)
        return client

    return build


def test_a_partner_registers_a_viewer_in_its_organization(key_client, org_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = key_client().post(
            REGISTER, {"email": " Zoe.OConnor@Example.com", "password": "SecurePass123!", "name": "  Zoë  O'Connor "}
        )
    assert response.status_code == 201, response.json()
    user = User.objects.get(pk=response.json()["user"]["id"])
    assert (user.email, user.first_name, user.last_name) == ("zoe.oconnor@example.com", "Zoë", "O'Connor")
    assert user.organization == org_a
    assert user.role == User.Role.VIEWER
    assert user.check_password("SecurePass123!")
    assert response.json()["user"]["email"] == "zoe.oconnor@example.com"


def test_every_field_error_comes_at_once(key_client):
    response = key_client().post(REGISTER, {"email": "not-an-email", "password": "short", "name": " J "})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors["email"] == ["Enter a valid email address."]
    assert errors["password"] == [
        "Password must be at least 8 characters",
        "Password must contain uppercase letter",
        "Password must contain digit",
    ]
    assert errors["name"] == ["Name must be at least 2 characters"]
    assert not User.objects.filter(email="not-an-email").exists()


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("lowercase123", "Password must contain uppercase letter"),
        ("UPPERCASE123", "Password must contain lowercase letter"),
        ("NoDigitsHere", "Password must contain digit"),
        ("Ab1", "Password must be at least 8 characters"),
    ],
)
def test_each_password_rule(key_client, password, message):
    response = key_client().post(REGISTER, {"email": "jo@example.com", "password": password, "name": "Jo Ann"})
    assert response.status_code == 400
    assert message in response.json()["errors"]["password"]


def test_a_taken_email_is_409_whatever_the_organization_or_case(key_client, org_b):
    services.create_user(organization=org_b, email="taken@example.com", password="SecurePass123!", role="viewer")
    response = key_client().post(REGISTER, {"email": "Taken@Example.com", "password": "SecurePass123!", "name": "Tak"})
    assert response.status_code == 409
    assert response.json()["code"] == "EMAIL_TAKEN"
    assert User.objects.filter(email__iexact="taken@example.com").count() == 1


def test_registration_needs_the_scope_or_an_admin(key_client, api_as, recruiter_a, admin_a):
    body = {"email": "new@example.com", "password": "SecurePass123!", "name": "New Person"}
    assert key_client(scopes=["users:read"]).post(REGISTER, body).status_code == 403
    assert api_as(recruiter_a).post(REGISTER, body).status_code == 403
    assert APIClient().post(REGISTER, body).status_code == 401
    assert api_as(admin_a).post(REGISTER, body).status_code == 201


def test_user_search_by_text_active_and_admin(key_client, org_a, org_b, admin_a):
    create_members(
        org_a,
        [
            ("john.doe@acme.test", "John", "Doe", "viewer", True),
            ("johanna@acme.test", "Johanna", "Müller", "admin", True),
            ("old.john@acme.test", "John", "Smith", "recruiter", False),
            ("someone@acme.test", "Ana", "Johnson", "viewer", True),
        ],
        password="SecurePass123!",
    )
    services.create_user(organization=org_b, email="john@globex.test", password="SecurePass123!", first_name="John")
    client = key_client()

    def emails(**params):
        response = client.get(USERS, params)
        assert response.status_code == 200, response.json()
        return sorted(user["email"] for user in response.json()["results"])

    assert emails(q="john") == ["john.doe@acme.test", "old.john@acme.test", "someone@acme.test"]
    assert emails(q="john", active="true") == ["john.doe@acme.test", "someone@acme.test"]
    assert emails(q="john doe") == ["john.doe@acme.test"]
    assert emails(admin="true") == ["admin@acme.test", "johanna@acme.test"]
    assert "admin@acme.test" not in emails(admin="false")
    assert client.get(USERS, {"active": "maybe"}).status_code == 400


def test_a_key_without_users_read_cannot_list_users(key_client):
    assert key_client(scopes=["candidates:read"]).get(USERS).status_code == 403
