"""Beat's frequent sweeps are quiet at INFO when they find nothing to do, and speak when they do."""

from __future__ import annotations

import logging
import uuid

import pytest
from celery.app.trace import LOG_RECEIVED, LOG_SUCCESS

import config.celery  # noqa: F401 - installs the log filter, as a worker or beat does
from integrations.models import WebhookDelivery
from integrations.services.webhooks import create_webhook
from tests.integrations.conftest import Reply, open_deliveries_due_now, wait_for

pytestmark = pytest.mark.celery_worker


def test_idle_sweeps_write_no_info_lines_while_a_sweep_that_delivers_is_logged(org_a, receiver, start_worker):
    webhook = create_webhook(organization=org_a, name="Zoë's HRIS", url=receiver.url(), events=["*"])
    due = WebhookDelivery.objects.create(
        organization=org_a,
        webhook=webhook,
        event_id=uuid.uuid4(),
        event="candidate.created",
        payload='{"event": "candidate.created", "data": {"name": "José Álvarez"}}',
        status=WebhookDelivery.Status.RETRYING,
        attempt_count=1,
    )
    open_deliveries_due_now()
    receiver.respond = lambda request: Reply(status=200)

    worker = start_worker()
    beat = start_worker(command="beat")
    # "received" is logged before the delivery is made; wait for the worker's "succeeded" line.
    wait_for(
        lambda: any(
            "deliver_webhook" in line and "succeeded" in line
            for line in task_lines(worker.log_path.read_text()).splitlines()
        ),
        timeout=30,
        message="the delivery",
    )

    worker_log, beat_log = task_lines(worker.log_path.read_text()), beat.log_path.read_text()
    assert WebhookDelivery.objects.get(pk=due.pk).status == "success"
    assert "Sending due task" not in beat_log
    assert "relay_pending_events" not in worker_log
    sweep_lines = [line for line in worker_log.splitlines() if "sweep_due_deliveries" in line]
    assert len(sweep_lines) == 1
    assert "succeeded" in sweep_lines[0]
    assert sweep_lines[0].endswith(": 1")


def test_an_idle_sweep_run_logs_nothing_at_info(caplog):
    caplog.set_level(logging.INFO)
    run = {"id": "5d1c", "name": "integrations.sweep_due_deliveries", "runtime": 0.01}
    logging.getLogger("celery.beat").info(
        "Scheduler: Sending due task %s (%s)", "integrations.sweep-due-deliveries", run["name"]
    )
    logging.getLogger("celery.worker.strategy").info(LOG_RECEIVED, run)
    logging.getLogger("celery.app.trace").info(LOG_SUCCESS, {**run, "return_value": "0"})
    assert caplog.records == []

    logging.getLogger("celery.app.trace").info(LOG_SUCCESS, {**run, "return_value": "3"})
    assert [record.getMessage() for record in caplog.records] == [
        "Task integrations.sweep_due_deliveries[5d1c] succeeded in 0.01s: 3"
    ]


def task_lines(log: str) -> str:
    """The worker's log lines (not its start-up banner, which lists every registered task)."""
    return "\n".join(line for line in log.splitlines() if line.startswith("["))
