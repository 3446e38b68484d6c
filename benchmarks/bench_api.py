"""The REST API at 100,000 candidates: each list's throughput as a ratio to the cheapest
authenticated request of the same API, measured under the same load in the same run.

Creates `<DATABASE_URL's name>_bench_api` beside it (PostgreSQL; created, migrated,
dropped afterwards), seeds 100,000 candidates with `recruiting.demo.seed_demo`, vacuums, and serves
the project from gunicorn with 2 workers on a loopback port. Each request is then sent by 16
concurrent closed-loop clients for BENCH_API_SECONDS (5) seconds: first the floor,
`GET /api/v1/users/me`, then every list. Targets (issue: the API at 100,000 candidates): every
list >= 50% of the floor's rate with p99 <= 100 ms.
"""

from __future__ import annotations

import os
import time

from benchmarks.support import bench_database, gunicorn_server, run_load, server_env

CANDIDATES = int(os.environ.get("BENCH_API_CANDIDATES", "100000"))
SECONDS = float(os.environ.get("BENCH_API_SECONDS", "5"))
CLIENTS = 16
WORKERS = 2
TARGET_RATIO = 0.5
TARGET_P99_MS = 100.0


def lists(walk_start: int, deep: int, unwalked: int) -> list[tuple[str, str, str]]:
    """(label, path, credential) for every list measured: `deep` is page 1,000 at 100,000 candidates,
    `walk_start` a deep page of the partner pull already walked to, `unwalked` one that was not."""
    return [
        ("v1 candidates, default order", "/api/v1/candidates?page_size=50", "jwt"),
        ("v1 candidates, common skill", "/api/v1/candidates?page_size=50&skills=python", "jwt"),
        ("v1 candidates, location", "/api/v1/candidates?page_size=50&location=berlin", "jwt"),
        ("v1 candidates, q name/e-mail", "/api/v1/candidates?page_size=50&q=lovelace", "jwt"),
        (f"v1 candidates, page {deep:,}", f"/api/v1/candidates?page_size=50&page={deep}", "jwt"),
        ("v1 jobs", "/api/v1/jobs?page_size=50", "jwt"),
        ("ats candidates, page 1", "/api/ats/candidates?page_size=50", "key"),
        ("ats candidates, updated_since", "/api/ats/candidates?page_size=50&updated_since=2020-01-01T00:00:00Z", "key"),
        (f"ats candidates, page {walk_start:,} (walked)", f"/api/ats/candidates?page_size=50&page={walk_start}", "key"),
        (f"ats candidates, page {unwalked:,} (not walked)", f"/api/ats/candidates?page_size=50&page={unwalked}", "key"),
    ]


def main() -> None:
    import logging

    import httpx
    from django.conf import settings
    from django.db import connection

    url = os.environ.get("DATABASE_URL", "")
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql") or not url:
        print("bench_api: skipped - needs PostgreSQL. Set DATABASE_URL=postgres://... and rerun `make bench`.")
        return
    logging.getLogger("httpx").setLevel(logging.WARNING)
    with bench_database(url, "bench_api") as bench_url:
        from ats.services import api_keys
        from recruiting.demo import seed_demo
        from recruiting.models import Candidate

        started = time.perf_counter()
        seeded = seed_demo(
            org_name="Bench API",
            admin_email="admin@bench.test",
            password="bench-password",  # noqa: S106 - a throwaway benchmark login
            candidates=CANDIDATES,
        )
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {Candidate._meta.db_table}")
        _integration, _key, raw_key = api_keys.register_integration(
            organization=seeded.organization, name="Bench ATS", created_by=seeded.admin
        )
        total = Candidate.objects.for_org(seeded.organization).count()
        print(f"seeded {total:,} candidates with seed_demo in {time.perf_counter() - started:.0f} s; vacuumed")
        connection.close()

        env = server_env(bench_url)
        with gunicorn_server(env, workers=WORKERS) as base_url, httpx.Client(base_url=base_url, timeout=60) as http:
            login = http.post("/api/v1/auth/login", json={"email": "admin@bench.test", "password": "bench-password"})
            login.raise_for_status()
            credentials = {
                "jwt": {"Authorization": f"Bearer {login.json()['access_token']}"},
                "key": {"X-API-Key": raw_key},
            }
            # A partner walking its pull: pages 1..walk_start, as the seed contract's client does.
            walk_start, walked = 1, time.perf_counter()
            pages = total // 50
            deep, unwalked = min(1000, pages), min(1500, pages)
            while walk_start < min(1000, pages - 1):
                http.get(f"/api/ats/candidates?page_size=50&page={walk_start}", headers=credentials["key"])
                walk_start += 1
            walk_seconds = time.perf_counter() - walked
            for _label, path, credential in [("warm-up", "/api/v1/users/me", "jwt")] + lists(
                walk_start, deep, unwalked
            ):
                http.get(path, headers=credentials[credential]).raise_for_status()

            floor = run_load(base_url, "/api/v1/users/me", credentials["jwt"], clients=CLIENTS, seconds=SECONDS)
            rows = [("floor: GET /api/v1/users/me", floor, None)]
            for label, path, credential in lists(walk_start, deep, unwalked):
                figures = run_load(base_url, path, credentials[credential], clients=CLIENTS, seconds=SECONDS)
                rows.append((label, figures, figures["rate"] / floor["rate"]))

    print(
        f"\n{CLIENTS} concurrent clients, {WORKERS} gunicorn workers, {SECONDS:.0f} s each, "
        f"{total:,} candidates; walking pages 1-{walk_start - 1} of the partner pull took {walk_seconds:.1f} s "
        f"({(walk_start - 1) / walk_seconds:.0f} pages/s, one client)"
    )
    print(f"{'request':<44}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'errors':>7}{'ratio':>8}  target")
    missed = []
    for label, figures, ratio in rows:
        if ratio is None:
            verdict = "(floor)"
        else:
            ok = ratio >= TARGET_RATIO and figures["p99"] <= TARGET_P99_MS and figures["errors"] == 0
            verdict = "ok" if ok else "MISSED"
            if not ok:
                missed.append(label)
        print(
            f"{label:<44}{figures['rate']:>8.0f}{figures['p50']:>8.1f}{figures['p95']:>8.1f}{figures['p99']:>8.1f}"
            f"{figures['errors']:>7}{'' if ratio is None else f'{ratio:.0%}':>8}  {verdict}"
        )
    print(
        f"target: each list >= {TARGET_RATIO:.0%} of the floor's rate, p99 <= {TARGET_P99_MS:.0f} ms; "
        + ("all met" if not missed else f"missed: {', '.join(missed)}")
    )
