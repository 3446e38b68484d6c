"""Signed, expiring links: a payload signed with SECRET_KEY that is itself the credential.

Storage URLs (recruiting/documents.py) and export downloads (analytics) use these; the salt keeps
one kind of link from being replayed as another. A link that was altered is a 403
`INVALID_SIGNATURE`, one past its time a 403 `URL_EXPIRED`.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.core import signing
from django.utils import timezone

from recruiting.errors import ForbiddenError


def sign_link(payload: dict[str, Any], *, salt: str, seconds: int) -> tuple[str, datetime]:
    """The token for `payload` and the moment it expires (to the second)."""
    expires_at = (timezone.now() + timedelta(seconds=seconds)).replace(microsecond=0)
    token = signing.dumps({**payload, "e": int(expires_at.timestamp())}, salt=salt, compress=True)
    return token, expires_at


def read_link(token: str, *, salt: str) -> dict[str, Any]:
    """The payload of a token signed with `salt`, if it is intact and not expired."""
    try:
        payload = signing.loads(token, salt=salt)
    except signing.BadSignature as exc:
        raise ForbiddenError("The signed URL is invalid or was altered.", code="INVALID_SIGNATURE") from exc
    if not isinstance(payload, dict):
        raise ForbiddenError("The signed URL is invalid or was altered.", code="INVALID_SIGNATURE")
    if timezone.now().timestamp() > payload.get("e", 0):
        raise ForbiddenError("The signed URL has expired; ask for a new one.", code="URL_EXPIRED")
    return payload
