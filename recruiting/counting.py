"""Totals that never cost a scan of a whole organization.

`cheap_count` asks PostgreSQL's planner first (one EXPLAIN, no rows read). When the planner expects
more than `API_EXACT_COUNT_LIMIT` rows (1,000 by default), its estimate is the answer, marked as
an estimate and kept for `API_COUNT_ESTIMATE_SECONDS` (60) in the cache under the query's text, so
a busy list plans it once a minute. Otherwise the rows are counted, reading at most the limit plus
one index entries; if there are more (the planner's statistics are stale, as right after a large
import, or it guessed a substring search's share low), all of them are counted once and that count
is kept as the list's estimate for the same minute. A count of more than `API_RECOUNT_LIMIT` rows
(100) but no more than the limit is exact when counted and kept the same way: counting reads each
matching row (a skill and a place: about 6 ms of PostgreSQL's CPU for 650 rows, five times the page
itself), so a busy filtered list is counted once a minute, and its following requests say their total
is an estimate. SQLite, with no cheap estimate, always counts. docs/partner-api.md "Totals and paging"
says this to partners.

Each server process also keeps an estimate it read from or wrote to the shared cache for
`LOCAL_ESTIMATE_SECONDS`, so a busy list costs a Redis round trip per process every few seconds
rather than one per request. Only what the shared cache holds is kept: with Redis down the planner
is still asked each time, as before.
"""

from __future__ import annotations

import hashlib
import json
import time

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

from recruiting import shared_cache


def planner_estimate(queryset: QuerySet) -> int | None:
    """The planner's row estimate for `queryset` on PostgreSQL; None elsewhere."""
    if connections[queryset.db].vendor != "postgresql":
        return None
    plan = json.loads(queryset.order_by().explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


LOCAL_ESTIMATE_SECONDS = 5.0
# Past this many lists (filters) a process forgets them all rather than grow.
LOCAL_ESTIMATES_KEPT = 1000
_local_estimates: dict[str, tuple[float, int]] = {}


def _remember_locally(key: str, estimate: int) -> None:
    if len(_local_estimates) >= LOCAL_ESTIMATES_KEPT:
        _local_estimates.clear()
    _local_estimates[key] = (time.monotonic() + LOCAL_ESTIMATE_SECONDS, estimate)


def _local_estimate(key: str) -> int | None:
    kept = _local_estimates.get(key)
    if kept is None or kept[0] <= time.monotonic():
        return None
    return kept[1]


def _keep_estimate(key: str, total: int) -> None:
    """Keep `total` as the list's estimate for the minute: shared, and in this process only if shared."""
    if shared_cache.set(key, total, settings.API_COUNT_ESTIMATE_SECONDS):
        _remember_locally(key, total)


def forget_local_estimates() -> None:
    """Drop the estimates this process keeps (tests start from none)."""
    _local_estimates.clear()


def _cache_key(queryset: QuerySet) -> str | None:
    try:
        text = f"{queryset.db}:{queryset.order_by().query}"
    except EmptyResultSet:
        return None
    return "count-estimate:" + hashlib.sha256(text.encode()).hexdigest()


def cheap_count(queryset: QuerySet) -> tuple[int, bool]:
    """(total, whether it is an estimate) for `queryset`."""
    limit = settings.API_EXACT_COUNT_LIMIT
    # The rows' selected columns change no total: counted, planned and remembered as ids alone, so a
    # list selecting rendered rows (recruiting.json_rows) neither compiles them here nor keys apart.
    queryset = queryset.values("pk")
    key = _cache_key(queryset)
    if key is None:
        return 0, False
    remembered = _local_estimate(key)
    if remembered is not None:
        return remembered, True
    remembered = shared_cache.get(key)
    if remembered is not None:
        _remember_locally(key, remembered)
        return remembered, True
    estimate = planner_estimate(queryset)
    if estimate is not None and estimate > limit:
        _keep_estimate(key, estimate)
        return estimate, True
    capped = queryset.order_by().values("pk")[: limit + 1].count()
    if capped <= limit:
        if capped > settings.API_RECOUNT_LIMIT:
            # Exact now; the requests of the next minute answer it as their estimate instead of recounting.
            _keep_estimate(key, capped)
        return capped, False
    # More rows than the planner expected (its statistics are stale after a large import, or it
    # guessed a substring's share low), so its estimate is no answer. Count them, and keep the count
    # as that list's estimate: it is past the limit where totals are exact, and the next requests of
    # the minute are not worth another count of every matching row.
    total = queryset.count()
    _keep_estimate(key, total)
    return total, False
