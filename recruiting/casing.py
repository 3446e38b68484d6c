"""Key casing for the Integration Framework's camelCase documents and back."""

from __future__ import annotations

import re
from typing import Any

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])([A-Z])")


def camel_key(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def snake_key(name: str) -> str:
    return _CAMEL_BOUNDARY.sub(r"_\1", name).lower()


def camelize(value: Any) -> Any:
    """Every dict key in `value`, recursively, in camelCase (`organization_id` -> `organizationId`)."""
    if isinstance(value, dict):
        return {camel_key(str(k)): camelize(v) for k, v in value.items()}
    if isinstance(value, list):
        return [camelize(v) for v in value]
    return value


def snakeize_keys(value: dict[str, Any]) -> dict[str, Any]:
    """Top-level keys of a request body in snake_case (`retryAttempts` -> `retry_attempts`)."""
    return {snake_key(str(k)): v for k, v in value.items()}
