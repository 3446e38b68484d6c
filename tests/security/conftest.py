"""Counts of what the isolation matrices checked, printed at the end of the run."""

from __future__ import annotations

from collections import Counter

PAIRS: Counter[str] = Counter()
LABELS = {
    "api": "(API operation, actor) pairs",
    "body": "(write with ids in its body, actor) pairs",
    "page": "(dashboard page, actor) pairs",
    "admin": "Django admin pages",
}


def record_pairs(kind: str, count: int) -> None:
    PAIRS[kind] += count


def pytest_terminal_summary(terminalreporter):
    if PAIRS:
        checked = "; ".join(f"{PAIRS[kind]} {label}" for kind, label in LABELS.items() if PAIRS[kind])
        terminalreporter.write_line(f"Tenant isolation checked: {checked}")
