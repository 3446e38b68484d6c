"""`make run` starts the worker, beat and the web server together and stops all three on Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

from tests.integrations.conftest import ROOT, wait_for

# Stand-ins for the venv's python and celery: seed_demo returns at once, the servers run until stopped.
FAKE_PROGRAM = """#!/bin/sh
case "$*" in *seed_demo*) exit 0 ;; esac
echo "$$" >> "{pids}"
exec sleep 60
"""


def test_ctrl_c_stops_make_run_cleanly_with_every_process_it_started(tmp_path: Path):
    pids = tmp_path / "pids"
    for program in ("python", "celery"):
        path = tmp_path / program
        path.write_text(FAKE_PROGRAM.format(pids=pids))
        path.chmod(0o755)
    make = subprocess.Popen(
        ["make", "--no-print-directory", "-o", "migrate", "run", f"BIN={tmp_path}"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        # Ctrl-C reaches the whole foreground group; a test runner may have left SIGINT ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        wait_for(lambda: pids.exists() and len(pids.read_text().split()) == 3, timeout=20, message="3 processes")
        os.killpg(make.pid, signal.SIGINT)  # what the terminal does on Ctrl-C
        output, _ = make.communicate(timeout=20)
    finally:
        if make.poll() is None:
            os.killpg(make.pid, signal.SIGKILL)
            make.communicate()

    assert "Segmentation fault" not in output.decode()
    started = [int(pid) for pid in pids.read_text().split()]
    wait_for(lambda: not any(_alive(pid) for pid in started), timeout=10, message="every process stopped")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
