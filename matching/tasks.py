"""Periodic upkeep of the matcher."""

from celery import shared_task

from matching import services


@shared_task(name="matching.purge_candidate_deletions")
def purge_candidate_deletions() -> int:
    """Delete deletion tombstones that every process has had time to read (idempotent)."""
    return services.purge_candidate_deletions()
