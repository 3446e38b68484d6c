"""Put tasks on the broker by name after commit, tolerating a broker that is down.

Nothing is lost when publishing fails: every task acts on a database row that beat's sweeps find
again (unrelayed outbox events, deliveries whose `next_attempt_at` has passed, pending CSV imports
and job ingestions).
"""

from __future__ import annotations

import logging

from celery import current_app
from kombu.exceptions import KombuError

logger = logging.getLogger(__name__)

# Give up quickly: the caller's request must not hang on a dead broker, and the sweeps catch up.
PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}


def enqueue(task_name: str, *args) -> bool:
    """Publish one task; return False (and log) when the broker cannot take it."""
    if current_app.conf.task_always_eager:
        current_app.loader.import_default_modules()  # registers every app's tasks outside a worker
        current_app.tasks[task_name].apply(args=args)
        return True
    try:
        current_app.send_task(task_name, args=args, retry=True, retry_policy=PUBLISH_RETRY_POLICY)
    except (KombuError, OSError) as exc:
        logger.warning("Could not enqueue %s%r; the beat sweep will pick it up: %s", task_name, args, exc)
        return False
    return True
