"""`make stress` fault phases: webhook delivery through a killed worker, a Redis outage and two beats.

Everything runs on its own: a small database beside DATABASE_URL's (`<name>_faults`, created,
migrated, dropped), a private `redis-server` on a free loopback port that is broker and cache at once
(so stopping it is a whole Redis outage and touches nobody else's Redis), gunicorn for the API, real
`celery worker` and `celery beat` processes, and a real HTTP receiver on 127.0.0.1 per phase. Changes
are committed through the API as an organization admin; the receiver counts what arrives by event id
(`X-Webhook-Id`, stable across attempts) and applies its side effect once per id, as docs/integrations.md
asks of receivers: delivery is at least once by design.

1. worker_kill: STRESS_FAULT_DELIVERIES (100) candidates created through the API, each one event to
   one webhook whose receiver takes 0.3 s to answer; the worker (its whole process group) is killed
   with SIGKILL three times while deliveries are in flight and a new one started each time.
2. redis_outage: Redis hung first (SIGSTOP) for 8 changes, then killed (no persistence: queued
   messages are lost too) while STRESS_OUTAGE_CHANGES (1,000) candidates are created through the API,
   with a list read after every ten; Redis started again, and every event must reach the receiver.
3. two_beats: a second beat started by mistake beside the first; STRESS_BEAT_EVENTS (100) events
   committed through the API and as many committed while their publish failed (the relay sweep's
   work), the receiver answering 503 to each first attempt (the retry sweep's work). Each event must
   arrive exactly twice: attempt 1 and attempt 2.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
from standardwebhooks.webhooks import Webhook as StandardWebhook

from benchmarks.support import ROOT, bench_database, gunicorn_server, percentile, server_env
from tests.processes import PrivateRedis, free_port, point_publisher_to

DELIVERIES = int(os.environ.get("STRESS_FAULT_DELIVERIES", "100"))
OUTAGE_CHANGES = int(os.environ.get("STRESS_OUTAGE_CHANGES", "1000"))
HUNG_CHANGES = 8  # each waits out the broker's socket timeouts, so a few say enough
BEAT_EVENTS = int(os.environ.get("STRESS_BEAT_EVENTS", "100"))
WORKER_KILLS = 3
PHASES = ("worker_kill", "redis_outage", "two_beats")
PASSWORD = "stress-password"  # noqa: S105 - a throwaway login on a throwaway database
DEADLINE_SECONDS = 300


class Receiver:
    """A webhook receiver on 127.0.0.1: counts every request by event id and verifies its signature;
    its side effect (here: counting the event as processed) happens once per `X-Webhook-Id`."""

    def __init__(self, secret: str, *, answer_after: float = 0.0, status_for_attempt: Callable[[int], int] = None):
        self.verifier = StandardWebhook(secret)
        self.answer_after = answer_after
        self.status_for_attempt = status_for_attempt or (lambda attempt: 200)
        self.requests: Counter[str] = Counter()
        self.attempts: Counter[tuple[str, int]] = Counter()
        self.side_effects: Counter[str] = Counter()
        self.bad_signatures = 0
        self.in_flight = 0
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):  # noqa: N802 - the name http.server dispatches to
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                event_id = self.headers.get("X-Webhook-Id", "")
                attempt = int(self.headers.get("X-Webhook-Attempt") or 0)
                try:
                    receiver.verifier.verify(body, dict(self.headers.items()))
                    valid = True
                except Exception:  # noqa: BLE001 - any verification failure counts as one
                    valid = False
                status = receiver.status_for_attempt(attempt)
                with receiver.lock:
                    receiver.requests[event_id] += 1
                    receiver.attempts[(event_id, attempt)] += 1
                    receiver.bad_signatures += not valid
                    # The idempotency key: a repeat of an event already processed changes nothing.
                    if valid and status < 300 and event_id not in receiver.side_effects:
                        receiver.side_effects[event_id] += 1
                    receiver.in_flight += 1
                try:
                    time.sleep(receiver.answer_after)  # the receiver's own work, during which a sender may die
                    self.send_response(status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:
                    pass
                finally:
                    with receiver.lock:
                        receiver.in_flight -= 1

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/recruiting"

    def total(self) -> int:
        with self.lock:
            return sum(self.requests.values())

    def distinct(self) -> int:
        with self.lock:
            return len(self.requests)

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Celery:
    """A real `celery -A config worker|beat` process in its own session, so it dies whole."""

    def __init__(self, env: dict[str, str], folder: Path, command: str, name: str):
        self.log_path = folder / f"{name}.log"
        if command == "worker":
            options = ["--concurrency=2", "--without-gossip", "--without-mingle", "-n", f"{name}-{os.getpid()}@%h"]
            ready = "ready."
        else:
            options = ["--pidfile=", f"--schedule={folder / name}.schedule"]
            ready = "beat: Starting"
        # Beat says what it sent only at DEBUG ("<task> sent."), which the two-beats phase counts.
        level = "INFO" if command == "worker" else "DEBUG"
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own celery command line
                [sys.executable, "-m", "celery", "-A", "config", command, f"--loglevel={level}", *options],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        if not wait_until(lambda: ready in self.log() or self.process.poll() is not None, 60):
            raise TimeoutError(f"celery {command} did not start:\n{self.log()[-3000:]}")
        if self.process.poll() is not None:
            raise RuntimeError(f"celery {command} died at start:\n{self.log()[-3000:]}")

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def kill(self) -> None:
        """SIGKILL the process and its pool children: no shutdown, no acknowledgement."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=15)


def wait_until(condition: Callable[[], object], timeout: float, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False


def candidate(index: int, phase: str) -> dict:
    """A realistic candidate: accents, an apostrophe, a free-text place, a decimal."""
    first, last = [("Zoë", "O'Neill"), ("José", "Álvarez"), ("Anaïs", "D'Arcy"), ("Łukasz", "Wróbel")][index % 4]
    return {
        "first_name": first,
        "last_name": last,
        "email": f"{phase}.{index}@example.com",
        "location": "Saint-Étienne, près de Lyon",
        "skills": ["Python", "PostgreSQL"],
        "experience_years": 3.5 + index % 7,
    }


def commit_changes(
    base_url: str, token: str, phase: str, count: int, *, clients: int = 4, read_every: int = 0
) -> tuple[Counter, Counter, list[float]]:
    """Create `count` candidates through the API from `clients` concurrent clients (and a list read
    after every `read_every`th); returns the write statuses, the read statuses and the latencies."""
    writes: Counter = Counter()
    reads: Counter = Counter()
    latencies: list[float] = []
    lock = threading.Lock()
    plan = iter(range(count))
    headers = {"Authorization": f"Bearer {token}"}

    def client() -> None:
        with httpx.Client(base_url=base_url, headers=headers, timeout=60) as http:
            while True:
                with lock:
                    index = next(plan, None)
                if index is None:
                    return
                started = time.perf_counter()
                try:
                    status = http.post("/api/v1/candidates", json=candidate(index, phase)).status_code
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                elapsed = (time.perf_counter() - started) * 1000
                read = None
                if read_every and index % read_every == read_every - 1:
                    try:
                        read = http.get("/api/v1/candidates", params={"page_size": 5, "q": "Zoë"}).status_code
                    except httpx.HTTPError as exc:
                        read = type(exc).__name__
                with lock:
                    writes[status] += 1
                    latencies.append(elapsed)
                    if read is not None:
                        reads[read] += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return writes, reads, latencies


def non_2xx(statuses: Counter) -> int:
    return sum(n for status, n in statuses.items() if not (isinstance(status, int) and 200 <= status < 300))


class FaultStack:
    """The organizations, webhooks and processes the fault phases share."""

    def __init__(self, env: dict[str, str], folder: Path, base_url: str, redis: PrivateRedis):
        self.env, self.folder, self.base_url, self.redis = env, folder, base_url, redis
        self.workers: list[Celery] = []
        self.beats: list[Celery] = []
        self.started = 0

    def start(self, command: str) -> Celery:
        self.started += 1
        process = Celery(self.env, self.folder, command, f"{command}-{self.started}")
        (self.workers if command == "worker" else self.beats).append(process)
        return process

    def stop_all(self) -> None:
        for process in [*self.workers, *self.beats]:
            process.kill()

    def organization(self, phase: str, receiver_options: dict) -> tuple[object, Receiver, str]:
        """A fresh organization with an admin, a webhook to a new receiver, and the admin's JWT."""
        from integrations.services.webhooks import create_webhook
        from recruiting.models import User
        from recruiting.services import create_organization, create_user

        organization = create_organization(name=f"Fault {phase} Ltd")
        email = f"admin@{phase.replace('_', '-')}.test"
        create_user(organization=organization, email=email, password=PASSWORD, role=User.Role.ADMIN)
        secret = "whsec_" + "c3RyZXNzLWZhdWx0cy1zaWduaW5nLXNlY3JldC0wMTIz"
        receiver = Receiver(secret, **receiver_options)
        create_webhook(
            organization=organization,
            name=f"{phase} receiver",
            url=receiver.url,
            events=["candidate.created"],
            secret=secret,
            timeout_ms=2000,
        )
        login = httpx.post(f"{self.base_url}/api/v1/auth/login", json={"email": email, "password": PASSWORD})
        login.raise_for_status()
        return organization, receiver, login.json()["access_token"]


def deliveries_by_status(organization) -> dict[str, int]:
    from django.db.models import Count

    from integrations.models import WebhookDelivery

    rows = WebhookDelivery.objects.for_org(organization).values_list("status").annotate(n=Count("pk"))
    return dict(rows)


def unrelayed(organization) -> int:
    from recruiting.models import OutboxEvent

    return OutboxEvent.objects.for_org(organization).filter(relayed_at__isnull=True).count()


def worker_kill(stack: FaultStack) -> bool:
    organization, receiver, token = stack.organization("worker_kill", {"answer_after": 0.3})
    worker = stack.workers[-1]
    results: dict = {}
    committer = threading.Thread(
        target=lambda: results.update(writes=commit_changes(stack.base_url, token, "kill", DELIVERIES)[0])
    )
    started = time.monotonic()
    committer.start()
    cut: list[int] = []
    for kill in range(WORKER_KILLS):
        threshold = (kill + 1) * DELIVERIES // (WORKER_KILLS + 1)
        if not wait_until(lambda t=threshold: receiver.distinct() >= t and receiver.in_flight > 0, 120, 0.005):
            break
        with receiver.lock:
            cut.append(receiver.in_flight)
        worker.kill()
        last_kill = time.monotonic()
        worker = stack.start("worker")
    committer.join()
    # Complete means the platform knows: every delivery recorded as a success, not only received.
    complete = wait_until(
        lambda: (
            len(receiver.side_effects) >= DELIVERIES and deliveries_by_status(organization) == {"success": DELIVERIES}
        ),
        DEADLINE_SECONDS,
        0.5,
    )
    elapsed = time.monotonic() - started
    after_kill = time.monotonic() - last_kill if cut else float("nan")
    receiver.stop()
    requests, distinct = receiver.total(), receiver.distinct()
    repeats = requests - distinct
    twice = sum(1 for n in receiver.side_effects.values() if n > 1)
    statuses = deliveries_by_status(organization)
    ok = (
        complete
        and non_2xx(results["writes"]) == 0
        and len(receiver.side_effects) == DELIVERIES
        and twice == 0
        and receiver.bad_signatures == 0
        and statuses == {"success": DELIVERIES}
    )
    print(
        f"\nworker killed mid-task: {DELIVERIES} candidates created through the API "
        f"({non_2xx(results['writes'])} non-2xx), one webhook, receiver answering after 0.3 s; the worker "
        f"SIGKILLed {len(cut)} times with {cut} deliveries in flight, a new one started each time.\n"
        f"  {len(receiver.side_effects)}/{DELIVERIES} events delivered "
        f"{'in' if complete else 'INCOMPLETE after'} {elapsed:.0f} s ({after_kill:.0f} s after the last kill); "
        f"receiver got {requests} requests for {distinct} event ids: {repeats} repeats of an event it already had "
        f"(at least once: the sender died before recording the answer), side effects applied once per "
        f"event id by its idempotency key (X-Webhook-Id): {len(receiver.side_effects)}, applied twice: {twice}; "
        f"bad signatures: {receiver.bad_signatures}; deliveries in the database: {statuses} -> "
        f"{'OK' if ok else 'FAILED'}"
    )
    return ok


def redis_outage(stack: FaultStack) -> bool:
    organization, receiver, token = stack.organization("redis_outage", {})
    # First a Redis that hangs (SIGSTOP: connections accepted, never answered), then one that is gone.
    os.kill(stack.redis.process.pid, signal.SIGSTOP)
    try:
        hung_writes, hung_reads, hung_latencies = commit_changes(
            stack.base_url, token, "hung", HUNG_CHANGES, read_every=4
        )
    finally:
        os.kill(stack.redis.process.pid, signal.SIGCONT)
    stack.redis.stop()
    started = time.monotonic()
    writes, reads, latencies = commit_changes(stack.base_url, token, "outage", OUTAGE_CHANGES, read_every=10)
    outage = time.monotonic() - started
    during = receiver.distinct()
    stack.redis.start()
    back = time.monotonic()
    expected = HUNG_CHANGES + OUTAGE_CHANGES
    complete = wait_until(lambda: receiver.distinct() >= expected, DEADLINE_SECONDS, 0.2)
    recovered = time.monotonic() - back
    wait_until(lambda: deliveries_by_status(organization) == {"success": expected}, 90, 0.5)
    receiver.stop()
    requests, distinct = receiver.total(), receiver.distinct()
    statuses = deliveries_by_status(organization)
    ok = (
        complete
        and non_2xx(writes + hung_writes) == 0
        and non_2xx(reads + hung_reads) == 0
        and distinct == expected
        and receiver.bad_signatures == 0
        and statuses == {"success": expected}
    )
    print(
        f"\nRedis hung (SIGSTOP), {HUNG_CHANGES} candidates created through the API from 4 clients with a list read "
        f"after every fourth: writes {dict(hung_writes)} (slowest {max(hung_latencies):.0f} ms), reads {dict(hung_reads)}."
        f"\nRedis (broker and cache) killed, {OUTAGE_CHANGES:,} candidates created through the API from 4 "
        f"clients in {outage:.1f} s with a list read after every tenth: writes {dict(writes)} "
        f"({non_2xx(writes)} non-2xx, p50 {percentile(latencies, 0.5):.0f} ms, p95 {percentile(latencies, 0.95):.0f} ms), "
        f"reads {dict(reads)} ({non_2xx(reads)} non-2xx); events at the receiver during the outage: {during}.\n"
        f"  Redis started again: {distinct:,}/{expected:,} events (both kinds of outage) at the receiver "
        f"{'after' if complete else 'INCOMPLETE after'} {recovered:.0f} s, {requests - distinct} repeats, "
        f"unrelayed events left: {unrelayed(organization)}, deliveries in the database: {statuses} -> "
        f"{'OK' if ok else 'FAILED'}"
    )
    return ok


def two_beats(stack: FaultStack) -> bool:
    from django.db import transaction

    from recruiting.events import record_event

    organization, receiver, token = stack.organization(
        "two_beats", {"status_for_attempt": lambda attempt: 503 if attempt == 1 else 200}
    )
    while len(stack.beats) < 2:
        stack.start("beat")
    sent_before = [_beat_sends(beat) for beat in stack.beats]
    started = time.monotonic()
    writes, _, _ = commit_changes(stack.base_url, token, "beats", BEAT_EVENTS)
    # As many events whose publish failed at commit: only the beats' relay sweep can send these.
    point_publisher_to(f"redis://127.0.0.1:{free_port()}/0")
    queue_log = logging.getLogger("recruiting.queue")
    queue_log.disabled = True  # one warning per event otherwise: "the beat sweep will pick it up"
    try:
        for index in range(BEAT_EVENTS):
            with transaction.atomic():
                record_event(organization=organization, name="candidate.created", data=candidate(index, "unpublished"))
    finally:
        queue_log.disabled = False
        point_publisher_to(stack.env["CELERY_BROKER_URL"])
    expected = 2 * BEAT_EVENTS
    complete = wait_until(
        lambda: len(receiver.side_effects) >= expected and not receiver.in_flight, DEADLINE_SECONDS, 0.2
    )
    elapsed = time.monotonic() - started
    time.sleep(12)  # two more sweeps of each kind by each beat: a late double-send would show now
    receiver.stop()
    per_event = Counter(receiver.requests.values())
    second_attempts = Counter(n for (_, attempt), n in receiver.attempts.items() if attempt == 2)
    sends = [
        tuple(now - before for now, before in zip(_beat_sends(beat), earlier, strict=True))
        for beat, earlier in zip(stack.beats, sent_before, strict=True)
    ]
    statuses = deliveries_by_status(organization)
    ok = (
        complete
        and non_2xx(writes) == 0
        and per_event == Counter({2: expected})
        and second_attempts == Counter({1: expected})
        and receiver.bad_signatures == 0
        and statuses == {"success": expected}
        and all(sweeps and relays for sweeps, relays in sends)
    )
    print(
        f"\ntwo beats started by mistake: {BEAT_EVENTS} candidates created through the API and {BEAT_EVENTS} events "
        f"committed while their publish failed; the receiver answers 503 to every first attempt.\n"
        f"  {len(receiver.side_effects)}/{expected} events delivered "
        f"{'in' if complete else 'INCOMPLETE after'} {elapsed:.0f} s; requests per event: "
        f"{dict(sorted(per_event.items()))} (2 = the 503 and the retry), attempt 2 sent more than once: "
        f"{sum(n for count, n in second_attempts.items() if count > 1)} events; "
        f"(delivery sweeps, relay sweeps) sent by each beat: {sends}; deliveries in the database: {statuses} -> "
        f"{'OK' if ok else 'FAILED'}"
    )
    return ok


def _beat_sends(beat: Celery) -> tuple[int, int]:
    """How many delivery sweeps and relay sweeps this beat has sent so far (its INFO log says each)."""
    log = beat.log()
    return log.count("integrations.sweep_due_deliveries sent."), log.count("integrations.relay_pending_events sent.")


@contextmanager
def fault_stack(url: str, workers: int):
    redis = PrivateRedis()
    broker_url = f"redis://127.0.0.1:{redis.port}/0"
    try:
        with bench_database(url, "faults") as faults_url, tempfile.TemporaryDirectory() as folder:
            env = server_env(
                faults_url,
                CELERY_BROKER_URL=broker_url,
                REDIS_URL=f"redis://127.0.0.1:{redis.port}/1",
                WEBHOOK_ALLOWED_NETWORKS="127.0.0.1/32",
                WEBHOOK_ALLOW_PRIVATE_NETWORKS="0",
            )
            previous = _publisher()
            point_publisher_to(broker_url)
            with gunicorn_server(env, workers=workers) as base_url:
                stack = FaultStack(env, Path(folder), base_url, redis)
                try:
                    stack.start("worker")
                    stack.start("beat")
                    yield stack
                finally:
                    stack.stop_all()
                    report_log_errors(stack)
            point_publisher_to(previous)
    finally:
        redis.stop()


def report_log_errors(stack: FaultStack) -> None:
    """Print the worker and beat error lines, apart from those saying Redis was away or hung (the outages')."""
    outage = f"127.0.0.1:{stack.redis.port}. Connection refused"
    lines = [
        (process.log_path.name, line)
        for process in [*stack.workers, *stack.beats]
        for line in process.log().splitlines()
        if "ERROR/" in line or "CRITICAL/" in line  # celery's "[time: ERROR/MainProcess]"
    ]
    others = [f"{name}: {line[:300]}" for name, line in lines if outage not in line and "Timeout reading" not in line]
    print(f"\nworker and beat logs: {len(lines) - len(others)} error lines saying Redis refused or hung, ", end="")
    print(f"{len(others)} others" + (":\n" + "\n".join(others[:8]) if others else ""))


def _publisher() -> str:
    from config.celery import app

    return app.conf.broker_url


def run(url: str, phases: list[str], workers: int) -> bool:
    """Run the fault phases named in `phases` (in their order) on their own stack; True when all hold."""
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per API call otherwise
    results = []
    with fault_stack(url, workers) as stack:
        for phase in PHASES:
            if phase in phases:
                results.append(
                    {"worker_kill": worker_kill, "redis_outage": redis_outage, "two_beats": two_beats}[phase](stack)
                )
    return all(results)
