"""A production start without INTEGRATIONS_ENCRYPTION_KEYS is refused by `manage.py check`."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.integrations.conftest import ROOT


def start_manage_py_check(**environment: str) -> subprocess.Popen:
    env = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "INTEGRATIONS_ENCRYPTION_KEYS")}
    return subprocess.Popen(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**env, "SECRET_KEY": "a-production-like-secret-key-for-this-check", **environment},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen) -> tuple[int, str]:
    _stdout, stderr = process.communicate(timeout=60)
    return process.returncode, stderr


def test_missing_keys_with_debug_off_fail_the_system_check():
    # Both checks at once: each is a Django start of its own, seconds on a loaded machine.
    without_keys = start_manage_py_check()
    with_keys = start_manage_py_check(INTEGRATIONS_ENCRYPTION_KEYS="k3y-for-2026,k3y-for-2025")

    (refused, refusal), (accepted, warnings) = finished(without_keys), finished(with_keys)

    assert refused == 1
    assert "integrations.E001" in refusal
    assert "INTEGRATIONS_ENCRYPTION_KEYS is not set" in refusal
    assert accepted == 0, warnings
