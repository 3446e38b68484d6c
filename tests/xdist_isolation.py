"""Give each pytest-xdist worker its own Redis databases and runtime folder, before Django's settings load.

Loaded as a plugin (`-p tests.xdist_isolation` in pyproject.toml's addopts), so it is imported before
pytest-django imports config.settings. pytest-django already gives each xdist worker its own test
database (`test_<name>_gw0`, `_gw1`, and a suffixed SQLite file); what else the workers would share:

- Redis: `cache.clear()` flushes REDIS_URL's database before every test, and a Celery worker that one
  xdist worker's test starts consumes every task queued on CELERY_BROKER_URL's database, the other's too.
- VAR_DIR: without CELERY_BROKER_URL the broker is a folder there, shared by every process reading it.

So worker gwN adds N × PYTEST_REDIS_DB_STEP (default 2, the two databases a run uses) to the database
numbers of CELERY_BROKER_URL and REDIS_URL (redis://…:6379/0 and /1: gw0 keeps 0 and 1, gw1 takes 2 and
3), and uses VAR_DIR/xdist-gwN. The environment itself is changed: the servers and workers tests start
inherit it. Without xdist (`-n 0`, `-p no:xdist`) nothing changes.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REDIS_VARIABLES = ("CELERY_BROKER_URL", "REDIS_URL")


def worker_number(worker_id: str) -> int:
    match = re.fullmatch(r"gw(\d+)", worker_id)
    if not match:
        raise RuntimeError(f"unexpected PYTEST_XDIST_WORKER {worker_id!r}")
    return int(match.group(1))


def shifted_redis_url(url: str, offset: int) -> str:
    """The URL with its database number moved by `offset` (redis://host:port/db; no number means 0)."""
    if not url.startswith(("redis://", "rediss://")):
        return url  # the filesystem broker, or unset: VAR_DIR separates those
    match = re.fullmatch(r"(?P<base>rediss?://[^/?#]*)(?:/(?P<db>\d*))?(?P<rest>[?#].*)?", url)
    if not match:
        raise RuntimeError(f"cannot give this xdist worker its own database in {url!r}")
    database = int(match.group("db") or 0) + offset
    return f"{match.group('base')}/{database}{match.group('rest') or ''}"


def isolate_this_worker(environ=os.environ) -> None:
    worker_id = environ.get("PYTEST_XDIST_WORKER")
    if not worker_id or environ.get("XDIST_ISOLATED_WORKER") == worker_id:
        return
    number = worker_number(worker_id)
    step = int(environ.get("PYTEST_REDIS_DB_STEP", "2"))
    for name in REDIS_VARIABLES:
        if environ.get(name):
            environ[name] = shifted_redis_url(environ[name], number * step)
    var_dir = Path(environ.get("VAR_DIR") or ROOT / "var") / f"xdist-{worker_id}"
    var_dir.mkdir(parents=True, exist_ok=True)
    environ["VAR_DIR"] = str(var_dir)
    # Marks the environment as done: tests/conftest.py checks it, and a second import changes nothing.
    environ["XDIST_ISOLATED_WORKER"] = worker_id


isolate_this_worker()
