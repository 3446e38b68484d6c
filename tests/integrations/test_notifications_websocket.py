"""The notifications WebSocket on a real Daphne server, with a real WebSocket client.

ReViewPoint's documented flow: log in for a token, connect with `Authorization: Bearer`,
`subscribe` to `file_uploaded` and `user_registered`, then receive `user_registered` (someone
registers through the API) and `notification` (the user is notified) as `{"type", "data"}`
messages whose `data` carries `email` and `message`.
"""

from __future__ import annotations

import httpx
import pytest
from django.conf import settings as django_settings
from rest_framework_simplejwt.tokens import RefreshToken

from ats.services.api_keys import create_api_key
from integrations.services.notifications import notify_user
from recruiting import services
from recruiting.models import User
from tests.asgi_server import AsgiServer, HandshakeRefusedError, WebSocket, in_thread, run_scenario, start_asgi_server
from tests.conftest import PASSWORD
from tests.processes import PrivateRedis

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["start_asgi_server"]  # the fixture, imported for this module's tests


@pytest.fixture
def acme():
    organization = services.create_organization(name="Acme Talent")
    admin = services.create_user(
        organization=organization, email="admin@acme.test", password=PASSWORD, role=User.Role.ADMIN
    )
    _key, raw_key = create_api_key(organization=organization, name="ReViewPoint", scopes=None, created_by=admin)
    return organization, admin, raw_key


async def login(server: AsgiServer, email: str) -> str:
    """An access token as `/auth/login` issues it (this module's users have test-only password hashes)."""
    return await in_thread(lambda: str(RefreshToken.for_user(User.objects.get(email=email)).access_token))


@pytest.mark.parametrize("path", ["/api/v1/ws", "/compat/reviewpoint/api/v1/ws"])
def test_subscribe_then_user_registered_and_notification_arrive(start_asgi_server, acme, path):
    _organization, admin, raw_key = acme
    server = start_asgi_server()

    async def scenario():
        token = await login(server, admin.email)
        ws = await WebSocket.connect(f"{server.ws_url}{path}", {"Authorization": f"Bearer {token}"})
        await ws.send("subscribe", {"events": ["file_uploaded", "user_registered"]})
        subscribed = await ws.receive_type("subscribed")
        assert subscribed["data"]["events"] == ["file_uploaded", "user_registered"]

        async with httpx.AsyncClient(base_url=server.url) as http:
            registered = await http.post(
                "/api/v1/auth/register",
                json={"email": "newuser@example.com", "password": "SecurePass123!", "name": "Zoë O'Connor"},
                headers={"X-API-Key": raw_key},
            )
            assert registered.status_code == 201, registered.text
            message = await ws.receive_type("user_registered")
            assert message["data"]["email"] == "newuser@example.com"
            assert message["data"]["name"] == "Zoë O'Connor"
            assert message["data"]["id"] == registered.json()["user"]["id"]

            sent = await http.post(
                "/api/v1/notifications/send",
                json={"user_id": admin.pk, "title": "Offer signed", "message": "José signed the offer, Berlin"},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert sent.status_code == 201, sent.text
            notification = await ws.receive_type("notification")
            assert notification["data"]["message"] == "José signed the offer, Berlin"
            assert notification["data"]["unread_count"] == 1
            assert notification["timestamp"]
        await ws.close()

    run_scenario(scenario)


async def register_then_expect_only_a_pong(server: AsgiServer, ws: WebSocket, raw_key: str, email: str) -> None:
    """Register someone through the API; the socket's next message after that must be a pong.

    The message is published after commit, before the answer: the next thing on the socket after it
    would be `user_registered` had this socket been entitled to it.
    """
    async with httpx.AsyncClient(base_url=server.url) as http:
        registered = await http.post(
            "/api/v1/auth/register",
            json={"email": email, "password": "SecurePass123!", "name": "Siobhán D'Arcy"},
            headers={"X-API-Key": raw_key},
        )
        assert registered.status_code == 201
    await ws.send("ping", {})
    assert (await ws.receive())["type"] == "pong"
    await ws.close()


def test_without_a_subscription_only_the_users_own_notifications_arrive(start_asgi_server, acme):
    _organization, admin, raw_key = acme
    server = start_asgi_server()

    async def scenario():
        token = await login(server, admin.email)
        ws = await WebSocket.connect(f"{server.ws_url}/api/v1/ws", {"Authorization": f"Bearer {token}"})
        await ws.send("ping", {})
        await ws.receive_type("pong")
        await register_then_expect_only_a_pong(server, ws, raw_key, "quiet@example.com")

    run_scenario(scenario)


def test_another_organization_hears_nothing_of_ours(start_asgi_server, acme):
    _organization, _admin, raw_key = acme
    globex = services.create_organization(name="Globex Hiring")
    outsider = services.create_user(organization=globex, email="admin@globex.test", password=PASSWORD, role="admin")
    server = start_asgi_server()

    async def scenario():
        token = await login(server, outsider.email)
        ws = await WebSocket.connect(f"{server.ws_url}/api/v1/ws", {"Authorization": f"Bearer {token}"})
        await ws.send("subscribe", {"events": ["*"]})
        await ws.receive_type("subscribed")
        await register_then_expect_only_a_pong(server, ws, raw_key, "acme.only@example.com")

    run_scenario(scenario)


def test_a_socket_without_valid_credentials_is_refused(start_asgi_server, acme):
    server = start_asgi_server()

    async def scenario():
        for headers in ({}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic YWRtaW46eA=="}):
            with pytest.raises(HandshakeRefusedError):
                await WebSocket.connect(f"{server.ws_url}/api/v1/ws", headers)

    run_scenario(scenario)


def test_bad_messages_get_an_error_and_the_socket_stays_open(start_asgi_server, acme):
    _organization, admin, _raw_key = acme
    server = start_asgi_server()

    async def scenario():
        token = await login(server, admin.email)
        ws = await WebSocket.connect(f"{server.ws_url}/api/v1/ws", {"Authorization": f"Bearer {token}"})
        await ws.send_text("{not json")
        assert (await ws.receive())["type"] == "error"
        await ws.send("subscribe", {"events": ["stock_prices"]})
        assert "stock_prices" in (await ws.receive())["data"]["message"]
        await ws.send("dance", {})
        assert (await ws.receive())["type"] == "error"
        await ws.send("ping", {})
        assert (await ws.receive())["type"] == "pong"
        await ws.close()

    run_scenario(scenario)


def test_with_redis_a_notification_made_in_another_process_reaches_the_socket(
    start_asgi_server, acme, settings, request
):
    """A worker (here: the test process) publishes; the server process holds the socket."""
    _organization, admin, _raw_key = acme
    # A redis-server of this test's own: the shared one's databases belong to the run's other tests and workers.
    redis = PrivateRedis()
    request.addfinalizer(redis.stop)
    redis_url = redis.url
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels_redis.core.RedisChannelLayer", "CONFIG": {"hosts": [redis_url]}}
    }
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    server = start_asgi_server(redis_url=redis_url)

    async def scenario():
        token = await login(server, admin.email)
        ws = await WebSocket.connect(f"{server.ws_url}/api/v1/ws", {"Authorization": f"Bearer {token}"})
        await ws.send("ping", {})
        await ws.receive_type("pong")  # the socket has joined its groups
        await in_thread(
            lambda: notify_user(
                user=User.objects.get(pk=admin.pk), type="interview.scheduled", title="Interview at 10:00"
            )
        )
        notification = await ws.receive_type("notification")
        assert notification["data"]["title"] == "Interview at 10:00"
        assert notification["data"]["message"] == "Interview at 10:00"
        await ws.close()

    try:
        run_scenario(scenario)
    finally:
        channel_layers.backends.clear()
        assert django_settings.CHANNEL_LAYERS  # restored by the settings fixture after the test
