"""Celery tasks of the core: take ids, call one service, safe to run twice."""

from celery import shared_task

from recruiting import lifecycle, page_starts, resumes


@shared_task(name=resumes.PARSE_TASK, acks_late=True)
def parse_document(document_id: int) -> None:
    resumes.parse_document(document_id=document_id)


@shared_task(name="recruiting.sweep_pending_parses")
def sweep_pending_parses() -> int:
    return resumes.sweep_pending_parses()


@shared_task(name="recruiting.sweep_orphan_files")
def sweep_orphan_files() -> int:
    return resumes.sweep_orphan_files()


@shared_task(name="recruiting.erase_rejected_past_retention")
def erase_rejected_past_retention() -> int:
    return lifecycle.erase_rejected_past_retention()


@shared_task(name="recruiting.fold_candidate_list_changes")
def fold_candidate_list_changes() -> int:
    return page_starts.fold_all_changes()
