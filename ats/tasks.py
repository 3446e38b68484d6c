"""Celery tasks: take ids, delegate to the ats services, safe to run twice."""

from collections.abc import Callable

from celery import shared_task

from ats import ratelimit
from ats.services import csv_import, intake_recovery, job_ingestion


def _run_or_retry(task, work: Callable[[], object], give_up: Callable[[str], None]) -> None:
    try:
        work()
    except Exception as exc:
        if task.request.retries >= task.max_retries:
            give_up(f"{exc.__class__.__name__}: {exc}")
            raise
        raise task.retry(exc=exc, countdown=5) from exc


@shared_task(bind=True, max_retries=3, acks_late=True)
def process_candidate_import(self, import_id: int) -> None:
    # Progress is committed per chunk, so a retry resumes after the last committed chunk.
    _run_or_retry(
        self,
        lambda: csv_import.process_candidate_import(import_id=import_id),
        lambda reason: csv_import.mark_import_failed(import_id=import_id, reason=reason),
    )


@shared_task(bind=True, max_retries=3, acks_late=True)
def process_job_ingestion(self, ingestion_id: int) -> None:
    _run_or_retry(
        self,
        lambda: job_ingestion.process_job_ingestion(ingestion_id=ingestion_id),
        lambda reason: job_ingestion.mark_ingestion_failed(ingestion_id=ingestion_id, reason=reason),
    )


@shared_task
def purge_rate_limit_windows() -> int:
    return ratelimit.purge_expired_windows()


@shared_task(name="ats.sweep_pending_intake")
def sweep_pending_intake() -> int:
    return intake_recovery.requeue_pending_intake()
