"""Real parts for integration tests: HTTP receivers on 127.0.0.1 and a real Celery worker process."""

from __future__ import annotations

import json
import os
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from standardwebhooks.webhooks import Webhook as StandardWebhook

from config.celery import app as celery_app
from integrations.models import Integration, WebhookDelivery
from integrations.services.integrations import create_integration
from integrations.services.webhooks import create_webhook
from tests.processes import database_url, point_publisher_to

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class ReceivedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Reply:
    status: int = 200
    body: bytes = b'{"ok": true}'
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})


class Receiver:
    """An HTTP server on 127.0.0.1 that records every request and answers with `respond(request)`.

    `hang()` makes it hold requests open (a receiver hanging past our timeout) until `release()`.
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, tls: ssl.SSLContext | None = None):
        self.tls = tls
        self.requests: list[ReceivedRequest] = []
        self.respond: Callable[[ReceivedRequest], Reply] = lambda request: Reply()
        self._release = threading.Event()
        self._release.set()
        self._lock = threading.Lock()
        self.host = host
        self._start(port)

    def _start(self, port: int) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                request = ReceivedRequest(
                    self.command, self.path, {k: v for k, v in self.headers.items()}, self.rfile.read(length)
                )
                with receiver._lock:
                    receiver.requests.append(request)
                # A hanging receiver: hold the connection until released (bounded so threads end).
                receiver._release.wait(timeout=30)
                reply = receiver.respond(request)
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = do_POST = do_PUT = _handle  # noqa: N815 - names http.server dispatches to

        self.server = ThreadingHTTPServer((self.host, port), Handler)
        self.server.daemon_threads = True
        if self.tls is not None:
            self.server.socket = self.tls.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def url(self, path: str = "/hook", host: str | None = None) -> str:
        scheme = "https" if self.tls else "http"
        return f"{scheme}://{host or self.host}:{self.port}{path}"

    def hang(self) -> None:
        self._release.clear()

    def release(self) -> None:
        self._release.set()

    def stop(self) -> None:
        """Stop listening: connections to the port are now refused."""
        self.release()
        self.server.shutdown()
        self.server.server_close()

    def restart(self) -> None:
        self._start(self.port)

    def bodies_for(self, event: str) -> list[ReceivedRequest]:
        return [r for r in self.requests if r.headers.get("X-Webhook-Event") == event]


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.stop()


@pytest.fixture
def allow_loopback(settings):
    """Our receivers live on 127.0.0.1, which the SSRF guard refuses unless this is on."""
    settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS = True
    return settings


def wait_for(condition: Callable[[], object], *, timeout: float = 20.0, interval: float = 0.05, message: str = ""):
    """Poll until `condition()` is truthy, failing after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout} s waiting for {message or condition}")


class Worker:
    """A real `celery -A config worker` (or `beat`) process on the test database."""

    def __init__(self, log_path: Path, concurrency: int = 1, command: str = "worker"):
        env = {
            **os.environ,
            "DATABASE_URL": database_url(connection),
            "WEBHOOK_ALLOW_PRIVATE_NETWORKS": "1" if settings.WEBHOOK_ALLOW_PRIVATE_NETWORKS else "0",
            "DB_CONN_MAX_AGE": "0",
            "INTEGRATIONS_ENCRYPTION_KEYS": ",".join(settings.INTEGRATIONS_ENCRYPTION_KEYS),
        }
        if command == "worker":
            options = [
                f"--concurrency={concurrency}",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
                "-n",
                f"test-{os.getpid()}-{time.monotonic_ns()}@%h",
            ]
            ready = "ready."
        else:
            options = ["--pidfile=", f"--schedule={log_path.with_suffix('.schedule')}"]
            ready = "beat: Starting"
        self.log_path = log_path
        self.log = open(log_path, "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", command, "--loglevel=INFO", *options],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(lambda: ready in log_path.read_text() or self.process.poll() is not None, timeout=30)
        if self.process.poll() is not None:
            raise AssertionError(f"Celery {command} died at start:\n{log_path.read_text()}")

    def kill(self) -> None:
        """SIGKILL the worker and its pool children: no shutdown, no acknowledgement."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        self.log.close()

    def stop(self) -> None:
        # The test is over: nothing in flight matters, and a warm shutdown costs seconds per test.
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
        if not self.log.closed:
            self.log.close()


@pytest.fixture
def start_worker(transactional_db, allow_loopback, tmp_path):
    """Start real Celery workers on the test database (empty queues first); stopped at the end."""
    celery_app.control.purge()
    workers: list[Worker] = []

    def start(concurrency: int = 1, command: str = "worker") -> Worker:
        worker = Worker(tmp_path / f"{command}-{len(workers)}.log", concurrency=concurrency, command=command)
        workers.append(worker)
        return worker

    yield start
    for worker in workers:
        worker.stop()


@pytest.fixture(autouse=True, scope="session")
def _filesystem_broker_folders():
    """The filesystem broker (used when CELERY_BROKER_URL is unset) needs its folders to exist."""
    for folder in ("queue", "processed"):
        (Path(settings.VAR_DIR) / "celery" / folder).mkdir(parents=True, exist_ok=True)


@pytest.fixture
def broker_down():
    """Point this process's task publisher at a port where no broker listens, then restore it.

    Returns a function that brings the broker back.
    """
    # Bound and never listening, and held for the whole test: a connection to it is refused at once,
    # and no server another test starts meanwhile (`-n 2`) can be given the port, as a port released
    # here could be.
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    previous = celery_app.conf.broker_url
    point_publisher_to(f"redis://127.0.0.1:{port}/0")
    restored = []

    def bring_back() -> None:
        if not restored:
            point_publisher_to(previous)
            restored.append(True)

    try:
        yield bring_back
    finally:
        bring_back()
        closed.close()


def verify_standard_webhook(secret: str, request: ReceivedRequest) -> dict:
    """Check a delivery the way a customer would, with the `standardwebhooks` library."""
    return StandardWebhook(secret).verify(request.body, request.headers)


@pytest.fixture
def webhook_a(org_a, receiver, allow_loopback):
    return create_webhook(organization=org_a, name="Acme ATS sync", url=receiver.url(), events=["*"])


def open_deliveries_due_now(**filters) -> int:
    """Drive the clock: make every open delivery due now, as if its retry time had come."""
    return WebhookDelivery.objects.filter(
        status__in=[WebhookDelivery.Status.PENDING, WebhookDelivery.Status.RETRYING], **filters
    ).update(next_attempt_at=timezone.now() - timedelta(seconds=1))


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The named actors are created per test; the production hasher costs ~0.3 s per user.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


class OAuthServer(Receiver):
    """A local OAuth 2.0 provider: a token endpoint and a health URL that checks the bearer token."""

    def __init__(self):
        super().__init__()
        self.valid_codes = {"good-code"}
        self.current_access_token = "access-1"
        self.refresh_tokens = {"refresh-1"}
        self.issued = 0
        self.respond = self._answer

    def token_requests(self) -> list[ReceivedRequest]:
        return [r for r in self.requests if r.path == "/token"]

    def _issue(self, *, with_refresh: bool) -> Reply:
        self.issued += 1
        self.current_access_token = f"access-{self.issued}"
        answer = {"access_token": self.current_access_token, "token_type": "Bearer", "expires_in": 3600}
        if with_refresh:
            answer["refresh_token"] = "refresh-1"
        return Reply(body=json.dumps(answer).encode())

    def _answer(self, request: ReceivedRequest) -> Reply:
        if request.path == "/token":
            form = dict(parse_qsl(request.body.decode()))
            if form.get("grant_type") == "authorization_code" and form.get("code") in self.valid_codes:
                return self._issue(with_refresh=True)
            if form.get("grant_type") == "refresh_token" and form.get("refresh_token") in self.refresh_tokens:
                return self._issue(with_refresh=False)
            error = {"error": "invalid_grant", "error_description": "The code has expired or was already used."}
            return Reply(status=400, body=json.dumps(error).encode())
        if request.path.startswith("/health"):
            if request.headers.get("Authorization") == f"Bearer {self.current_access_token}":
                return Reply(body=b'{"items": []}')
            return Reply(status=401, body=b'{"error": "invalid_token"}')
        return Reply(status=404, body=b"{}")


def providers_pointing_at(server: OAuthServer) -> dict:
    """The INTEGRATION_PROVIDERS setting with google_calendar pointed at a local OAuth provider."""
    return {
        **settings.INTEGRATION_PROVIDERS,
        "google_calendar": {
            "authorize_url": server.url("/authorize"),
            "token_url": server.url("/token"),
            "health_url": server.url("/health"),
            "scopes": "calendar.events",
            "client_id": "acme-client",
            "client_secret": "acme-client-secret",
        },
    }


@pytest.fixture
def oauth_server(settings, allow_loopback):
    """A local OAuth provider that google_calendar is pointed at through settings."""
    server = OAuthServer()
    settings.INTEGRATION_PROVIDERS = providers_pointing_at(server)
    yield server
    server.stop()


@pytest.fixture
def calendar_a(org_a, admin_a):
    """An OAuth integration of org A waiting for its admin to connect it (point it at `oauth_server`)."""
    return create_integration(
        organization=org_a,
        created_by=admin_a,
        name="Acme Google Calendar",
        provider="google_calendar",
        auth_type="oauth2",
        status=Integration.Status.PENDING,
    )
