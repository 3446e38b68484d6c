"""Request body parsers for the API: JSON with a nesting limit."""

from __future__ import annotations

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# No request shape of the platform nests deeper than a few levels; the cap keeps a hostile body
# (100,000 nested objects) from exhausting the interpreter's stack and answering 500.
MAX_JSON_DEPTH = 32


def _depth(value) -> int:
    """How deep containers nest, walked a level at a time over containers only (scalars cost nothing)."""
    level, containers = 0, [value] if isinstance(value, dict | list) else []
    while containers:
        level += 1
        if level > MAX_JSON_DEPTH:
            return level
        below = []
        for container in containers:
            children = container.values() if isinstance(container, dict) else container
            below.extend(child for child in children if isinstance(child, dict | list))
        containers = below
    return level


class DepthLimitedJSONParser(JSONParser):
    """JSONParser that refuses bodies nested deeper than MAX_JSON_DEPTH with a 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            data = None
            too_deep = True
        else:
            too_deep = _depth(data) > MAX_JSON_DEPTH
        if too_deep:
            raise ParseError(f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels.")
        return data
