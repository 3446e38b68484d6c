"""ReViewPoint's WebSocket example end to end at its base URL, on a real Daphne server.

The document's client logs in at `{base}/api/v1/auth/login`, connects to `{base}/api/v1/ws` with
`Authorization: Bearer`, sends `subscribe` with `{"events": ["file_uploaded", "user_registered"]}`,
and its handlers read `data["data"]["email"]` (user_registered) and `data["data"]["message"]`
(notification). A registration through `{base}/api/v1/auth/register` with the API key triggers it;
an upload through `{base}/api/v1/uploads` triggers `file_uploaded`, whose handler reads `data["data"]["filename"]`.
"""

from __future__ import annotations

import httpx
import pytest

from ats.services.api_keys import create_api_key
from recruiting import services
from recruiting.models import User
from tests.asgi_server import WebSocket, run_scenario, start_asgi_server
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["start_asgi_server"]  # the fixture, imported for this module's tests

BASE = "/compat/reviewpoint"


@pytest.fixture
def fast_password_hashing():
    """Overrides the autouse cheap hasher: the server process checks the login with the real ones."""


def test_the_documents_websocket_example(start_asgi_server):
    organization = services.create_organization(name="ReViewPoint Labs")
    admin = services.create_user(organization=organization, email="user@example.com", password=PASSWORD, role="admin")
    raw_key = create_api_key(organization=organization, name="ReViewPoint", scopes=None, created_by=admin)[1]
    server = start_asgi_server()

    async def scenario():
        async with httpx.AsyncClient(base_url=server.url + BASE) as http:
            login = await http.post("/api/v1/auth/login", json={"email": "user@example.com", "password": PASSWORD})
            login.raise_for_status()
            token = login.json()["access_token"]
            ws = await WebSocket.connect(f"{server.ws_url}{BASE}/api/v1/ws", {"Authorization": f"Bearer {token}"})
            await ws.send("subscribe", {"events": ["file_uploaded", "user_registered"]})
            await ws.receive_type("subscribed")

            registered = await http.post(
                "/api/v1/auth/register",
                json={"email": "newuser@example.com", "password": "SecurePass123!", "name": "John Doe"},
                headers={"X-API-Key": raw_key},
            )
            assert registered.status_code == 201, registered.text
            message = await ws.receive_type("user_registered")
            assert message["data"]["email"] == "newuser@example.com"

            # The document's `upload_file`, then its `file_uploaded` handler reads data["data"]["filename"].
            uploaded = await http.post(
                "/api/v1/uploads",
                files={"file": ("Notes d'entretien – Zoë.txt", "Strong on Python; asked about São Paulo.".encode())},
                data={"description": "Interview notes"},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert uploaded.status_code in (200, 201), uploaded.text
            message = await ws.receive_type("file_uploaded")
            assert message["data"]["filename"] == "Notes d'entretien – Zoë.txt"
            assert message["data"]["id"] == uploaded.json()["id"]
            await ws.close()

    run_scenario(scenario)
    assert User.objects.filter(email="newuser@example.com", organization=organization).exists()
