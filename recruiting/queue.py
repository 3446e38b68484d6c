"""Put tasks on the broker by name after commit, tolerating a broker that is down.

Nothing is lost when publishing fails: every task acts on a database row that beat's sweeps find
again (unrelayed outbox events, deliveries whose `next_attempt_at` has passed, pending CSV imports
and job ingestions).
"""

from __future__ import annotations

import logging
import time

from celery import current_app
from kombu.exceptions import KombuError

logger = logging.getLogger(__name__)

# Give up quickly: the caller's request must not hang on a dead broker, and the sweeps catch up.
PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
# After a publish to a broker fails, this process does not try that broker again for a while: a hung
# Redis costs each attempt its socket timeouts (up to ~15 s with the retries), and every request that
# commits would pay that again. Nothing waits on it: the sweeps publish what was skipped.
PUBLISH_PAUSE_SECONDS = 10.0
_paused_until: dict[str, float] = {}  # broker URL -> time.monotonic() when publishing may resume


def enqueue(task_name: str, *args) -> bool:
    """Publish one task; return False (and log) when the broker cannot take it or failed moments ago."""
    if current_app.conf.task_always_eager:
        current_app.loader.import_default_modules()  # registers every app's tasks outside a worker
        current_app.tasks[task_name].apply(args=args)
        return True
    broker = current_app.conf.broker_write_url or current_app.conf.broker_url
    if time.monotonic() < _paused_until.get(broker, 0.0):
        logger.warning(
            "Not publishing %s%r: the broker failed moments ago; the beat sweep will pick it up", task_name, args
        )
        return False
    try:
        current_app.send_task(task_name, args=args, retry=True, retry_policy=PUBLISH_RETRY_POLICY)
    except (KombuError, OSError) as exc:
        _paused_until[broker] = time.monotonic() + PUBLISH_PAUSE_SECONDS
        logger.warning("Could not enqueue %s%r; the beat sweep will pick it up: %s", task_name, args, exc)
        return False
    _paused_until.pop(broker, None)
    return True
