"""The one check every free-form JSON field passes: storable by PostgreSQL's jsonb and bounded in size."""

from __future__ import annotations

import json
import math
from typing import Any

from django.conf import settings


def free_form_json_problem(value: Any) -> str | None:
    """Return why a free-form JSON value cannot be stored, or None when it can."""
    entries = 0
    # Read once: a settings lookup per item cost more than the walk itself in bulk intake.
    max_entries = settings.FREE_FORM_JSON_MAX_ENTRIES
    # An upper bound of the encoded size: a character takes at most 6 bytes (a \uXXXX escape), an
    # integer its digits, anything else at most 32, each value 4 more (quotes and the ", " or ": "
    # after it); the exact size is computed only when the bound says it might be too large.
    most_bytes = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return "Null characters are not allowed."
            most_bytes += 6 * len(item) + 4
            continue
        # A JSON integer may have any number of digits (bits // 3 + 1 bounds them; bool is an int too).
        most_bytes += item.bit_length() // 3 + 10 if isinstance(item, int) else 36
        if isinstance(item, float) and not math.isfinite(item):
            # 1e999 parses to infinity, which JSON (and jsonb) cannot represent.
            return "Numbers must be finite."
        if isinstance(item, dict):
            entries += len(item)
            stack.extend(item)  # the keys: checked and counted like any string
            stack.extend(item.values())
        elif isinstance(item, list):
            entries += len(item)
            stack.extend(item)
        if entries > max_entries:
            return f"At most {max_entries} entries."
    if (
        most_bytes > settings.FREE_FORM_JSON_MAX_BYTES
        and len(json.dumps(value, ensure_ascii=False).encode()) > settings.FREE_FORM_JSON_MAX_BYTES
    ):
        return f"At most {settings.FREE_FORM_JSON_MAX_BYTES} bytes."
    return None
