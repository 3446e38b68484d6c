"""Counting the queries a request makes for itself.

Without Redis (a fresh machine's `make test`) the API's rate limiter keeps its windows in the
database: an UPDATE and a read each request, and the row's creation once a minute, inside
savepoints. Those are the limiter's bookkeeping, not the endpoint's, and a minute boundary between
two measurements would change them; query-count tests compare what is left.
"""

from __future__ import annotations

from django.test.utils import CaptureQueriesContext

RATE_LIMIT_TABLE = "ats_ratelimitwindow"


def endpoint_queries(captured: CaptureQueriesContext) -> list[str]:
    """The captured SQL without the rate limiter's window rows and the savepoints left empty around them."""
    kept: list[str] = []
    for sql in (query["sql"] for query in captured.captured_queries):
        if RATE_LIMIT_TABLE in sql:
            continue
        if sql.startswith(("RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")):
            name = sql.split()[-1]
            if kept and kept[-1] == f"SAVEPOINT {name}":
                kept.pop()  # nothing left inside it
                continue
        kept.append(sql)
    return kept
