"""Intake a broker outage left behind: queue its processing again."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from ats.models import CandidateImport, JobIngestion, ProgressStatus
from recruiting import queue


def requeue_pending_intake(*, now: datetime | None = None) -> int:
    """Queue again CSV imports never started and job ingestions never finished; return how many.

    Their first publish after commit fails while the broker is down; the rows wait as `pending` /
    `processing` and the tasks are idempotent, so a second publish of a live one does no harm.
    """
    cutoff = (now or timezone.now()) - timedelta(seconds=settings.ATS_INTAKE_REQUEUE_AFTER_SECONDS)
    import_ids = list(
        CandidateImport.objects.filter(status=ProgressStatus.PENDING, created_at__lte=cutoff).values_list(
            "pk", flat=True
        )
    )
    ingestion_ids = list(
        JobIngestion.objects.filter(status=ProgressStatus.PROCESSING, created_at__lte=cutoff).values_list(
            "pk", flat=True
        )
    )
    for import_id in import_ids:
        queue.enqueue("ats.tasks.process_candidate_import", import_id)
    for ingestion_id in ingestion_ids:
        queue.enqueue("ats.tasks.process_job_ingestion", ingestion_id)
    return len(import_ids) + len(ingestion_ids)
