"""What the schema fuzzing found, each pinned as the request that found it: a clear 4xx or a success,
never a 500 and never an HTML page."""

from __future__ import annotations

import pytest
from django.test import Client

from recruiting.models import User
from tests.conftest import bearer_client

pytestmark = pytest.mark.django_db


def test_an_integration_name_at_its_full_length_still_gets_its_first_key(admin_a):
    name = "Ünïcode Partner's ATS " + "x" * 178  # 200 characters, the longest name allowed
    response = bearer_client(admin_a).post("/api/ats/integrations/register", {"name": name}, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["name"] == name


@pytest.mark.parametrize("path", ["/api/v1/resume/parse", "/compat/jobswipe/api/v1/resume/parse/"])
@pytest.mark.parametrize("body", [[], ["resume_url"], "just a string", 42])
def test_a_resume_parse_body_that_is_not_an_object_is_a_400(admin_a, path, body):
    response = bearer_client(admin_a).post(path, body, format="json")

    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")


def test_a_member_added_without_a_password_exists_and_cannot_sign_in(admin_a):
    response = bearer_client(admin_a).post(
        "/api/v1/users", {"email": "zoe.o'neill@example.com", "first_name": "Zoë"}, format="json"
    )

    assert response.status_code == 201, response.content
    member = User.objects.get(pk=response.json()["id"])
    assert member.organization_id == admin_a.organization_id
    assert not member.has_usable_password()


@pytest.mark.parametrize("method", ["put", "patch", "delete", "post"])
def test_an_unknown_dialect_path_is_a_json_404_even_with_a_stray_session_cookie(method):
    client = Client(enforce_csrf_checks=True)
    client.cookies["sessionid"] = ""
    response = getattr(client, method)("/compat/bhiv/v1/jobs/\u0084/", data="{}", content_type="application/json")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
