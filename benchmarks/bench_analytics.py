"""Analytics at scale: 100,000 candidates and 300,000 applications with stage history.

Targets: dashboard metrics p95 <= 200 ms (cached, with `generated_at`), a year-by-week query
p95 <= 300 ms, the CSV export of 100,000 candidates >= 20,000 rows/s with flat memory.
Seeds "Analytics Bench Corp" in its own database (a fresh `<DATABASE_URL's name>_bench_analytics` on PostgreSQL).
"""

from __future__ import annotations

import os
import random
import statistics
import time
import tracemalloc
from datetime import timedelta

from benchmarks.support import own_database

CANDIDATES = int(os.environ.get("BENCH_ANALYTICS_CANDIDATES", "100000"))
APPLICATIONS_PER_CANDIDATE = 3
RUNS = int(os.environ.get("BENCH_ANALYTICS_RUNS", "30"))


def _p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _top_up_applications(organization, admin) -> None:
    """Give every candidate three applications with a stage history spread over the last year."""
    from django.utils import timezone

    from recruiting.demo import stage_history
    from recruiting.models import Application, Candidate, Job, PipelineStage, StageChange

    stages = {stage.key: stage for stage in PipelineStage.objects.for_org(organization)}
    order = ["applied", "screening", "interview", "offer", "hired"]
    jobs = list(Job.objects.for_org(organization).values_list("id", flat=True))
    taken = set(Application.objects.for_org(organization).values_list("candidate_id", "job_id"))
    rng = random.Random(7)
    now = timezone.now()
    ids = list(Candidate.objects.for_org(organization).order_by("id").values_list("id", flat=True))
    target = len(ids) * APPLICATIONS_PER_CANDIDATE
    existing = len(taken)
    if existing >= target * 0.95:
        return
    for start in range(0, len(ids), 5000):
        applications, paths = [], []
        for candidate_id in ids[start : start + 5000]:
            for job_id in rng.sample(jobs, k=APPLICATIONS_PER_CANDIDATE):
                if (candidate_id, job_id) in taken:
                    continue
                reached = rng.choice(order + ["applied", "screening", "rejected"])
                path = order[: order.index(reached) + 1] if reached in order else ["applied", "screening", "rejected"]
                gaps = [0] + [rng.randint(2, 14) for _ in path[1:]]
                applied_at = now - timedelta(days=rng.randint(sum(gaps) + 1, 360))
                applications.append(
                    Application(
                        organization=organization,
                        job_id=job_id,
                        candidate_id=candidate_id,
                        stage=stages[path[-1]],
                        source=rng.choice(["linkedin", "referral", "careers_site", "agency", "job_board"]),
                        applied_at=applied_at,
                        stage_changed_at=applied_at + timedelta(days=sum(gaps)),
                    )
                )
                paths.append((path, gaps))
        Application.objects.bulk_create(applications, batch_size=5000)
        history = []
        for application, (path, gaps) in zip(applications, paths, strict=True):
            history += stage_history(application, path=path, gaps=gaps, stages=stages, actor=admin)
        StageChange.objects.bulk_create(history, batch_size=10000)


def _timed(samples: list[float], call) -> None:
    begin = time.perf_counter()
    call()
    samples.append((time.perf_counter() - begin) * 1000)


def main() -> None:
    with own_database("bench_analytics"):
        measure()


def measure() -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from analytics import exports
    from recruiting.demo import seed_demo
    from recruiting.models import Application, Candidate, StageChange

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    started = time.perf_counter()
    result = seed_demo(
        org_name="Analytics Bench Corp",
        admin_email="admin@analytics-bench.test",
        password="bench-password",  # noqa: S106 - a throwaway benchmark login
        candidates=CANDIDATES,
    )
    organization = result.organization
    _top_up_applications(organization, result.admin)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    print(
        f"database: {connection.vendor}; {Candidate.objects.for_org(organization).count():,} candidates, "
        f"{Application.objects.for_org(organization).count():,} applications, "
        f"{StageChange.objects.for_org(organization).count():,} stage changes "
        f"(seeded in {time.perf_counter() - started:.0f}s)"
    )
    client = Client()
    client.force_login(result.admin)

    begin = time.perf_counter()
    response = client.get("/api/v1/analytics/dashboard?refresh=true")
    assert response.status_code == 200, response.content[:300]
    print(f"dashboard metrics, computed (cache miss): {(time.perf_counter() - begin) * 1000:.0f} ms")
    samples: list[float] = []
    for _ in range(RUNS):
        _timed(samples, lambda: client.get("/api/v1/analytics/dashboard"))
    print(
        f"dashboard metrics, cached: p50 {statistics.median(samples):.1f} ms, p95 {_p95(samples):.1f} ms (target 200)"
    )

    today = timezone.localdate()
    body = {
        "metrics": ["applications", "hires"],
        "dimensions": ["date"],
        "granularity": "week",
        "filters": {"date_range": {"start": (today - timedelta(days=364)).isoformat(), "end": today.isoformat()}},
    }
    samples = []
    for _ in range(RUNS):
        _timed(samples, lambda: client.post("/api/v1/analytics/query", body, content_type="application/json"))
    print(f"query, a year by week: p50 {statistics.median(samples):.1f} ms, p95 {_p95(samples):.1f} ms (target 300)")

    begin = time.perf_counter()
    response = client.get("/api/v1/candidates/export?format=csv")
    lines = sum(chunk.count(b"\n") for chunk in response.streaming_content) - 1
    seconds = time.perf_counter() - begin
    print(f"CSV export: {lines:,} rows in {seconds:.1f}s = {lines / seconds:,.0f} rows/s (target 20,000)")

    peaks = {}
    for count in (CANDIDATES // 10, CANDIDATES):
        candidates = Candidate.objects.filter(
            id__in=Candidate.objects.for_org(organization).order_by("id")[:count].values("id")
        )
        tracemalloc.start()
        for _ in exports.csv_stream(exports.CANDIDATE_COLUMNS, exports.candidate_rows(candidates)):
            pass
        peaks[count] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    small, large = peaks[CANDIDATES // 10], peaks[CANDIDATES]
    print(
        f"CSV export memory peak: {small / 1e6:.1f} MB for {CANDIDATES // 10:,} rows, "
        f"{large / 1e6:.1f} MB for {CANDIDATES:,} rows ({'flat' if large < 2 * small else 'GROWS'})"
    )
