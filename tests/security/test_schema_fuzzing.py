"""Schema fuzzing on every run: schemathesis generates requests for every operation of the published
OpenAPI schema (dialects included) and sends them, in-process, as an organization admin.

Bounded for CI (`FUZZ_EXAMPLES` per operation, 5 by default, a fixed seed so a failure reproduces);
`make stress` runs the longer fuzz from the command line. Here, for every generated request, valid or
not, schemathesis's checks: no server error, a status, content type, headers and body the schema
documents, an invalid request refused; and an answer under `/api/` or `/compat/` is JSON (no HTML
error page). docs/operations.md has the counts per check code.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import override_settings
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import ignored_auth, positive_data_acceptance

from recruiting import services
from recruiting.demo import seed_demo
from recruiting.models import User
from tests import fuzz_data
from tests.conftest import bearer_client
from tests.integrations.conftest import OAuthServer, Receiver, providers_pointing_at

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "5"))
APP = get_wsgi_application()
PUBLISHED = SchemaGenerator().get_schema(request=None, public=True)
SCHEMA = schemathesis.openapi.from_dict(PUBLISHED)


@pytest.fixture(autouse=True)
def requests_keep_the_test_connection():
    """In-process WSGI calls start and end with signals that close the database connection the test's
    transaction lives on; Django's test client detaches that handler the same way while it runs."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


# By default the organization gets a little of everything (seed_demo's pipeline, jobs and 30
# candidates, then tests/fuzz_data.py's rows: connected OAuth integrations with a local provider among
# them), the requests name its rows, and `positive_data_acceptance` is on: a schema-valid request refused
# fails the run. The rows are made once per module (per xdist worker), in a transaction each test's own
# nests in and rolls back to, so every operation starts from the same rows and none outlives the module.
# FUZZ_POSITIVE=0 fuzzes an empty organization instead, without that check (every id there is unknown).
POSITIVE = os.environ.get("FUZZ_POSITIVE", "1") == "1"


@pytest.fixture(scope="module")
def webhook_receiver():
    """Webhooks the fuzz registers point here, on loopback, as in the integration tests."""
    receiver = Receiver()
    yield receiver
    receiver.stop()


@pytest.fixture(scope="module")
def oauth_provider():
    """The OAuth provider google_calendar points at during the fuzz: authorize, callback and refresh
    reach a real token endpoint on loopback, as in the integration tests."""
    server = OAuthServer()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def seeded_admin(django_db_setup, django_db_blocker, request):
    """The fuzzed organization's admin, its rows in tests/fuzz_data.py's pool; all undone after the module."""
    if not POSITIVE:
        yield None
        return
    webhook_receiver = request.getfixturevalue("webhook_receiver")
    oauth_provider = request.getfixturevalue("oauth_provider")
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        override_settings(INTEGRATION_PROVIDERS=providers_pointing_at(oauth_provider)),
    ):
        seeded = seed_demo(org_name="Fuzz Ltd", admin_email="fuzz@example.com", password="Fuzz-pass-1", candidates=30)
        fuzz_data.use(
            fuzz_data.collect(
                organization=seeded.organization,
                admin=seeded.admin,
                webhook_url=webhook_receiver.url(),
                per_kind=3,
                oauth_code=next(iter(oauth_provider.valid_codes)),
            )
        )
        yield seeded.admin
        fuzz_data.use({})
        transaction.set_rollback(True)


@pytest.fixture
def admin_token(seeded_admin, db, settings, request):
    if seeded_admin is None:
        organization = services.create_organization(name="Fuzz Ltd")
        admin = services.create_user(
            organization=organization, email="fuzz@example.com", password=None, role=User.Role.ADMIN
        )
        return bearer_client(admin)._credentials["HTTP_AUTHORIZATION"]
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True  # the receivers are on 127.0.0.1 (allow_loopback)
    settings.INTEGRATION_PROVIDERS = providers_pointing_at(request.getfixturevalue("oauth_provider"))
    return bearer_client(seeded_admin)._credentials["HTTP_AUTHORIZATION"]


# Off: `ignored_auth` re-sends each request without credentials over real HTTP (not to an in-process app):
# it runs in `make stress`'s fuzz against gunicorn, with no failure there. `positive_data_acceptance`
# (valid requests refused) needs the organization's rows in the requests: off only with FUZZ_POSITIVE=0.
NOT_YET = [ignored_auth] if POSITIVE else [positive_data_acceptance, ignored_auth]


@SCHEMA.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.generate],  # the documented examples are the dialect tests; here, generated ones only
    suppress_health_check=list(HealthCheck),
)
def test_every_generated_request_is_answered_as_the_schema_says(case, admin_token):
    response = case.call_and_validate(app=APP, headers={"Authorization": admin_token}, excluded_checks=NOT_YET)
    path = case.operation.path
    if response.status_code != 204 and path.startswith(("/api/", "/compat/")):
        headers = {name.lower(): value for name, value in response.headers.items()}
        content_type = headers.get("content-type", [""])
        content_type = content_type[0] if isinstance(content_type, list) else content_type
        downloads = ("text/csv", "application/octet-stream", "application/vnd.openxmlformats", "text/plain")
        if not content_type.startswith(downloads):
            assert content_type.startswith("application/json"), (response.status_code, content_type, path)


def test_exports_publish_their_file_bodies():
    candidates = PUBLISHED["paths"]["/api/v1/candidates/export"]["get"]
    assert set(candidates["responses"]["200"]["content"]) == {
        "text/csv",
        "application/json",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    assert {"format", "delivery", "q", "skills"} <= {parameter["name"] for parameter in candidates["parameters"]}
    report = PUBLISHED["paths"]["/api/v1/analytics/report.csv"]["get"]
    assert set(report["responses"]["200"]["content"]) == {"text/csv", "application/json"}
    link = report["responses"]["200"]["content"]["application/json"]["schema"]
    assert link["required"] == ["export_url", "format", "expires_at"]


def test_password_rules_are_published():
    import re

    from django.contrib.auth import password_validation

    member = PUBLISHED["components"]["schemas"]["MemberRequest"]["properties"]["password"]
    assert member["minLength"] == 8  # settings.AUTH_PASSWORD_VALIDATORS' MinimumLengthValidator
    for help_text in password_validation.password_validators_help_texts():
        assert help_text in member["description"]
    registration = PUBLISHED["components"]["schemas"]["RegistrationRequest"]["properties"]["password"]
    assert registration["minLength"] == 8
    assert re.search(registration["pattern"], "9lives-Cat")
    for weak in ("alllowercase1", "ALLUPPERCASE1", "NoDigitsHere", "9lives-Cat\x00"):
        assert not re.search(registration["pattern"], weak), weak


def test_id_filters_are_published_as_whole_numbers_from_one():
    parameters = PUBLISHED["paths"]["/api/v1/applications"]["get"]["parameters"]
    job = next(parameter for parameter in parameters if parameter["name"] == "job")
    assert job["schema"]["type"] == "integer" and job["schema"]["minimum"] == 1


def test_text_fields_that_refuse_blanks_publish_that_they_need_a_visible_character():
    import re

    title = PUBLISHED["components"]["schemas"]["JobRequest"]["properties"]["title"]["pattern"]
    assert re.search(title, "Ingénieure d'études") and re.search(title, "  Zoë  ")
    for blank in ("", " ", "\n\t", "\u00a0", "Zoë\x00"):  # DRF trims, then refuses blank; NUL is refused
        assert not re.search(title, blank), repr(blank)
    name = PUBLISHED["components"]["schemas"]["RegistrationRequest"]["properties"]["name"]["pattern"]
    assert re.search(name, "Seán Ó Briain") and not re.search(name, "Seán\x00") and not re.search(name, " S ")


def test_bodies_of_alternatives_are_published_as_any_of():
    import re

    callback = PUBLISHED["components"]["schemas"]["OAuthCallbackRequest"]
    assert callback["anyOf"] == [{"required": ["code", "state"]}, {"required": ["error"]}]
    parse = PUBLISHED["paths"]["/api/v1/resume/parse"]["post"]["requestBody"]
    assert parse["required"] is True
    form = parse["content"]["multipart/form-data"]["schema"]
    assert form["anyOf"] == [{"required": ["file"]}, {"required": ["resume_url"]}]
    as_json = parse["content"]["application/json"]["schema"]
    assert as_json["required"] == ["resume_url"] and "file" not in as_json["properties"]
    stored = as_json["properties"]["resume_url"]["pattern"]
    assert re.search(stored, "/api/v1/storage/files/6f53245d-7de0-466f-950a-2c6c84eb9c72?signature=x")
    assert re.search(stored, "https://recruit.example.com/api/v1/uploads/42")
    assert not re.search(stored, "https://cv.example.com/amélie-d'arcy.pdf")


def test_every_operation_publishes_gunicorns_too_long_request_line():
    for path, item in PUBLISHED["paths"].items():
        for method, operation in item.items():
            if method in ("get", "post", "put", "patch", "delete"):
                assert set(operation["responses"]["414"]["content"]) == {"text/html"}, (method, path)


def analytics_query(admin_token: str, body: dict):
    from django.test import Client

    return Client().post(
        "/api/v1/analytics/query", body, content_type="application/json", HTTP_AUTHORIZATION=admin_token
    )


def test_analytics_filters_null_is_refused_like_any_other_wrong_type(admin_token):
    response = analytics_query(admin_token, {"metrics": ["applications"], "filters": None})
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "INVALID_FILTER"


def test_accepting_parsed_fields_publishes_the_field_names():
    from recruiting.resumes import ACCEPTED_FIELDS

    fields = PUBLISHED["components"]["schemas"]["AcceptRequestRequest"]["properties"]["fields"]
    name = fields["items"]["allOf"][0]["$ref"].rsplit("/", 1)[-1]
    assert PUBLISHED["components"]["schemas"][name]["enum"] == list(ACCEPTED_FIELDS)


@pytest.mark.parametrize("granularity", [{}, [], ["day"]])
def test_analytics_granularity_of_the_wrong_type_is_a_400_not_a_server_error(admin_token, granularity):
    response = analytics_query(admin_token, {"metrics": ["applications"], "granularity": granularity})
    assert response.status_code == 400, response.content
    assert response.json()["code"] == "UNKNOWN_GRANULARITY"
