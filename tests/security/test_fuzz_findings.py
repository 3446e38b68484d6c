"""What the schema fuzzing found, each pinned as the request that found it: a clear 4xx or a success,
never a 500 and never an HTML page."""

from __future__ import annotations

import pytest
from django.test import Client

from integrations.models import Webhook
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


@pytest.mark.parametrize(
    "path",
    [
        "/compat/hyrehr/api/v1/integrations/webhooks/a%0Ab/",
        "/compat/jobswipe/api/v1/jobs/%0A",
        "/compat/bhiv/v1/jobs/1%0A2/",
        "/compat/reviewpoint/api/v1/uploads/%0A/",
    ],
)
def test_a_dialect_path_with_a_line_break_is_the_dialects_json_404_not_the_sites_html_page(admin_a, path):
    response = bearer_client(admin_a).put(path, {}, format="json")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("query", ["count=0.75", "count=null", "count=", "page_size=null", "page_size=0"])
def test_a_list_flag_or_page_size_that_is_not_one_is_a_400_not_the_default_in_silence(admin_a, query):
    response = bearer_client(admin_a).get(f"/api/v1/jobs?{query}")

    assert response.status_code == 400, response.content
    assert response.json()["code"] == "VALIDATION_ERROR"


def test_a_page_size_past_the_cap_is_served_at_the_cap(admin_a):
    response = bearer_client(admin_a).get("/api/v1/jobs?page_size=9171407679256&count=false")

    assert response.status_code == 200
    assert response.json()["count"] is None


@pytest.mark.parametrize("query", ["updated_since=", "skills_match=", "experience_min="])
@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/candidates",
        # The export applies the list's filters itself: the 20-example fuzz found it exporting everyone.
        "/api/v1/candidates/export",
        "/api/v1/candidates/export?delivery=link&",
    ],
)
def test_a_blank_filter_that_is_not_free_text_is_a_400_not_the_whole_list(admin_a, candidate_a, path, query):
    separator = "" if path.endswith("&") else "?"
    response = bearer_client(admin_a).get(f"{path}{separator}{query}")

    assert response.status_code == 400, response.content
    assert query.rstrip("=") in response.json()["errors"]


def test_a_blank_free_text_search_still_lists_everyone(admin_a, candidate_a):
    response = bearer_client(admin_a).get("/api/v1/candidates?q=")

    assert response.status_code == 200
    assert response.json()["count"] == 1


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/v1/bias/check", {"text": 0}, "text"),
        ("/api/v1/jobs", {"title": 42, "description": "Backend role in Zürich"}, "title"),
        ("/api/v1/match/batch", {"job_ids": [1], "exclude_in_pipeline": "0"}, "exclude_in_pipeline"),
        ("/api/v1/match/batch", {"job_ids": [1], "limit": "5"}, "limit"),
        ("/api/v1/match/batch", {"job_ids": [True]}, "job_ids"),
    ],
)
def test_a_json_value_of_the_wrong_type_is_a_400_naming_the_field(admin_a, job_a, path, body, field):
    response = bearer_client(admin_a).post(path, body, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()["errors"]


def test_a_form_encoded_body_is_refused_where_the_api_reads_json(admin_a):
    response = bearer_client(admin_a).post(
        "/api/v1/jobs", "title=Data+Engineer&salary_currency=", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 415
    assert response.json()["code"] == "UNSUPPORTED_MEDIA_TYPE"


def test_an_integration_framework_webhook_can_name_its_integration(admin_a, admin_b):
    """The document's webhook body carries `integrationId`; the dialect lost the organization on the way
    to the check, so every id, even the caller's own, was 'does not exist'."""
    client = bearer_client(admin_a)
    base = "/compat/hyrehr/api/v1/integrations"
    integration = client.post(
        base,
        {"name": "Agenda d'Équipe", "provider": "google_calendar", "authType": "oauth2", "config": {}},
        format="json",
    ).json()
    hook = {"name": "Relais RH", "url": "https://hooks.example.com/rh", "events": ["application.created"]}

    created = client.post(f"{base}/webhooks", {**hook, "integrationId": integration["id"]}, format="json")
    theirs = bearer_client(admin_b).post(
        f"{base}/webhooks", {**hook, "integrationId": integration["id"]}, format="json"
    )

    assert created.status_code == 201, created.content
    assert created.json()["integrationId"] == integration["id"]
    assert theirs.status_code == 400
    assert "integration_id" in theirs.json()["message"]


@pytest.mark.parametrize("path", ["/api/v1/integrations/webhooks", "/compat/jobswipe/api/v1/webhooks"])
def test_a_webhook_created_paused_is_stored_paused_not_a_server_error(admin_a, path):
    body = {"name": "Relais RH", "url": "https://hooks.example.com/rh", "events": ["candidate.created"]}
    response = bearer_client(admin_a).post(path, {**body, "is_active": False}, format="json")

    assert response.status_code == 201, response.content
    assert Webhook.objects.get(organization=admin_a.organization).is_active is False


@pytest.mark.parametrize("query", ["start=", "department=", "job="])
def test_a_blank_dashboard_parameter_is_a_400_not_the_whole_organization(admin_a, query):
    response = bearer_client(admin_a).get(f"/api/v1/analytics/dashboard?{query}")

    assert response.status_code == 400, response.content
    assert query.rstrip("=") in response.json()["errors"]


@pytest.mark.parametrize("method", ["post", "put"])
def test_a_criterion_named_with_a_nul_character_is_a_400_not_a_500(admin_a, method):
    # Found once the fuzz wrote to scorecards that exist: PostgreSQL's JSON cannot store "\u0000".
    from tests.factories import ApplicationFactory, CandidateFactory, InterviewFactory, JobFactory, ScorecardFactory

    application = ApplicationFactory(
        job=JobFactory(organization=admin_a.organization), candidate=CandidateFactory(organization=admin_a.organization)
    )
    interview = InterviewFactory(application=application, interviewers=[admin_a])
    path = "/api/v1/scorecards"
    if method == "put":
        path += f"/{ScorecardFactory(interview=interview, interviewer=admin_a).pk}"
    body = {"interview": interview.pk, "ratings": {"Système\x00design": 4, "communication": 3}, "recommendation": "yes"}
    response = getattr(bearer_client(admin_a), method)(path, body, format="json")

    assert response.status_code == 400, response.content
    assert response.json()["errors"]["ratings"] == ["Null characters are not allowed."]


@pytest.mark.parametrize("path", ["/api/v1/candidates/bulk", "/api/v1/analytics/events"])
def test_a_body_with_required_properties_is_published_as_required(path):
    # Found by the fuzz: these bodies were optional in the schema, and a request without one is a 400.
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)

    assert schema["paths"][path]["post"]["requestBody"]["required"] is True


def test_a_phone_number_is_published_with_its_pattern():
    # Found by the fuzz: the no-NUL pattern hid the phone's own, so "0" was schema-valid and refused.
    import re

    from drf_spectacular.generators import SchemaGenerator

    phone = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]["CandidateRequest"]
    pattern = phone["properties"]["phone"]["oneOf"][0]["pattern"]

    assert re.search(pattern, "+33 6 12 34 56 78") and re.search(pattern, "(020) 7946-0958")
    assert not re.search(pattern, "0")


@pytest.mark.parametrize("method", ["delete", "patch"])
def test_removing_yourself_is_the_documented_400(admin_a, method):
    from drf_spectacular.generators import SchemaGenerator

    published = SchemaGenerator().get_schema(request=None, public=True)["paths"]["/api/v1/users/{id}"][method]
    body = {"is_active": False} if method == "patch" else None
    response = getattr(bearer_client(admin_a), method)(f"/api/v1/users/{admin_a.pk}", body, format="json")

    assert response.status_code == 400, response.content
    assert response.json()["code"] == "SELF_DEMOTION"
    assert "SELF_DEMOTION" in published["responses"]["400"]["description"]


def test_a_text_that_may_be_blank_is_published_so_that_blank_matches_the_schema():
    """`oneOf: [field, {maxLength: 0}]` with a field schema that admits "" refused "" by `oneOf` (both
    match), while the API takes it: schemathesis ST201 on `oauth/authorize?state=`."""
    import re

    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    ambiguous = []

    def walk(node, where):
        if isinstance(node, dict):
            alternatives = node.get("oneOf") or []
            blank_matches = [
                alternative
                for alternative in alternatives
                if isinstance(alternative, dict)
                and alternative.get("type") == "string"
                and not {"format", "minLength", "enum"} & alternative.keys()
                and re.search(alternative.get("pattern", ""), "") is not None
                and alternative.get("maxLength", 1) >= 0
            ]
            if len(blank_matches) > 1:
                ambiguous.append(where)
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for position, value in enumerate(node):
                walk(value, f"{where}/{position}")

    walk(schema, "")
    assert ambiguous == []
    authorize = schema["paths"]["/api/v1/integrations/{id}/oauth/authorize"]["get"]["parameters"]
    assert next(p for p in authorize if p["name"] == "state")["schema"]["pattern"] == "^[^\\x00]*$"
