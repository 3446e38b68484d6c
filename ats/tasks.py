"""Celery tasks: take ids, delegate to ats.services, safe to run twice."""

from celery import shared_task

from ats import ratelimit, services


@shared_task(bind=True, max_retries=3, acks_late=True)
def process_candidate_import(self, import_id: int) -> None:
    try:
        services.process_candidate_import(import_id=import_id)
    except Exception as exc:
        if self.request.retries >= self.max_retries:
            services.mark_import_failed(import_id=import_id, reason=f"{exc.__class__.__name__}: {exc}")
            raise
        # Progress is committed per chunk, so the retry resumes after the last committed chunk.
        raise self.retry(exc=exc, countdown=5) from exc


@shared_task(bind=True, max_retries=3, acks_late=True)
def process_job_ingestion(self, ingestion_id: int) -> None:
    try:
        services.process_job_ingestion(ingestion_id=ingestion_id)
    except Exception as exc:
        if self.request.retries >= self.max_retries:
            services.mark_ingestion_failed(ingestion_id=ingestion_id, reason=f"{exc.__class__.__name__}: {exc}")
            raise
        raise self.retry(exc=exc, countdown=5) from exc


@shared_task
def purge_rate_limit_windows() -> int:
    return ratelimit.purge_expired_windows()
