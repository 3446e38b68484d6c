"""What the benchmarks share: a fresh database per run, a gunicorn server on a loopback port, and a
closed-loop HTTP load generator with a fixed number of concurrent clients."""

from __future__ import annotations

import http.client
import multiprocessing
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent


UNLIMITED_HOUR = "100000000/hour"
UNLIMITED_MINUTE = "100000000/minute"


def server_env(database_url: str, **overrides: str) -> dict[str, str]:
    """The environment of a measured gunicorn: production settings, persistent connections, and no
    API window (per key or per plan) that the load itself would hit; `overrides` win."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "DB_CONN_MAX_AGE": "600",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "ATS_RATE_LIMIT": UNLIMITED_HOUR,
        "PLAN_FREE_RATE": UNLIMITED_MINUTE,
        "PLAN_PRO_RATE": UNLIMITED_MINUTE,
        "PLAN_ENTERPRISE_RATE": UNLIMITED_MINUTE,
        **overrides,
    }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _admin_connection(url: str):
    import dj_database_url
    import psycopg2

    config = dj_database_url.parse(url)
    connection = psycopg2.connect(
        dbname="postgres",
        user=config["USER"],
        password=config["PASSWORD"] or None,
        host=config["HOST"],
        port=config["PORT"] or 5432,
    )
    connection.autocommit = True
    return connection


@contextmanager
def bench_database(url: str, name: str, *, keep: bool = False):
    """A PostgreSQL database `<DATABASE_URL's name>_<name>` beside DATABASE_URL's, created (empty) and
    migrated, with Django pointed at it; dropped afterwards unless `keep`. Yields its URL. The prefix
    keeps two checkouts with their own databases from dropping each other's benchmark mid-run."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connections

    name = f"{url.rsplit('/', 1)[-1].split('?')[0]}_{name}"
    admin = _admin_connection(url)
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        cursor.execute(f"CREATE DATABASE {name}")
    connections.close_all()
    original = settings.DATABASES["default"]["NAME"]
    settings.DATABASES["default"]["NAME"] = name
    connections["default"].settings_dict["NAME"] = name
    try:
        call_command("migrate", verbosity=0)
        yield url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        connections.close_all()
        settings.DATABASES["default"]["NAME"] = original
        connections["default"].settings_dict["NAME"] = original
        if not keep:
            with admin.cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


@contextmanager
def gunicorn_server(env: dict[str, str], workers: int = 1):
    bin_dir = Path(sys.executable).parent
    with tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False) as log:
        process = subprocess.Popen(  # noqa: S603 - fixed argv, our own server
            [
                str(bin_dir / "gunicorn"),
                "config.wsgi:application",
                "--bind",
                "127.0.0.1:0",
                "--workers",
                str(workers),
                "--backlog",
                "256",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        match = None
        while match is None and time.monotonic() < deadline:
            match = re.search(r"Listening at: (http://127\.0\.0\.1:\d+)", Path(log.name).read_text())
            if process.poll() is not None:
                raise RuntimeError(Path(log.name).read_text())
            time.sleep(0.05)
        if match is None:
            raise TimeoutError("gunicorn did not start")
        yield match.group(1)
    finally:
        process.terminate()
        process.wait(timeout=15)
        os.unlink(log.name)


def _client_process(base_url: str, path: str, headers: dict, threads: int, seconds: float, queue) -> None:
    """One load process: `threads` closed-loop clients, each sending the next request when the last
    one answered, for `seconds`. Reports (latencies in ms, error count) on `queue`."""
    parts = urlsplit(base_url)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client() -> None:
        mine, failed = [], 0
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        while time.perf_counter() < stop_at:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    failed += 1
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
            mine.append((time.perf_counter() - started) * 1000)
        connection.close()
        with lock:
            latencies.extend(mine)
            errors[0] += failed

    pool = [threading.Thread(target=client) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    queue.put((latencies, errors[0]))


def run_load(
    base_url: str, path: str, headers: dict, *, clients: int = 16, seconds: float = 5.0, processes: int = 2
) -> dict:
    """Closed-loop load: `clients` concurrent clients (spread over `processes` processes so the
    client's own Python does not cap the rate) for `seconds`. Returns rate, percentiles, errors and
    every request's latency (ms), for pooling windows."""
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    workers = [
        context.Process(target=_client_process, args=(base_url, path, headers, clients // processes, seconds, queue))
        for _ in range(processes)
    ]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    results = [queue.get() for _ in workers]
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    latencies = [value for found, _ in results for value in found]
    errors = sum(failed for _, failed in results)
    return {
        "rate": len(latencies) / elapsed,
        "p50": percentile(latencies, 0.50),
        "p95": percentile(latencies, 0.95),
        "p99": percentile(latencies, 0.99),
        "requests": len(latencies),
        "errors": errors,
        "latencies": latencies,
    }


@contextmanager
def own_database(name: str):
    """A fresh, migrated PostgreSQL database `name` beside DATABASE_URL's (dropped afterwards), or
    on SQLite the configured database, migrated first: a benchmark never needs a manual step."""
    from django.conf import settings
    from django.core.management import call_command

    url = os.environ.get("DATABASE_URL", "")
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql") and url:
        with bench_database(url, name) as bench_url:
            yield bench_url
    else:
        call_command("migrate", verbosity=0)
        yield None
