"""`GET /api/v1/jobs/stats` and `/candidates/stats`: counts the lists' users ask for, one query each."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Avg, Count, Q
from django.utils import timezone

from recruiting.models import Candidate, Job, Organization


def job_stats(*, organization: Organization) -> dict:
    jobs = Job.objects.for_org(organization)
    by_status = {row["status"]: row["total"] for row in jobs.values("status").annotate(total=Count("id"))}
    by_department = [
        {"department": row["department"], "jobs": row["total"], "open": row["open"]}
        for row in jobs.values("department")
        .annotate(total=Count("id"), open=Count("id", filter=Q(status=Job.Status.OPEN)))
        .order_by("-total", "department")
    ]
    return {
        "total": sum(by_status.values()),
        "by_status": {status: by_status.get(status, 0) for status in Job.Status.values},
        "by_department": by_department,
    }


def candidate_stats(*, organization: Organization) -> dict:
    candidates = Candidate.objects.for_org(organization)
    since = timezone.now() - timedelta(days=30)
    summary = candidates.aggregate(
        total=Count("id"),
        new_last_30_days=Count("id", filter=Q(created_at__gte=since)),
        experience=Avg("experience_years"),
    )
    by_source = [
        {"source": row["source"], "candidates": row["total"]}
        for row in candidates.values("source").annotate(total=Count("id")).order_by("-total", "source")
    ]
    return {
        "total": summary["total"],
        "new_last_30_days": summary["new_last_30_days"],
        "avg_experience": round(summary["experience"], 1) if summary["experience"] is not None else None,
        "by_source": by_source,
    }
