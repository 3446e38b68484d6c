"""Server CPU per request of the `make stress` load mix, in process: no gunicorn, no locust, no
network, so a shared machine's contention moves it little.

Replays locustfile.py's requests with their weights through the WSGI application under production
settings (DEBUG off, persistent connections, the raised API windows of benchmarks.support.server_env)
against an already seeded database, and prints CPU ms per request per endpoint, the weighted mean, the
queries each endpoint ran, and with PROFILE=1 the top functions by cumulative time.

    # DATABASE_URL (PostgreSQL), REDIS_URL, SECRET_KEY and INTEGRATIONS_ENCRYPTION_KEYS set, then:
    .venv/bin/python manage.py seed_demo --org "Stress Ltd" --email admin@stress.test \\
        --password stress-password --candidates 100000
    .venv/bin/python -m benchmarks.stress.profile_load            # ROUNDS=30 PROFILE=1 SORT=tottime
"""

from __future__ import annotations

import io
import json
import os
import random
import sys
import time
import uuid
from urllib.parse import urlencode

from benchmarks.support import server_env

os.environ.update(server_env(os.environ.get("DATABASE_URL", "")))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

ROUNDS = int(os.environ.get("ROUNDS", "30"))
SEARCHES = ["lovelace", "ada", "patel", "o'connor", "garcía", "chen"]
SKILLS = ["python", "react", "kubernetes", "postgresql", "aws", "go"]
PLACES = ["berlin", "london", "remote", "são paulo", "new york"]


def call(application, method: str, path: str, query: dict | str = "", headers=None, body: bytes = b""):
    environ = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": query if isinstance(query, str) else urlencode(query),
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "CONTENT_LENGTH": str(len(body)),
        **({"CONTENT_TYPE": "application/json"} if body else {}),
        **{f"HTTP_{key.upper().replace('-', '_')}": value for key, value in (headers or {}).items()},
    }
    status = []
    chunks = application(environ, lambda code, response_headers, exc_info=None: status.append(code))
    content = b"".join(chunks)
    if hasattr(chunks, "close"):
        chunks.close()
    return int(status[0].split()[0]), content


def run_time(pid: int) -> float:
    """Seconds process `pid` (here: this connection's PostgreSQL backend, on the same machine) has
    run on a CPU, from the scheduler's nanosecond count; 0 where /proc does not say."""
    try:
        with open(f"/proc/{pid}/schedstat") as stat:
            return int(stat.read().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return 0.0


def main() -> None:
    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from ats.services import api_keys
    from config.wsgi import application
    from recruiting.models import Candidate, Job, Organization, User

    organization = Organization.objects.get(name="Stress Ltd")
    admin = User.objects.get(email="admin@stress.test")
    key = api_keys.register_integration(
        organization=organization, name=f"Profile {uuid.uuid4().hex[:6]}", created_by=admin
    )[2]
    code, content = call(
        application,
        "POST",
        "/api/v1/auth/login",
        body=json.dumps({"email": "admin@stress.test", "password": "stress-password"}).encode(),
    )
    jwt = json.loads(content)["access_token"]
    job_ids = list(Job.objects.for_org(organization).values_list("id", flat=True)[:20])
    candidate_ids = list(Candidate.objects.for_org(organization).values_list("id", flat=True)[:500])
    recruiter = {"Authorization": f"Bearer {jwt}"}
    partner = {"X-API-Key": key}

    def sync_body() -> bytes:
        return json.dumps(
            {
                "external_id": f"stress-{uuid.uuid4().hex[:12]}",
                "first_name": "Zoë",
                "last_name": "O'Connor",
                "email": f"zoe.{uuid.uuid4().hex[:8]}@example.ie",
                "location": "Dublin, Ireland",
                "skills": ["Python", "Django"],
                "experience_years": 4.5,
            }
        ).encode()

    # (name, weight in the mix, request): weights are locustfile's user weight x task weight / task total.
    mix = [
        ("GET /api/v1/candidates", 5 * 4 / 14, lambda: ("GET", "/api/v1/candidates", {"page_size": 25}, recruiter)),
        (
            "GET /api/v1/candidates?q=",
            5 * 3 / 14,
            lambda: ("GET", "/api/v1/candidates", {"q": random.choice(SEARCHES), "page_size": 25}, recruiter),
        ),
        (
            "GET /api/v1/candidates?skills=&location=",
            5 * 2 / 14,
            lambda: (
                "GET",
                "/api/v1/candidates",
                {"skills": random.choice(SKILLS), "location": random.choice(PLACES), "page_size": 25},
                recruiter,
            ),
        ),
        (
            "GET /api/v1/candidates/{id}",
            5 * 2 / 14,
            lambda: ("GET", f"/api/v1/candidates/{random.choice(candidate_ids)}", "", recruiter),
        ),
        ("GET /api/v1/jobs", 5 * 2 / 14, lambda: ("GET", "/api/v1/jobs", "", recruiter)),
        ("GET /api/v1/applications", 5 * 1 / 14, lambda: ("GET", "/api/v1/applications", {"page_size": 25}, recruiter)),
        (
            "GET /api/ats/candidates",
            2 * 3 / 5,
            lambda: ("GET", "/api/ats/candidates", {"page_size": 50, "page": random.randint(1, 20)}, partner),
        ),
        (
            "POST /api/ats/candidates/sync",
            2 * 2 / 5,
            lambda: ("POST", "/api/ats/candidates/sync", "", partner, sync_body()),
        ),
        (
            "GET /api/v1/match/{job}/top",
            1.0,
            lambda: ("GET", f"/api/v1/match/{random.choice(job_ids)}/top", {"limit": 10}, recruiter),
        ),
    ]
    random.seed(1)
    for _name, _weight, make in mix:  # warm: imports, match indexes, connection
        for _ in range(3):
            call(application, *make())
    queries = {}
    for name, _weight, make in mix:
        with CaptureQueriesContext(connection) as captured:
            code, content = call(application, *make())
        assert code in (200, 201), (name, code, content[:300])
        queries[name] = len(captured)
        if os.environ.get("QUERIES"):
            print(name, *(f"  {query['sql'][:300]}" for query in captured.captured_queries), sep="\n")
    reset_queries()

    profiler = None
    if os.environ.get("PROFILE"):
        import cProfile

        profiler = cProfile.Profile(time.process_time)  # CPU, as the stress phase counts it
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        backend = cursor.fetchone()[0]
    cpu = {name: 0.0 for name, _w, _m in mix}
    database_cpu = {name: 0.0 for name, _w, _m in mix}
    for _ in range(ROUNDS):
        for name, _weight, make in mix:
            request = make()
            database_started = run_time(backend)
            started = time.process_time()
            if profiler and os.environ.get("ONLY", name) == name:
                profiler.enable()
            code, _content = call(application, *request)
            if profiler:
                profiler.disable()
            cpu[name] += time.process_time() - started
            database_cpu[name] += run_time(backend) - database_started
            assert code in (200, 201), (name, code)
    total_weight = sum(weight for _n, weight, _m in mix)
    print(f"{'endpoint':<44}{'share':>7}{'CPU ms':>8}{'DB ms':>7}{'queries':>9}")
    for name, weight, _make in mix:
        print(
            f"{name:<44}{weight / total_weight:>7.1%}{cpu[name] * 1000 / ROUNDS:>8.2f}"
            f"{database_cpu[name] * 1000 / ROUNDS:>7.2f}{queries[name]:>9}"
        )

    def weighted(figures: dict) -> float:
        return sum(figures[name] * 1000 / ROUNDS * weight for name, weight, _m in mix) / total_weight

    print(
        f"weighted mean CPU per request of the load mix: {weighted(cpu):.2f} ms in the application, "
        f"{weighted(database_cpu):.2f} ms in its PostgreSQL backend ({ROUNDS} rounds, load {os.getloadavg()[0]:.2f})"
    )
    if profiler:
        import pstats

        if os.environ.get("PROFILE_FILE"):
            profiler.dump_stats(os.environ["PROFILE_FILE"])
        pstats.Stats(profiler).sort_stats(os.environ.get("SORT", "cumulative")).print_stats(
            int(os.environ.get("TOP", "60"))
        )


if __name__ == "__main__":
    main()
