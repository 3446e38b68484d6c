"""Real-time messages to signed-in users over WebSocket (Django Channels), sent after commit.

Every message is `{"type", "data", "timestamp"}`. A user's own messages (`notification`) go to
the user's group; organization-wide ones (`user_registered`, `file_uploaded`) to the
organization's group, delivered to the sockets that subscribed to that type. Publishing is
best-effort: a channel layer that is down is logged and never fails the business write.
"""

from __future__ import annotations

import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)

# Types a socket may subscribe to; `notification` reaches its user whether subscribed or not.
PERSONAL_TYPES = frozenset({"notification"})
ORGANIZATION_TYPES = frozenset({"user_registered", "file_uploaded"})
MESSAGE_TYPES = PERSONAL_TYPES | ORGANIZATION_TYPES
# The consumer method Channels calls for a group message of this type ("realtime.message").
GROUP_MESSAGE_TYPE = "realtime.message"


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def organization_group(organization_id: int) -> str:
    return f"org.{organization_id}"


def message(type: str, data: dict[str, Any]) -> dict[str, Any]:
    return {"type": type, "data": data, "timestamp": timezone.now().isoformat().replace("+00:00", "Z")}


def _send(group: str, payload: dict[str, Any]) -> None:
    try:
        layer = get_channel_layer()
        if layer is not None:
            async_to_sync(layer.group_send)(group, {"type": GROUP_MESSAGE_TYPE, "message": payload})
    except Exception:  # noqa: BLE001 - a real-time hint must never break the write that caused it
        logger.warning("Real-time message %s to %s was not sent", payload.get("type"), group, exc_info=True)


def publish_to_user(*, user_id: int, type: str, data: dict[str, Any]) -> None:
    """Send `type` to the user's sockets once the current transaction commits."""
    payload = message(type, data)
    transaction.on_commit(lambda: _send(user_group(user_id), payload), robust=True)


def publish_to_organization(*, organization_id: int, type: str, data: dict[str, Any]) -> None:
    """Send `type` to the organization's sockets subscribed to it, once the transaction commits."""
    if type not in ORGANIZATION_TYPES:
        raise ValueError(f"Unknown organization message type: {type}")
    payload = message(type, data)
    transaction.on_commit(lambda: _send(organization_group(organization_id), payload), robust=True)
