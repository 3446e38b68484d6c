"""Shared actors and clients: an admin, recruiter, hiring manager and viewer of org A; an admin of org B."""

from __future__ import annotations

import os

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from recruiting import services
from recruiting.models import User
from tests.factories import ApplicationFactory, CandidateFactory, JobFactory

PASSWORD = "correct-horse-battery"

# Each pytest-xdist worker needs its own Redis databases and VAR_DIR before the settings load
# (tests/xdist_isolation.py, a plugin pyproject.toml's addopts load with `-p`).
if (
    os.environ.get("PYTEST_XDIST_WORKER")
    and os.environ.get("XDIST_ISOLATED_WORKER") != os.environ["PYTEST_XDIST_WORKER"]
):
    raise pytest.UsageError("xdist workers share Redis without `-p tests.xdist_isolation` (see pyproject.toml)")

# Servers the tests start with DEBUG off (runserver runs the system checks) need the settings'
# development key, which `manage.py check` otherwise refuses to do without (integrations.E001).
os.environ.setdefault("INTEGRATIONS_ENCRYPTION_KEYS", "dev-only-integrations-key-not-for-production")


@pytest.fixture
def org_a(db):
    return services.create_organization(name="Acme Talent")


@pytest.fixture
def org_b(db):
    return services.create_organization(name="Globex Hiring")


def _user(organization, email, role):
    return services.create_user(organization=organization, email=email, password=PASSWORD, role=role)


@pytest.fixture
def admin_a(org_a):
    return _user(org_a, "admin@acme.test", User.Role.ADMIN)


@pytest.fixture
def recruiter_a(org_a):
    return _user(org_a, "recruiter@acme.test", User.Role.RECRUITER)


@pytest.fixture
def manager_a(org_a):
    return _user(org_a, "manager@acme.test", User.Role.HIRING_MANAGER)


@pytest.fixture
def viewer_a(org_a):
    return _user(org_a, "viewer@acme.test", User.Role.VIEWER)


@pytest.fixture
def admin_b(org_b):
    return _user(org_b, "admin@globex.test", User.Role.ADMIN)


def bearer_client(user: User) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


@pytest.fixture
def api_as():
    """Build an API client authenticated with a bearer token for the given user."""
    return bearer_client


@pytest.fixture
def job_a(org_a):
    return JobFactory(organization=org_a)


@pytest.fixture
def job_b(org_b):
    return JobFactory(organization=org_b)


@pytest.fixture
def candidate_a(org_a):
    return CandidateFactory(organization=org_a)


@pytest.fixture
def candidate_b(org_b):
    return CandidateFactory(organization=org_b)


@pytest.fixture
def application_a(job_a, candidate_a):
    return ApplicationFactory(job=job_a, candidate=candidate_a)


@pytest.fixture
def application_b(job_b, candidate_b):
    return ApplicationFactory(job=job_b, candidate=candidate_b)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hash test passwords cheaply; the production hasher is PBKDF2 and costs ~100 ms per user."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_login_attempt_budget():
    """Each test starts with no sign-in attempts counted, however many logins earlier tests made."""
    from django.core.cache import cache

    from recruiting.counting import forget_local_estimates
    from recruiting.login_throttle import forget_login_attempts

    cache.clear()
    forget_login_attempts()
    forget_local_estimates()


@pytest.fixture(scope="session", autouse=True)
def close_connections_left_in_other_contexts(django_db_setup):
    """Close database connections that belong to contexts other than the one tearing down.

    Django keeps one connection per context; Playwright's greenlets switch contexts, so a connection
    opened before the browser started is no longer `connection` at teardown and would keep the test
    database from being dropped.
    """
    yield
    import gc
    from threading import get_ident

    from django.db.backends.base.base import BaseDatabaseWrapper

    # type(), not isinstance(): gc also yields dead weak proxies, which raise on attribute access.
    for wrapper in [obj for obj in gc.get_objects() if issubclass(type(obj), BaseDatabaseWrapper)]:
        # Only PostgreSQL refuses to drop a database in use; only this thread's wrappers are ours to close.
        if wrapper.vendor == "postgresql" and wrapper.connection is not None and wrapper._thread_ident == get_ident():
            wrapper.close()


@pytest.fixture(autouse=True)
def _files_in_a_temporary_folder(settings, tmp_path):
    """Uploads and resumes a test stores go to its own folder, never var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def eager_tasks():
    """Run queued tasks inline, in this process, when they are queued (for tests that need no worker)."""
    from config.celery import app as celery_app

    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = previous


@pytest.fixture(autouse=True)
def roomy_plan_limits(settings, request):
    """Tests make many requests a minute as one organization; the plan limit's own tests ask for the real rates."""
    if "real_plan_limits" not in request.fixturenames:
        settings.ORGANIZATION_PLAN_RATES = {
            "free": "100000/minute",
            "pro": "100000/minute",
            "enterprise": "100000/minute",
        }


@pytest.fixture
def real_plan_limits(settings):
    """The plan rates as shipped (60, 300 and 1000 requests a minute), not the tests' roomy ones."""
    from config import settings as shipped

    settings.ORGANIZATION_PLAN_RATES = dict(shipped.ORGANIZATION_PLAN_RATES)
