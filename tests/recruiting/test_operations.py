"""OpenAPI schema, docs, admin login and the health endpoint."""

import pytest
from django.db import connection
from django.test import Client
from drf_spectacular.validation import validate_schema


def test_schema_is_valid_openapi_3_with_auth_and_error_responses(db):
    response = Client().get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert schema["openapi"].startswith("3.")
    schemes = schema["components"]["securitySchemes"]
    assert {"jwtAuth", "cookieAuth"} <= set(schemes)
    # Partners' API keys are documented: on /api/ats/ (required) and on the whole v1 API (accepted).
    assert {"in": "header", "name": "X-API-Key"}.items() <= schemes["ApiKeyAuth"].items()
    assert {"in": "header", "name": "X-API-Key"}.items() <= schemes["PartnerApiKeyAuth"].items()
    assert {"ApiKeyAuth": []} in schema["paths"]["/api/v1/candidates"]["get"]["security"]
    assert schema["paths"]["/api/ats/candidates"]["get"]["security"] == [{"PartnerApiKeyAuth": []}]
    candidates = schema["paths"]["/api/v1/candidates/{id}"]["get"]
    assert {"200", "401", "403", "404"} <= set(candidates["responses"])
    error = candidates["responses"]["404"]["content"]["application/json"]["schema"]["$ref"]
    assert error.endswith("/Error")
    create = schema["paths"]["/api/v1/jobs"]["post"]
    assert "requestBody" in create and "400" in create["responses"]


@pytest.mark.parametrize("path", ["/api/docs/", "/admin/login/", "/health"])
def test_operational_pages_answer_200(db, path):
    assert Client().get(path).status_code == 200


def test_swagger_ui_loads_assets_locally_not_from_a_cdn(db):
    html = Client().get("/api/docs/").content.decode()
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/" in html


def test_health_reports_each_check(db):
    body = Client().get("/health").json()
    assert body == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}


@pytest.mark.django_db(transaction=True)
def test_health_is_503_when_the_database_is_unreachable():
    settings_dict = connection.settings_dict
    saved_settings, saved_connection = dict(settings_dict), connection.connection
    # Point the next connect at nothing: a real refused connection (PostgreSQL) or unopenable file (SQLite).
    connection.connection = None
    settings_dict.update(
        {"PORT": "1", "NAME": "/nonexistent-dir/db.sqlite3"} if connection.vendor == "sqlite" else {"PORT": "1"}
    )
    try:
        response = Client().get("/health")
    finally:
        settings_dict.clear()
        settings_dict.update(saved_settings)
        connection.connection = saved_connection
    assert response.status_code == 503
    assert response.json()["status"] == "error"
    assert response.json()["checks"]["database"].startswith("error")
