"""Every error under /api/ is JSON {"detail", "code"}: never HTML, never a traceback."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from recruiting.models import Job


def assert_error(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code
    assert isinstance(body["detail"], str) and body["detail"]
    return body


def test_malformed_json_is_400(recruiter_a, api_as):
    response = api_as(recruiter_a).post("/api/v1/jobs", data='{"title": ', content_type="application/json")
    assert_error(response, 400, "MALFORMED_REQUEST")
    assert not Job.objects.exists()


def test_wrong_content_type_is_415(recruiter_a, api_as):
    response = api_as(recruiter_a).post("/api/v1/jobs", data="title=x", content_type="text/plain")
    assert_error(response, 415, "UNSUPPORTED_MEDIA_TYPE")


def test_wrong_field_types_are_field_errors(recruiter_a, api_as):
    body = assert_error(
        api_as(recruiter_a).post(
            "/api/v1/jobs", {"title": ["a list"], "salary_min": "lots", "hiring_team": "me"}, format="json"
        ),
        400,
        "VALIDATION_ERROR",
    )
    assert set(body["errors"]) == {"title", "salary_min", "hiring_team"}
    assert body["detail"].startswith("Invalid input: ")


def test_body_that_is_not_an_object_is_a_validation_error(recruiter_a, api_as):
    body = assert_error(
        api_as(recruiter_a).post("/api/v1/jobs", data="[1, 2]", content_type="application/json"),
        400,
        "VALIDATION_ERROR",
    )
    assert "non_field_errors" in body["errors"]


def test_huge_body_is_413(recruiter_a, api_as, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = api_as(recruiter_a).post("/api/v1/jobs", {"title": "x", "description": "y" * 5000}, format="json")
    assert_error(response, 413, "PAYLOAD_TOO_LARGE")
    assert not Job.objects.exists()


def test_unknown_route_is_json_404(recruiter_a, api_as):
    assert_error(api_as(recruiter_a).get("/api/v1/no-such-thing"), 404, "NOT_FOUND")
    assert_error(Client().get("/api/nothing/here"), 404, "NOT_FOUND")


def test_unknown_id_is_json_404(recruiter_a, api_as):
    assert_error(api_as(recruiter_a).get("/api/v1/jobs/999999"), 404, "NOT_FOUND")
    assert_error(api_as(recruiter_a).get("/api/v1/jobs/not-a-number"), 404, "NOT_FOUND")


def test_wrong_method_is_405(recruiter_a, api_as):
    assert_error(api_as(recruiter_a).delete("/api/v1/users/me"), 405, "METHOD_NOT_ALLOWED")


def test_missing_csrf_token_on_session_write_is_json_403(recruiter_a):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(recruiter_a)
    response = client.post("/api/v1/jobs", {"title": "x"}, format="json")
    body = assert_error(response, 403, "PERMISSION_DENIED")
    assert "CSRF" in body["detail"]
    assert not Job.objects.exists()


@pytest.mark.urls("tests.recruiting.crash_urls")
def test_a_crash_in_an_api_view_is_a_json_500_without_a_traceback(db):
    client = Client(raise_request_exception=False)
    for path in ("/api/v1/_crash", "/api/v1/_crash_plain"):
        response = client.get(path)
        body = assert_error(response, 500, "SERVER_ERROR")
        assert "boom" not in response.content.decode() and "Traceback" not in response.content.decode()
        assert body == {"detail": "An unexpected error occurred.", "code": "SERVER_ERROR"}


def test_pages_outside_the_api_keep_html_errors(db):
    response = Client().get("/definitely-not-a-page")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")
