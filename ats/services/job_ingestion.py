"""Partner job batches: validate and store them, then upsert the jobs by (source, external_id) in a task."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from ats.models import IngestedJobPosting, JobIngestion, PartnerIntegration, ProgressStatus
from ats.validation import validate_job_row
from recruiting import queue
from recruiting import services as recruiting_services
from recruiting.models import Job, Organization


@transaction.atomic
def start_job_ingestion(
    *, organization: Organization, source: str, jobs: list[Any], integration: PartnerIntegration | None
) -> JobIngestion:
    """Validate the batch's shape, store the valid jobs and queue the upsert after commit (or beat's sweep)."""
    queued: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for index, row in enumerate(jobs):
        clean, row_errors = validate_job_row(row)
        if row_errors:
            errors.append({"index": index, "errors": row_errors})
        else:
            queued.append({"index": index, **clean})
    ingestion = JobIngestion.objects.create(
        organization=organization,
        source=source,
        jobs=queued,
        jobs_received=len(jobs),
        jobs_queued=len(queued),
        errors=errors,
        integration=integration,
    )
    transaction.on_commit(lambda: queue.enqueue("ats.tasks.process_job_ingestion", ingestion.pk), robust=True)
    return ingestion


POSTING_FIELDS = ("company", "apply_url", "salary_range")


@transaction.atomic
def process_job_ingestion(*, ingestion_id: int) -> JobIngestion:
    """Upsert every queued job by (source, external_id) in one transaction, so a retry starts clean."""
    ingestion = JobIngestion.objects.select_for_update().get(pk=ingestion_id)
    if ingestion.status != ProgressStatus.PROCESSING:
        return ingestion
    organization = ingestion.organization
    existing = {
        job.external_id: job
        for job in Job.objects.for_org(organization).filter(
            source=ingestion.source, external_id__in=[row["external_id"] for row in ingestion.jobs]
        )
    }
    created = updated = 0
    for row in ingestion.jobs:
        fields = {k: v for k, v in row.items() if k not in ("index", *POSTING_FIELDS)}
        posting = {k: row.get(k, "") for k in POSTING_FIELDS}
        job = existing.get(row["external_id"])
        if job is None:
            job = recruiting_services.create_job(
                organization=organization, source=ingestion.source, status=Job.Status.OPEN, **fields
            )
            existing[job.external_id] = job
            created += 1
        else:
            job = recruiting_services.update_job(job=job, **fields)
            updated += 1
        IngestedJobPosting.objects.update_or_create(job=job, defaults={"organization": organization, **posting})
    ingestion.jobs_created = created
    ingestion.jobs_updated = updated
    ingestion.status = ProgressStatus.COMPLETED
    ingestion.completed_at = timezone.now()
    ingestion.save()
    return ingestion


def mark_ingestion_failed(*, ingestion_id: int, reason: str) -> None:
    JobIngestion.objects.filter(pk=ingestion_id, status=ProgressStatus.PROCESSING).update(
        status=ProgressStatus.FAILED,
        errors=[{"index": None, "errors": {"non_field_errors": [reason[:2000]]}}],
        completed_at=timezone.now(),
    )
