"""The one check every free-form JSON field passes: storable by PostgreSQL's jsonb and bounded in size."""

from __future__ import annotations

import json
import math
from typing import Any

from django.conf import settings


def free_form_json_problem(value: Any) -> str | None:
    """Return why a free-form JSON value cannot be stored, or None when it can."""
    entries = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, float) and not math.isfinite(item):
            # 1e999 parses to infinity, which JSON (and jsonb) cannot represent.
            return "Numbers must be finite."
        if isinstance(item, str) and "\x00" in item:
            return "Null characters are not allowed."
        if isinstance(item, dict):
            entries += len(item)
            for key in item:
                if isinstance(key, str) and "\x00" in key:
                    return "Null characters are not allowed."
            stack.extend(item.values())
        elif isinstance(item, list):
            entries += len(item)
            stack.extend(item)
        if entries > settings.FREE_FORM_JSON_MAX_ENTRIES:
            return f"At most {settings.FREE_FORM_JSON_MAX_ENTRIES} entries."
    if len(json.dumps(value, ensure_ascii=False).encode()) > settings.FREE_FORM_JSON_MAX_BYTES:
        return f"At most {settings.FREE_FORM_JSON_MAX_BYTES} bytes."
    return None
