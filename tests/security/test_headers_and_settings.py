"""Security headers, deploy settings and password hashing that a customer's security review checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from rest_framework.test import APIClient

from ats.services import api_keys
from recruiting.services import create_user
from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_signed_in_pages_are_never_cached_and_carry_the_page_headers(recruiter_a):
    response = signed_in(recruiter_a).get("/candidates/")
    assert response.status_code == 200
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_for_visitors_have_the_policy_too(db):
    response = Client().get("/accounts/login/")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.fixture
def api_key_a(org_a, admin_a) -> str:
    return api_keys.register_integration(organization=org_a, name="Greenhouse sync", created_by=admin_a)[2]


def test_api_answers_to_a_token_or_key_are_never_cached(recruiter_a, api_key_a):
    token = (
        APIClient()
        .post("/api/v1/auth/login", {"email": recruiter_a.email, "password": PASSWORD}, format="json")
        .json()["access_token"]
    )
    by_token = Client().get("/api/v1/candidates", HTTP_AUTHORIZATION=f"Bearer {token}")
    by_key = Client().get("/api/v1/candidates", HTTP_X_API_KEY=api_key_a)
    for response in (by_token, by_key):
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        # JSON needs no page policy.
        assert "Content-Security-Policy" not in response


def test_admin_and_api_docs_keep_their_inline_scripts_but_admin_is_not_cached(admin_a):
    admin_a.is_staff = True
    admin_a.save()
    client = signed_in(admin_a)
    admin_page = client.get("/admin/")
    assert admin_page.status_code == 200
    assert "Content-Security-Policy" not in admin_page
    assert "no-store" in admin_page["Cache-Control"]
    assert "Content-Security-Policy" not in Client().get("/api/docs/")


def test_behind_tls_plain_http_is_redirected_and_hsts_is_sent(settings, db):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31_536_000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    plain = Client().get("/accounts/login/")
    assert plain.status_code == 301 and plain["Location"].startswith("https://")
    # The load balancer's probe is not redirected.
    assert Client().get("/health").status_code in (200, 503)
    secure = Client().get("/accounts/login/", HTTP_X_FORWARDED_PROTO="https")
    assert secure.status_code == 200
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


PRODUCTION_ENV = {
    "SECRET_KEY": "kV3q9x-production-like-secret-3bd8a1f0c47e4e2b9f6a5d1c8e7b2a94-not-used-anywhere",
    "INTEGRATIONS_ENCRYPTION_KEYS": "production-like-integrations-key-0123456789abcdef",
    "DEBUG": "0",
    "ALLOWED_HOSTS": "recruit.example.com",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
    "SECURE_HSTS_PRELOAD": "1",
    "TRUST_X_FORWARDED_PROTO": "1",
}


def deploy_check(extra_env: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV} | extra_env
    return subprocess.run(
        # Every deploy check, not only `--tag security`: drf-spectacular's (W001/W002) builds the
        # published schema and warns about what it cannot resolve.
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_the_production_settings_from_docs_operations():
    result = deploy_check(PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_deploy_check_includes_the_schema_generators_warnings():
    # An API view whose body the generator cannot work out is dropped from the schema with a warning;
    # the check above is clean only because no view is.
    from django.core.checks import registry

    checks = registry.registry.get_checks(include_deployment_checks=True)
    assert "schema_check" in {check.__name__ for check in checks}
    from drf_spectacular.settings import spectacular_settings

    assert spectacular_settings.ENABLE_DJANGO_DEPLOY_CHECK


def test_deploy_check_names_what_is_missing_without_them():
    result = deploy_check({k: v for k, v in PRODUCTION_ENV.items() if not k.startswith(("SECURE_", "TRUST_"))})
    assert result.returncode != 0
    assert "security.W004" in result.stderr + result.stdout  # HSTS
    assert "security.W008" in result.stderr + result.stdout  # SSL redirect


@pytest.mark.usefixtures("db")
def test_passwords_are_stored_with_djangos_pbkdf2_hasher_in_production_settings(settings, org_a):
    # The suite swaps in a fast hasher; the project's own setting is Django's default list.
    settings.PASSWORD_HASHERS = _project_hashers()
    user = create_user(organization=org_a, email="zoë.o'connor@acme.test", password=PASSWORD, role="recruiter")
    assert user.password.startswith("pbkdf2_sha256$")
    assert PASSWORD not in user.password
    assert user.check_password(PASSWORD)


def _project_hashers() -> list[str]:
    from django.conf import global_settings

    import config.settings as project

    return getattr(project, "PASSWORD_HASHERS", global_settings.PASSWORD_HASHERS)
