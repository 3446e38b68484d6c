"""Real processes for partner tests: gunicorn servers and a Celery worker on the test database.

They share pytest-django's test database: on PostgreSQL `test_<name>`, on SQLite the test
database file (config/settings.py makes it a file). Tests use `transaction=True`, so rows are
committed where other processes can see them and flushed afterwards.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx
from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def process_env(database_url: str, var_dir: Path, **extra: str) -> dict[str, str]:
    # Without CELERY_BROKER_URL the broker is a folder under VAR_DIR: one per test, shared by its processes.
    for folder in ("queue", "processed"):
        (var_dir / "celery" / folder).mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "DATABASE_URL": database_url, "VAR_DIR": str(var_dir), "DEBUG": "0", **extra}
    env.setdefault("SECRET_KEY", settings.SECRET_KEY)
    env["DB_CONN_MAX_AGE"] = "0" if database_url.startswith("sqlite") else env.get("DB_CONN_MAX_AGE", "60")
    return env


def run_script(env: dict[str, str], code: str) -> dict:
    """Run Django code in a fresh process against the stack's database; it prints one JSON line."""
    result = subprocess.run(
        [str(BIN / "python"), "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


PARTNER_SETUP = """
import json
from ats.services import api_keys
from recruiting import services as rs
from recruiting.models import User
result = {}
for name in ("Acme Talent", "Globex Hiring"):
    org = rs.create_organization(name=name)
    admin = rs.create_user(organization=org, email=f"admin@{org.slug}.test", password="pw-123456", role=User.Role.ADMIN)
    keys = []
    for number in range(2):
        integration, api_key, raw = api_keys.register_integration(organization=org, name=f"ATS {number}", created_by=admin)
        keys.append(raw)
    result[org.slug] = {"organization_id": org.pk, "keys": keys}
print(json.dumps(result))
"""


def acme_partner_key(env: dict[str, str]) -> str:
    """Run PARTNER_SETUP in the stack's database and return Acme Talent's first API key."""
    return run_script(env, PARTNER_SETUP)["acme-talent"]["keys"][0]


def _wait_for_line(log: Path, pattern: str, process: subprocess.Popen, timeout: float = 30) -> re.Match:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        match = re.search(pattern, log.read_text(errors="replace")) if log.exists() else None
        if match:
            return match
        if process.poll() is not None:
            raise RuntimeError(f"process exited early:\n{log.read_text(errors='replace')}")
        time.sleep(0.05)
    raise TimeoutError(f"no {pattern!r} in {log}:\n{log.read_text(errors='replace')}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@contextmanager
def gunicorn(env: dict[str, str], log_dir: Path, *, workers: int = 3):
    """Serve the project with `workers` separate server processes on an ephemeral port."""
    log = log_dir / f"gunicorn-{time.monotonic_ns()}.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "config.wsgi:application", "--bind", "127.0.0.1:0", "--workers", str(workers)],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        port = _wait_for_line(log, r"Listening at: http://127\.0\.0\.1:(\d+)", process).group(1)
        base_url = f"http://127.0.0.1:{port}"
        booted = 0
        deadline = time.monotonic() + 30
        while booted < workers and time.monotonic() < deadline:
            booted = log.read_text().count("Booting worker")
            time.sleep(0.05)
        # Answering /health proves a worker has loaded Django.
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base_url}/health", timeout=5).status_code in (200, 503):
                    break
            except httpx.HTTPError:
                time.sleep(0.05)
        yield base_url
    finally:
        _stop(process)


@contextmanager
def celery_worker(env: dict[str, str], log_dir: Path):
    log = log_dir / f"celery-{time.monotonic_ns()}.log"
    with open(log, "w") as out:
        process = subprocess.Popen(
            [str(BIN / "celery"), "-A", "config", "worker", "--loglevel=info", "--concurrency=1", "--pool=solo"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_for_line(log, r"ready\.", process, timeout=60)
        yield process
    finally:
        _stop(process)


def poll_status(http, url: str, done, *, timeout: float = 120, interval: float = 0.5) -> dict:
    """GET `url` twice a second until `done(body)`, as a partner polls an import; a 429 waits its
    Retry-After first, as a well-behaved client does (a slow run on a loaded machine can spend the
    key's per-minute limit), and is never taken for the answer."""
    deadline = time.monotonic() + timeout
    body: dict = {}
    while time.monotonic() < deadline:
        response = http.get(url)
        if response.status_code == 429:
            time.sleep(min(float(response.headers.get("Retry-After", 1)), max(0.0, deadline - time.monotonic())))
            continue
        body = response.json()
        if done(body):
            break
        time.sleep(interval)
    return body


def poll(fetch, done, *, timeout: float = 120, interval: float = 0.5):
    """Call `fetch()` twice a second until `done(result)` or the deadline; return the last result.
    (Polling the API: `poll_status`, which honours a 429's Retry-After.)"""
    deadline = time.monotonic() + timeout
    result = fetch()
    while not done(result) and time.monotonic() < deadline:
        time.sleep(interval)
        result = fetch()
    return result
