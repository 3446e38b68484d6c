"""A production start without INTEGRATIONS_ENCRYPTION_KEYS is refused by `manage.py check`."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.integrations.conftest import ROOT


def manage_py_check(**environment: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in ("DEBUG", "INTEGRATIONS_ENCRYPTION_KEYS")}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**env, "SECRET_KEY": "a-production-like-secret-key-for-this-check", **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_missing_keys_with_debug_off_fail_the_system_check():
    result = manage_py_check()

    assert result.returncode == 1
    assert "integrations.E001" in result.stderr
    assert "INTEGRATIONS_ENCRYPTION_KEYS is not set" in result.stderr
    with_keys = manage_py_check(INTEGRATIONS_ENCRYPTION_KEYS="k3y-for-2026,k3y-for-2025")
    assert with_keys.returncode == 0, with_keys.stderr
