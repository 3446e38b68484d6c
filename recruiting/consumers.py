"""The notifications WebSocket (`/api/v1/ws`, and each dialect's path to it): the edge of recruiting/realtime.py.

Authentication: `Authorization: Bearer <access token>` (API clients, ReViewPoint's documented
client), or the dashboard's session cookie when the `Origin` is this site (a page on another
site cannot borrow a signed-in browser's socket). Protocol, JSON text frames `{"type", "data"}`:

- the client sends `{"type": "subscribe", "data": {"events": ["user_registered", ...]}}` (`"*"`
  for every type) and gets `{"type": "subscribed", "data": {"events": [...]}}`;
- the server sends `notification` (the user's own, always), and the organization's
  `user_registered` / `file_uploaded` to sockets subscribed to them;
- `{"type": "ping"}` gets `{"type": "pong"}`; anything else gets `{"type": "error", "data": {"message"}}`.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings
from django.http.request import split_domain_port, validate_host
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import AuthenticationFailed, InvalidToken

from recruiting import realtime
from recruiting.models import User

# Close codes in the application range: 4401 no or bad credentials.
CLOSE_UNAUTHENTICATED = 4401
MAX_FRAME_CHARS = 10_000


def _header(scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1")
    return ""


def _user_from_bearer(authorization: str) -> User | None:
    scheme, _, raw = authorization.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return None
    auth = JWTAuthentication()
    try:
        user = auth.get_user(auth.get_validated_token(raw.strip().encode()))
    except (InvalidToken, AuthenticationFailed):
        return None
    return user if user.is_active and user.organization_id else None


def _same_site_origin(scope) -> bool:
    origin = _header(scope, b"origin")
    if not origin:
        return False
    host, _port = split_domain_port(urlsplit(origin).netloc)
    allowed = settings.ALLOWED_HOSTS or ["localhost", "127.0.0.1", "[::1]"]
    return bool(host) and validate_host(host, allowed) and urlsplit(origin).netloc == _header(scope, b"host")


@database_sync_to_async
def authenticate(scope) -> User | None:
    authorization = _header(scope, b"authorization")
    if authorization:
        return _user_from_bearer(authorization)
    user = scope.get("user")
    if user is not None and user.is_authenticated and user.is_active and _same_site_origin(scope):
        return user
    return None


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        self.user = await authenticate(self.scope)
        if self.user is None:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        self.subscribed: set[str] = set()
        self.joined = [realtime.user_group(self.user.pk), realtime.organization_group(self.user.organization_id)]
        for group in self.joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        for group in getattr(self, "joined", []):
            await self.channel_layer.group_discard(group, self.channel_name)

    async def receive(self, text_data=None, bytes_data=None):
        if text_data is None or len(text_data) > MAX_FRAME_CHARS:
            await self.error("Send JSON text frames of at most 10,000 characters.")
            return
        try:
            content = json.loads(text_data)
        except ValueError:
            await self.error("The message is not JSON.")
            return
        if not isinstance(content, dict):
            await self.error('A message is an object: {"type", "data"}.')
            return
        await self.receive_json(content)

    async def receive_json(self, content, **kwargs):
        kind, data = content.get("type"), content.get("data") or {}
        if kind == "ping":
            await self.send_json({"type": "pong", "data": {}})
        elif kind == "subscribe":
            events = data.get("events") if isinstance(data, dict) else None
            if not isinstance(events, list) or not all(isinstance(event, str) for event in events):
                await self.error('subscribe takes {"events": ["user_registered", ...]}.')
                return
            unknown = sorted(set(events) - realtime.MESSAGE_TYPES - {"*"})
            if unknown:
                await self.error(f"Unknown event types: {', '.join(unknown)}.")
                return
            self.subscribed = set(realtime.MESSAGE_TYPES) if "*" in events else set(events)
            await self.send_json({"type": "subscribed", "data": {"events": sorted(self.subscribed)}})
        else:
            await self.error(f"Unknown message type: {kind}.")

    async def error(self, text: str) -> None:
        await self.send_json({"type": "error", "data": {"message": text}})

    async def realtime_message(self, event):
        message = event["message"]
        if message["type"] in realtime.PERSONAL_TYPES or message["type"] in self.subscribed:
            await self.send_json(message)
