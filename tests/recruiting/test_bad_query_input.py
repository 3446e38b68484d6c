"""Hostile query strings and bodies are a 4xx JSON error in the platform's shape, never a 500."""

import json
from datetime import UTC, datetime

import pytest
from django.test import Client

from recruiting.models import User
from tests.ats.conftest import make_partner
from tests.factories import ApplicationFactory, CandidateFactory, InterviewFactory, JobFactory
from tests.recruiting.test_errors import assert_error

LIST_ENDPOINTS = [
    "/api/v1/jobs",
    "/api/v1/candidates",
    "/api/v1/applications",
    "/api/v1/interviews",
    "/api/v1/scorecards",
    "/api/v1/feedback",
    "/api/v1/notes",
    "/api/v1/users",
]


@pytest.fixture
def acme_ats(org_a, admin_a):
    return make_partner(org_a, admin_a, "Greenhouse sync")


def nested_json(depth: int) -> str:
    return '{"a": ' * depth + "1" + "}" * depth


@pytest.mark.parametrize("path", ["/api/v1/auth/login", "/api/v1/auth/refresh"])
def test_deeply_nested_json_on_auth_endpoints_is_400(path):
    response = Client().post(path, data=nested_json(100_000), content_type="application/json")
    assert_error(response, 400, "MALFORMED_REQUEST")


def test_deeply_nested_json_on_any_endpoint_is_400(recruiter_a, api_as):
    response = api_as(recruiter_a).post("/api/v1/jobs", data=nested_json(100_000), content_type="application/json")
    assert_error(response, 400, "MALFORMED_REQUEST")


def test_nesting_one_level_past_the_limit_is_400_and_at_the_limit_is_read(recruiter_a, api_as):
    from recruiting.api.parsers import MAX_JSON_DEPTH, _depth

    assert _depth(json.loads(nested_json(MAX_JSON_DEPTH))) == MAX_JSON_DEPTH
    assert _depth([{"skills": ["Go"], "education": [{"school": "École 42"}]}, 1, "x"]) == 4
    response = api_as(recruiter_a).post(
        "/api/v1/jobs", data=nested_json(MAX_JSON_DEPTH + 1), content_type="application/json"
    )
    assert_error(response, 400, "MALFORMED_REQUEST")


def test_ordinary_nesting_is_still_accepted(admin_a, api_as):
    body = {"email": "zoe.oconnor@example.com", "password": "nested-ok-Ünïcode-42", "role": "recruiter"}
    response = api_as(admin_a).post("/api/v1/users", data=json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content


def test_date_filter_with_an_offset_postgresql_cannot_store_compares_the_same_instant(org_a, recruiter_a, api_as):
    """RFC 3339 allows offsets to ±23:59; PostgreSQL stops at ±15:59, so the filter is compared in UTC."""
    job = JobFactory(organization=org_a, title="Ingénieure données")
    candidate = CandidateFactory(organization=org_a, first_name="Zoë", last_name="O'Connor")
    application = ApplicationFactory(job=job, candidate=candidate)
    InterviewFactory(application=application, scheduled_at=datetime(2027, 3, 1, 22, 30, tzinfo=UTC))
    client = api_as(recruiter_a)

    def found(parameter: str, value: str) -> int:
        response = client.get("/api/v1/interviews", {parameter: value})
        assert response.status_code == 200, response.content
        return response.json()["count"]

    # 2027-03-01T00:30-22:00 is 22:30 UTC the same day; 2027-03-02T23:00+23:59 is 23:01 UTC the day before.
    assert found("scheduled_after", "2027-03-01T00:00:00-22:00") == 1  # 22:00 UTC
    assert found("scheduled_after", "2027-03-01T01:00:00-22:00") == 0  # 23:00 UTC
    assert found("scheduled_before", "2027-03-02T23:00:00+23:59") == 1  # 23:01 UTC
    assert found("scheduled_before", "2027-03-02T22:00:00+23:59") == 0  # 22:01 UTC


@pytest.mark.parametrize(
    "path, parameter", [("/api/v1/candidates", "updated_since"), ("/api/v1/interviews", "scheduled_before")]
)
def test_date_filter_at_the_calendars_end_with_an_offset_is_answered(recruiter_a, api_as, path, parameter):
    for value in ("0001-01-01T00:00:00+23:59", "9999-12-31T23:59:59-23:59"):
        response = api_as(recruiter_a).get(path, {parameter: value})
        assert response.status_code == 200, (value, response.content)


def test_date_filter_with_real_offset_still_filters(recruiter_a, api_as):
    response = api_as(recruiter_a).get("/api/v1/interviews", {"scheduled_after": "2026-01-01T00:00:00+14:00"})
    assert response.status_code == 200, response.content


def test_scorecard_export_date_with_a_large_offset_is_the_same_instant(acme_ats):
    for parameter in ("from_date", "to_date"):
        response = acme_ats.client().get("/api/ats/scorecards/export", {parameter: "2026-01-01T00:00:00-22:00"})
        assert response.status_code == 200, response.content


@pytest.mark.parametrize("path", LIST_ENDPOINTS)
def test_nul_character_in_list_filter_is_400(recruiter_a, api_as, path):
    response = api_as(recruiter_a).get(f"{path}?q=Jos%00%C3%A9&source=linked%00in")
    assert_error(response, 400, "MALFORMED_REQUEST")


def test_nul_character_in_scorecard_export_filter_is_400(acme_ats):
    response = acme_ats.client().get("/api/ats/scorecards/export?candidate_external_id=gh-%00-42")
    assert_error(response, 400, "MALFORMED_REQUEST")


@pytest.mark.parametrize("path", LIST_ENDPOINTS)
def test_absurd_page_number_is_404(recruiter_a, api_as, path):
    response = api_as(recruiter_a).get(path, {"page": "100000000000000000000"})
    assert_error(response, 404, "NOT_FOUND")


@pytest.mark.parametrize("path", [*LIST_ENDPOINTS, "/api/v1/feedback"])
@pytest.mark.parametrize("page", ["", "abc", "2.5"])
def test_a_page_that_is_no_number_is_refused_like_any_other_not_read_as_page_one(recruiter_a, api_as, path, page):
    response = api_as(recruiter_a).get(path, {"page": page})
    assert_error(response, 404, "NOT_FOUND")


def test_absurd_page_number_on_partner_candidates_is_400(acme_ats):
    response = acme_ats.client().get("/api/ats/candidates", {"page": "100000000000000000000"})
    body = assert_error(response, 400, "VALIDATION_ERROR")
    assert "page" in body["errors"]


def test_ordering_by_undeclared_field_is_ignored(admin_a, recruiter_a, api_as):
    response = api_as(admin_a).get("/api/v1/users", {"ordering": "get_full_name"})
    assert response.status_code == 200, response.content
    assert [u["email"] for u in response.json()["results"]] == sorted([admin_a.email, recruiter_a.email])


def test_user_create_accepts_is_active(admin_a, api_as):
    body = {"email": "jose.alvarez@example.com", "password": "Álvarez-sails-2026", "is_active": False}
    response = api_as(admin_a).post("/api/v1/users", body, format="json")
    assert response.status_code == 201, response.content
    assert User.objects.get(email="jose.alvarez@example.com").is_active is False


@pytest.mark.parametrize("value", ["-1.0318940056233809e+288", "99999999999999999999", "0", "2.5"])
@pytest.mark.parametrize(
    "path, parameter",
    [
        ("/api/v1/interviews", "application"),
        ("/api/v1/notes", "application"),
        ("/api/v1/applications", "candidate"),
        ("/api/v1/scorecards", "interview"),
    ],
)
def test_an_id_filter_that_is_no_id_is_400_naming_it(admin_a, api_as, path, parameter, value):
    response = api_as(admin_a).get(path, {parameter: value})
    assert_error(response, 400, "VALIDATION_ERROR")
    assert parameter in response.json()["errors"]


def test_ids_past_the_64_bit_range_in_a_list_match_nothing(org_a):
    from recruiting.models import Candidate
    from tests.factories import CandidateFactory

    kept = CandidateFactory(organization=org_a)
    assert list(Candidate.objects.filter(pk__in=[kept.pk, 2**63, -(2**80)])) == [kept]
    assert not Candidate.objects.filter(pk__in=[10**20]).exists()
