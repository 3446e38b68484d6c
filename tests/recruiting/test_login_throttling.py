"""Sign-in attempts are limited per client address on every login form, and survive a Redis outage."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from recruiting.models import User
from tests.conftest import PASSWORD
from tests.recruiting.test_errors import assert_error

CLOSED_REDIS = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
}


@pytest.fixture
def three_attempts_a_minute(settings):
    settings.LOGIN_RATE_LIMIT = "3/minute"


def api_login(email: str, password: str, forwarded_for: str = ""):
    return APIClient(HTTP_X_FORWARDED_FOR=forwarded_for).post(
        "/api/v1/auth/login", {"email": email, "password": password}, format="json"
    )


def test_rotating_x_forwarded_for_does_not_reset_the_api_login_budget(three_attempts_a_minute, recruiter_a):
    for n in range(3):
        assert api_login(recruiter_a.email, "wrong-guess", f"203.0.113.{n}").status_code == 401
    body = assert_error(api_login(recruiter_a.email, PASSWORD, "198.51.100.77"), 429, "RATE_LIMIT_EXCEEDED")
    assert body["retry_after"] >= 1


@pytest.mark.parametrize("path", ["/accounts/login/", "/admin/login/"])
def test_rotating_x_forwarded_for_does_not_reset_the_page_login_budget(three_attempts_a_minute, admin_a, path):
    for n in range(3):
        response = Client(HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").post(
            path, {"username": admin_a.email, "password": "wrong-guess"}
        )
        assert response.status_code == 200
    refused = Client(HTTP_X_FORWARDED_FOR="198.51.100.77").post(path, {"username": admin_a.email, "password": PASSWORD})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert "_auth_user_id" not in refused.client.session


def test_behind_a_trusted_proxy_each_client_address_has_its_own_budget(three_attempts_a_minute, settings, recruiter_a):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(3):
        assert api_login(recruiter_a.email, "wrong-guess", "6.6.6.6, 203.0.113.9").status_code == 401
    assert api_login(recruiter_a.email, "wrong-guess", "1.2.3.4, 203.0.113.9").status_code == 429
    assert api_login(recruiter_a.email, PASSWORD, "203.0.113.10").status_code == 200


def test_api_login_works_with_redis_down(settings, recruiter_a):
    settings.CACHES = CLOSED_REDIS
    response = api_login(recruiter_a.email, PASSWORD)
    assert response.status_code == 200, response.content
    assert response.json()["access_token"]


def test_page_login_works_and_is_still_throttled_with_redis_down(three_attempts_a_minute, settings, admin_a):
    settings.CACHES = CLOSED_REDIS
    client = Client()
    response = client.post("/accounts/login/", {"username": admin_a.email, "password": PASSWORD})
    assert response.status_code == 302, response.content
    assert int(client.session["_auth_user_id"]) == admin_a.pk
    for _ in range(2):
        Client().post("/accounts/login/", {"username": admin_a.email, "password": "wrong-guess"})
    assert Client().post("/accounts/login/", {"username": admin_a.email, "password": PASSWORD}).status_code == 429
    assert User.objects.get(pk=admin_a.pk).is_active


def test_a_window_boundary_does_not_give_a_fresh_budget(three_attempts_a_minute, admin_a, monkeypatch):
    import recruiting.login_throttle as throttle

    boundary = (int(throttle.time.time() // 60) + 5) * 60  # a minute boundary in the near future
    monkeypatch.setattr(throttle.time, "time", lambda: boundary - 1)
    client = Client(REMOTE_ADDR="192.0.2.61")
    for _ in range(3):
        assert client.post("/accounts/login/", {"username": admin_a.email, "password": "wrong"}).status_code == 200
    monkeypatch.setattr(throttle.time, "time", lambda: boundary + 1)
    assert client.post("/accounts/login/", {"username": admin_a.email, "password": PASSWORD}).status_code == 429
    # Once the earlier attempts have slid out of the last minute, the address may try again.
    monkeypatch.setattr(throttle.time, "time", lambda: boundary + 59)
    assert client.post("/accounts/login/", {"username": admin_a.email, "password": "wrong"}).status_code == 200
