"""Webhook delivery: 1,000 events to 3 local receivers through 2 real Celery worker processes.

Each event is committed in its own transaction (the outbox row), relayed after commit, fanned out
to 3 webhooks and delivered signed. Beat runs alongside, as deployed. Prints deliveries per second and the p95 from commit to
receipt, for a burst (everything committed as fast as one producer can) and for a steady rate.
Uses the configured database and broker (Redis when CELERY_BROKER_URL is set), and cleans up.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from statistics import quantiles

EVENTS = 1000
RECEIVERS = 3
WORKER_PROCESSES = 2
# The aim, ~200 deliveries/s, offered steadily: the latency shown is the pipeline's at that
# load, while the burst shows the backlog when a producer outruns the workers.
STEADY_EVENTS_PER_SECOND = int(os.environ.get("BENCH_WEBHOOK_EVENTS_PER_SECOND", "67"))
ROOT = Path(__file__).resolve().parent.parent


class Receivers:
    """Loopback receivers that note when each event id arrived."""

    def __init__(self, count: int):
        self.received: dict[tuple[int, str], float] = {}
        self.lock = threading.Lock()
        self.servers = [self._start(index) for index in range(count)]

    def _start(self, index: int) -> ThreadingHTTPServer:
        receivers = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):  # noqa: N802 - the name http.server dispatches to
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                arrived = time.time()
                with receivers.lock:
                    receivers.received.setdefault((index, self.headers["X-Webhook-Id"]), arrived)
                self.send_response(204)
                self.end_headers()

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return server

    def urls(self) -> list[str]:
        return [f"http://127.0.0.1:{server.server_address[1]}/hook" for server in self.servers]

    def stop(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()


def start_celery(log_path: Path, *arguments: str) -> subprocess.Popen:
    env = {**os.environ, "WEBHOOK_ALLOW_PRIVATE_NETWORKS": "1"}
    return subprocess.Popen(  # noqa: S603 - our own celery command line
        [sys.executable, "-m", "celery", "-A", "config", *arguments, "--loglevel=WARNING"],
        cwd=ROOT,
        env=env,
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def start_worker(log_path: Path, name: str) -> subprocess.Popen:
    return start_celery(
        log_path,
        "worker",
        # Solo: the process that takes a message runs it; no parent forwarding to a child.
        "--pool=solo",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        "-n",
        f"bench-{name}-{os.getpid()}@%h",
    )


def wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def emit(organization, count: int, per_second: float | None) -> dict[str, float]:
    """Commit `count` events, one transaction each; return each event's commit time."""
    from django.db import transaction

    from recruiting.events import record_event

    committed: dict[str, float] = {}
    started = time.monotonic()
    for index in range(count):
        if per_second:
            pause = started + index / per_second - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        with transaction.atomic():
            event = record_event(
                organization=organization,
                name="candidate.created",
                data={"candidate_id": index, "first_name": "Ada", "last_name": "Lovelace", "skills": ["Python"]},
            )
        committed[str(event.pk)] = time.time()
    return committed


def explain_missing(organization) -> str:
    """Where undelivered events are: unrelayed outbox rows, or deliveries by status and error."""
    from django.db.models import Count

    from integrations.models import WebhookDelivery
    from recruiting.models import OutboxEvent

    unrelayed = OutboxEvent.objects.for_org(organization).filter(relayed_at__isnull=True).count()
    open_deliveries = (
        WebhookDelivery.objects.for_org(organization)
        .exclude(status=WebhookDelivery.Status.SUCCESS)
        .values_list("status", "attempt_count", "error")
        .annotate(n=Count("pk"))
    )
    return f"unrelayed events: {unrelayed}; deliveries not yet successful: {list(open_deliveries)}"


def measure(receivers: Receivers, organization, label: str, per_second: float | None) -> None:
    receivers.received.clear()
    committed = emit(organization, EVENTS, per_second)
    expected = EVENTS * RECEIVERS
    complete = wait_until(lambda: len(receivers.received) >= expected, timeout=180)
    with receivers.lock:
        arrivals = dict(receivers.received)
    latencies = sorted(arrived - committed[event_id] for (_, event_id), arrived in arrivals.items())
    span = max(arrivals.values()) - min(committed.values())
    p95 = quantiles(latencies, n=100)[94] if len(latencies) > 1 else float("nan")
    print(
        f"{label:<34} {len(arrivals):>5}/{expected} delivered  {len(arrivals) / span:>7.1f} deliveries/s  "
        f"p50 {quantiles(latencies, n=100)[49] * 1000:>6.0f} ms  p95 {p95 * 1000:>6.0f} ms"
        + ("" if complete else f"  (INCOMPLETE after 180 s: {explain_missing(organization)})"),
        flush=True,
    )


def main() -> None:
    from django.conf import settings
    from django.core.management import call_command

    from config.celery import app as celery_app
    from integrations.services.webhooks import create_webhook
    from recruiting.models import Organization

    call_command("migrate", verbosity=0)
    for folder in ("queue", "processed"):
        (Path(settings.VAR_DIR) / "celery" / folder).mkdir(parents=True, exist_ok=True)
    celery_app.control.purge()
    broker = settings.CELERY_BROKER_URL.split("://")[0]
    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    print(f"{EVENTS} events x {RECEIVERS} receivers, {WORKER_PROCESSES} worker processes, {broker} broker, {database}")

    receivers = Receivers(RECEIVERS)
    organization = Organization.objects.create(name=f"Webhook bench {time.time_ns()}")
    for index, url in enumerate(receivers.urls()):
        create_webhook(organization=organization, name=f"bench {index}", url=url, events=["*"])
    with tempfile.TemporaryDirectory() as folder:
        workers = [start_worker(Path(folder) / f"worker-{n}.log", str(n)) for n in range(WORKER_PROCESSES)]
        # Beat too, as deployed: its sweeps recover anything a worker or the broker dropped.
        beat = start_celery(Path(folder) / "beat.log", "beat", "--pidfile=", f"--schedule={folder}/beat-schedule")
        try:
            # Warm-up (not counted): wait until the worker is up and has delivered a few events.
            emit(organization, 5, None)
            if not wait_until(lambda: len(receivers.received) >= 5 * RECEIVERS, timeout=60):
                raise RuntimeError("The workers delivered nothing: " + (Path(folder) / "worker-0.log").read_text())
            measure(receivers, organization, "burst (one producer, no pacing)", per_second=None)
            measure(
                receivers,
                organization,
                f"steady {STEADY_EVENTS_PER_SECOND} events/s ({STEADY_EVENTS_PER_SECOND * RECEIVERS} deliveries/s)",
                per_second=STEADY_EVENTS_PER_SECOND,
            )
        finally:
            for log in Path(folder).glob("*.log"):
                errors = [line for line in log.read_text().splitlines() if "ERROR" in line or "Error" in line]
                if errors:
                    print(f"{log.name}: {len(errors)} error lines, first: {errors[0][:300]}")
            for process in [*workers, beat]:
                os.killpg(process.pid, signal.SIGTERM)
            for worker in [*workers, beat]:
                try:
                    worker.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(worker.pid, signal.SIGKILL)
            receivers.stop()
            organization.delete()
