"""Totals that never cost a scan of a whole organization.

`cheap_count` asks PostgreSQL's planner first (one EXPLAIN, no rows read). When the planner expects
more than `API_EXACT_COUNT_LIMIT` rows (1,000 by default), its estimate is the answer, marked as
an estimate and kept for `API_COUNT_ESTIMATE_SECONDS` (60) in the cache under the query's text, so
a busy list plans it once a minute. Otherwise the rows are counted, reading at most the limit plus
one index entries; if there are more (the planner's statistics are stale, as right after a large
import), all of them are counted. SQLite, with no cheap estimate, always counts. docs/partner-api.md "Totals and paging" says this
to partners.
"""

from __future__ import annotations

import hashlib
import json

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
    remembered = shared_cache.get(key)
    if remembered is not None:
        return remembered, True
    estimate = planner_estimate(queryset)
    if estimate is not None and estimate > limit:
        shared_cache.set(key, estimate, settings.API_COUNT_ESTIMATE_SECONDS)
        return estimate, True
    capped = queryset.order_by().values("pk")[: limit + 1].count()
    if capped <= limit:
        return capped, False
    # More rows than the planner expected: its statistics are stale (a large import not yet
    # analysed), so its estimate is no answer. Count them.
    return queryset.count(), False
