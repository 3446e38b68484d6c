"""Responses whose body is partly JSON the database already rendered (recruiting.json_rows)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.http import HttpResponse
from rest_framework.utils.encoders import JSONEncoder

from recruiting.json_rows import RawJSON


def json_response(body: Mapping[str, Any] | RawJSON, status: int = 200) -> HttpResponse:
    """`body` written as DRF's JSONRenderer writes it (compact, UTF-8, U+2028/2029 escaped), with any
    RawJSON value spliced in as it is (or the whole body, when it is RawJSON)."""
    if isinstance(body, RawJSON):
        content = str(body)
    else:
        parts = []
        for key, value in body.items():
            text = value if isinstance(value, RawJSON) else _dumps(value)
            parts.append(f"{_dumps(key)}:{text}")
        content = "{" + ",".join(parts) + "}"
    content = content.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return HttpResponse(content.encode(), content_type="application/json", status=status)


def _dumps(value: Any) -> str:
    return json.dumps(value, cls=JSONEncoder, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
