"""Celery application: `celery -A config worker -B` runs a worker with the beat scheduler."""

import logging
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("recruiter")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Sweeps beat sends every few seconds; most runs find nothing, and three INFO lines per run
# (sent, received, succeeded: 0) buried everything else in `make run`'s output.
FREQUENT_SWEEPS = frozenset(
    {
        "integrations.sweep_due_deliveries",
        "integrations.relay_pending_events",
        "ats.sweep_pending_intake",
    }
)


class QuietIdleSweeps(logging.Filter):
    """Drop beat's and the worker's INFO lines for a frequent sweep, unless the sweep did some work."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno != logging.INFO:
            return True
        args = record.args
        if isinstance(args, dict) and args.get("name") in FREQUENT_SWEEPS:
            # "received" has no return value; "succeeded" stays when the sweep handled something.
            return str(args.get("return_value", "0")) not in ("0", "None")
        if isinstance(args, tuple) and len(args) == 2 and args[1] in FREQUENT_SWEEPS:
            return False  # beat's "Scheduler: Sending due task <entry> (<task>)"
        return True


for _logger_name in ("celery.beat", "celery.worker.strategy", "celery.app.trace"):
    logging.getLogger(_logger_name).addFilter(QuietIdleSweeps())
