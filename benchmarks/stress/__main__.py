"""`make stress`: load, rate-limit exactness and a long schema fuzz against gunicorn on PostgreSQL.

Creates `<DATABASE_URL's name>_stress` beside it (created, migrated, dropped), seeds
STRESS_CANDIDATES (100,000) candidates with `seed_demo`, and serves the project with gunicorn
(STRESS_WORKERS, 2) on a loopback port. Three phases, each printing its figures:

1. Rate-limit exactness: 200 concurrent clients send 1,500 requests with one API key against a
   1,000-per-window limit; exactly 1,000 must be admitted, every 429 must carry Retry-After, and a
   second key must be unaffected. Counting is shared across the server processes (Redis when
   REDIS_URL is set, the database otherwise).
2. Load: locust, headless, STRESS_USERS (48) users for STRESS_SECONDS (60) s: recruiters browsing
   and searching, partners pulling and syncing, matches being requested. Prints requests/s,
   p50/p95/p99 and failures per endpoint and the machine it ran on.
3. Schema fuzz: schemathesis with every check, STRESS_FUZZ_EXAMPLES (20) examples per operation,
   as an organization admin, against the running server; prints its summary. It starts from an
   empty schemathesis cache, so a run never replays an earlier run's failures. tests/fuzz_data.py's
   hooks put the organization's rows, real files and a loopback webhook receiver's URL into three
   in four valid requests (the server allows private networks for that receiver only in this run).
4. Faults (benchmarks/stress/faults.py, on a small database and a private Redis of their own): a
   worker killed mid-delivery, Redis hung then stopped while changes commit, two beats.

STRESS_PHASES picks phases by name, comma-separated: ratelimit, load, fuzz, worker_kill,
redis_outage, two_beats, or `faults` for the last three (default: all). Without ratelimit, load
and fuzz nothing is seeded: `STRESS_PHASES=faults make stress` took 6 to 13 minutes here.
`STRESS_CANDIDATES=300 STRESS_PHASES=fuzz` is the schema fuzz alone on the demo's size
(docs/operations.md).
"""

from __future__ import annotations

import http.client
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

ROOT = Path(__file__).resolve().parents[2]
CANDIDATES = int(os.environ.get("STRESS_CANDIDATES", "100000"))
WORKERS = int(os.environ.get("STRESS_WORKERS", "2"))
USERS = int(os.environ.get("STRESS_USERS", "48"))
SECONDS = int(os.environ.get("STRESS_SECONDS", "60"))
FUZZ_EXAMPLES = int(os.environ.get("STRESS_FUZZ_EXAMPLES", "20"))
SEEDED_PHASES = ("ratelimit", "load", "fuzz")


def chosen_phases() -> list[str]:
    from benchmarks.stress.faults import PHASES as FAULT_PHASES

    names = [name.strip() for name in os.environ.get("STRESS_PHASES", "all").split(",") if name.strip()]
    expanded = [
        phase
        for name in names
        for phase in {"all": (*SEEDED_PHASES, *FAULT_PHASES), "faults": FAULT_PHASES}.get(name, (name,))
    ]
    unknown = set(expanded) - {*SEEDED_PHASES, *FAULT_PHASES}
    if unknown:
        raise SystemExit(
            f"Unknown STRESS_PHASES {sorted(unknown)}; known: {', '.join((*SEEDED_PHASES, *FAULT_PHASES))}"
        )
    return expanded


def machine() -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return f"{platform.node()}: {os.cpu_count()} cores, {memory:.0f} GiB, Python {platform.python_version()}"


def rate_limit_exactness(base_url: str, key: str, other_key: str) -> bool:
    parts = urlsplit(base_url)
    answers: Counter[int] = Counter()
    missing_retry_after = [0]
    lock = threading.Lock()
    plan = iter(range(1500))

    def client() -> None:
        while True:
            with lock:
                if next(plan, None) is None:
                    return
            connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
            connection.request("GET", "/api/ats/candidates?page_size=1", headers={"X-API-Key": key})
            response = connection.getresponse()
            response.read()
            with lock:
                answers[response.status] += 1
                if response.status == 429 and not response.getheader("Retry-After"):
                    missing_retry_after[0] += 1
            connection.close()

    threads = [threading.Thread(target=client) for _ in range(200)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    connection.request("GET", "/api/ats/candidates?page_size=1", headers={"X-API-Key": other_key})
    other = connection.getresponse().status
    exact = answers[200] == 1000 and answers[429] == 500 and not missing_retry_after[0] and other == 200
    print(
        f"rate limit: 1,500 requests from 200 concurrent clients, one key, limit 1,000, {WORKERS} server "
        f"processes, {elapsed:.1f} s: {answers[200]:,} admitted, {answers[429]:,} answered 429 "
        f"({missing_retry_after[0]} without Retry-After), other statuses {dict((s, n) for s, n in answers.items() if s not in (200, 429))}; "
        f"a second key's request: {other} -> {'EXACT' if exact else 'NOT EXACT'}"
    )
    return exact


def server_cpu_seconds() -> float:
    """CPU seconds used so far by this process's gunicorn workers (psutil comes with locust). A
    figure that contention on a shared machine moves far less than requests/s."""
    import psutil

    total = 0.0
    for process in psutil.Process().children(recursive=True):
        try:
            if "gunicorn" in " ".join(process.cmdline()):
                times = process.cpu_times()
                total += times.user + times.system
        except psutil.NoSuchProcess:
            continue
    return total


def load(base_url: str, env: dict[str, str]) -> bool:
    prefix = Path("var") / "stress"
    prefix.parent.mkdir(exist_ok=True)
    command = [
        str(Path(sys.executable).parent / "locust"),
        "-f",
        str(Path(__file__).with_name("locustfile.py")),
        "--headless",
        "--users",
        str(USERS),
        "--spawn-rate",
        str(USERS),
        "--run-time",
        f"{SECONDS}s",
        "--host",
        base_url,
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    load_before = os.getloadavg()[0]
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_before = server_cpu_seconds()
    subprocess.run(command, cwd=ROOT, env=env, check=False)  # noqa: S603 - fixed argv
    server_cpu = server_cpu_seconds() - server_before
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    locust_cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    import csv

    with open(f"{prefix}_stats.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    print(
        f"\nload: {USERS} locust users for {SECONDS} s on {machine()}, {WORKERS} gunicorn workers; "
        f"load average {load_before:.2f} before, {os.getloadavg()[0]:.2f} after; "
        f"locust used {locust_cpu:.0f} s of CPU ({locust_cpu / SECONDS:.0%} of one core), "
        f"the gunicorn workers {server_cpu:.0f} s"
    )
    print(f"{'endpoint':<44}{'req/s':>8}{'p50':>7}{'p95':>7}{'p99':>7}{'errors':>8}{'error %':>9}")
    ok = True
    for row in rows:
        if row["Name"] == "Aggregated" and int(row["Request Count"]):
            print(f"server CPU per request: {server_cpu * 1000 / int(row['Request Count']):.1f} ms")
        name = row["Name"] if row["Name"] != "Aggregated" else "all requests"
        print(
            f"{name:<44}{float(row['Requests/s']):>8.1f}{row['50%']:>7}{row['95%']:>7}{row['99%']:>7}"
            f"{row['Failure Count']:>8}{int(row['Failure Count']) / max(int(row['Request Count']), 1):>9.2%}"
        )
        if row["Name"] == "Aggregated":
            ok = int(row["Failure Count"]) == 0
            print(
                f"aim on 2 cores: >= 300 requests/s overall at p95 <= 200 ms, 0 errors: "
                f"{float(row['Requests/s']):.0f}/s, p95 {row['95%']} ms, {row['Failure Count']} errors"
            )
    return ok


# Operations that can change the fuzzing admin's own password (a user's PUT/PATCH, sign-out, set and
# reset password): a password change ends every token of that user (CHECK_REVOKE_TOKEN), and in
# one pass every operation after it would only have been answered 401. They run last, on a fresh
# sign-in, so the first pass reaches every other operation signed in. Matched on "METHOD /path":
# reading, adding and removing users (deactivating another member) end no session and run first;
# `DELETE /users/{id}` in the last pass was only ever answered 401.
SESSION_ENDING = r"^(PUT|PATCH) .*/users/|/auth/|password"


def fuzz(base_url: str, sign_in, env: dict[str, str], data_file: str) -> bool:
    print(f"\nschema fuzz: every operation, every check, {FUZZ_EXAMPLES} examples each")
    passes = [("every other operation", "--exclude-name-regex"), ("users and auth, last", "--include-name-regex")]
    # tests/fuzz_data.py: the organization's rows where a request names one (docs/operations.md).
    env = {**env, "SCHEMATHESIS_HOOKS": "tests.fuzz_data", "FUZZ_DATA": data_file, "PYTHONPATH": str(ROOT)}
    log, held = [], True
    for name, selection in passes:
        command = [
            str(Path(sys.executable).parent / "st"),
            "run",
            f"{base_url}/api/schema/?format=json",
            "--url",
            base_url,
            "--header",
            f"Authorization: Bearer {sign_in()}",
            selection,
            SESSION_ENDING,
            "--checks",
            "all",
            "--max-examples",
            str(FUZZ_EXAMPLES),
            "--seed",
            "1",
            "--no-color",
        ]
        with tempfile.TemporaryDirectory() as fresh_cache:  # schemathesis keeps its cache in the working folder
            result = subprocess.run(command, cwd=fresh_cache, env=env, capture_output=True, text=True, check=False)  # noqa: S603
        log.append(f"===== {name} =====\n{result.stdout}{result.stderr}")
        summary = result.stdout.split("SUMMARY")[-1] if "SUMMARY" in result.stdout else result.stdout[-4000:]
        print(f"-- {name}:\n{summary.strip()[-6000:]}")
        held = held and result.returncode == 0
        if os.environ.get("STRESS_FUZZ_LOG"):  # the whole report so far, every failure with its reproduction
            Path(os.environ["STRESS_FUZZ_LOG"]).write_text("\n".join(log))
    return held


def fuzz_data(organization, admin, webhook_url: str, oauth_provider, folder: str) -> str:
    """tests/fuzz_data.py's pool of the organization's rows, as the JSON file `st run`'s hooks read.

    Its OAuth integrations are connected to `oauth_provider`, with states issued to `admin` (signed
    with the SECRET_KEY the server shares with this process)."""
    import json

    from django.test import override_settings

    from tests.fuzz_data import collect
    from tests.integrations.conftest import providers_pointing_at

    path = Path(folder) / "fuzz-data.json"
    with override_settings(INTEGRATION_PROVIDERS=providers_pointing_at(oauth_provider)):
        pool = collect(
            organization=organization,
            admin=admin,
            webhook_url=webhook_url,
            oauth_code=next(iter(oauth_provider.valid_codes)),
        )
    path.write_text(json.dumps(pool))
    return str(path)


def oauth_provider_env(server) -> dict[str, str]:
    """The server's google_calendar settings (config/settings.py reads them from the environment)
    pointed at a local OAuth provider: the in-suite fuzz's settings, as environment variables."""
    from tests.integrations.conftest import providers_pointing_at

    google = providers_pointing_at(server)["google_calendar"]
    return {
        "GOOGLE_AUTHORIZE_URL": google["authorize_url"],
        "GOOGLE_TOKEN_URL": google["token_url"],
        "GOOGLE_CALENDAR_HEALTH_URL": google["health_url"],
        "GOOGLE_CLIENT_ID": google["client_id"],
        "GOOGLE_CLIENT_SECRET": google["client_secret"],
    }


def seeded_phases(url: str, phases: list[str]) -> dict[str, bool]:
    """Rate limit, load and fuzz (those in `phases`) on STRESS_CANDIDATES seeded candidates."""
    from django.db import connection

    from benchmarks.support import bench_database, gunicorn_server, server_env

    results = {}
    with bench_database(url, "stress") as stress_url:
        from ats.services import api_keys
        from recruiting.demo import seed_demo
        from recruiting.models import Candidate, Job

        started = time.perf_counter()
        seeded = seed_demo(
            org_name="Stress Ltd",
            admin_email="admin@stress.test",
            password="stress-password",  # noqa: S106 - a throwaway login
            candidates=CANDIDATES,
        )
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        keys = [
            api_keys.register_integration(organization=seeded.organization, name=name, created_by=seeded.admin)[2]
            for name in ("Stress ATS", "Other ATS")
        ]
        job_ids = list(Job.objects.for_org(seeded.organization).values_list("id", flat=True)[:20])
        candidate_ids = list(Candidate.objects.for_org(seeded.organization).values_list("id", flat=True)[:500])
        print(f"{machine()}; seeded {CANDIDATES:,} candidates in {time.perf_counter() - started:.0f} s")
        connection.close()

        # The per-key window is the one under test first; then nothing limits the load.
        if "ratelimit" in phases:
            with gunicorn_server(server_env(stress_url, ATS_RATE_LIMIT="1000/hour"), workers=WORKERS) as base_url:
                results["rate limit exact"] = rate_limit_exactness(base_url, keys[0], keys[1])

        # The fuzz registers webhooks to a receiver on loopback and connects OAuth integrations to a
        # provider on loopback, as the tests do (allow_loopback, oauth_server).
        fuzz_env, oauth_provider = {}, None
        if "fuzz" in phases:
            from tests.integrations.conftest import OAuthServer

            oauth_provider = OAuthServer()
            fuzz_env = {"WEBHOOK_ALLOW_PRIVATE_NETWORKS": "1", **oauth_provider_env(oauth_provider)}
        env = server_env(stress_url, **fuzz_env)
        with gunicorn_server(env, workers=WORKERS) as base_url:
            import httpx

            def sign_in() -> str:
                login = httpx.post(
                    f"{base_url}/api/v1/auth/login",
                    json={"email": "admin@stress.test", "password": "stress-password"},
                    timeout=60,  # the first request of a cold server on a busy machine
                )
                return login.json()["access_token"]

            jwt = sign_in()
            load_env = {
                **env,
                "STRESS_JWT": jwt,
                "STRESS_API_KEY": keys[1],
                "STRESS_JOB_IDS": ",".join(map(str, job_ids)),
                "STRESS_CANDIDATE_IDS": ",".join(map(str, candidate_ids)),
            }
            if "load" in phases:
                results["load without errors"] = load(base_url, load_env)
            if "fuzz" in phases:
                from tests.integrations.conftest import Receiver

                receiver = Receiver()
                try:
                    with tempfile.TemporaryDirectory() as folder:
                        data = fuzz_data(seeded.organization, seeded.admin, receiver.url(), oauth_provider, folder)
                        connection.close()
                        results["fuzz clean"] = fuzz(base_url, sign_in, env, data)
                finally:
                    receiver.stop()
                    oauth_provider.stop()
    return results


def main() -> int:
    import django

    django.setup()
    from django.conf import settings

    from benchmarks.stress import faults

    url = os.environ.get("DATABASE_URL", "")
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql") or not url:
        print("make stress needs PostgreSQL: set DATABASE_URL=postgres://... (and REDIS_URL) and rerun.")
        return 2
    phases = chosen_phases()
    results = {}
    if set(phases) & set(SEEDED_PHASES):
        results.update(seeded_phases(url, phases))
    if set(phases) & set(faults.PHASES):
        print(f"\nfaults on {machine()}; load average {os.getloadavg()[0]:.2f}")
        results["faults held"] = faults.run(url, phases, WORKERS)
    print("\n" + "; ".join(f"{name}: {held}" for name, held in results.items()))
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
