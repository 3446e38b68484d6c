"""The stages of a job: the organization's, or the job's own ordered choice of them plus stages of its own.

This module is the one place that answers "which stages does this job use, in which order": the
board, stage moves (page, API, bulk actions, keyboard), new applications and the analytics funnel
all ask `job_stages`. A job with no `JobStage` rows uses the organization's live stages. A job with
rows uses those (its order), followed by the organization's Hired and Rejected, which end every
pipeline. Archived stages are never offered.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from recruiting.errors import DomainError
from recruiting.models import Job, JobStage, PipelineStage


def organization_stages(organization) -> list[PipelineStage]:
    """The organization's own live stages (no job's additions), in order."""
    return list(
        PipelineStage.objects.for_org(organization)
        .filter(job__isnull=True, archived_at__isnull=True)
        .order_by("order", "id")
    )


def _planned_stages(job: Job) -> list[PipelineStage]:
    rows = (
        JobStage.objects.for_org(job.organization)
        .filter(job=job, stage__archived_at__isnull=True)
        .select_related("stage")
        .order_by("order", "id")
    )
    return [row.stage for row in rows if row.stage.kind == PipelineStage.Kind.ACTIVE]


def job_stages(job: Job) -> list[PipelineStage]:
    """The live stages `job` uses, in its order, ending with the final stages."""
    everyone = organization_stages(job.organization)
    planned = _planned_stages(job)
    if not planned:
        # No plan, or every stage of it archived since: the organization's pipeline.
        return everyone
    return planned + [stage for stage in everyone if stage.kind != PipelineStage.Kind.ACTIVE]


def uses_own_stages(job: Job) -> bool:
    return JobStage.objects.for_org(job.organization).filter(job=job).exists()


def stage_is_used_by_job(job: Job, stage: PipelineStage) -> bool:
    return any(candidate.pk == stage.pk for candidate in job_stages(job))


def stage_choices(job: Job) -> list[PipelineStage]:
    """What the job's stage editor offers: the organization's active stages, then the job's own."""
    return list(
        PipelineStage.objects.for_org(job.organization)
        .filter(archived_at__isnull=True, kind=PipelineStage.Kind.ACTIVE)
        .filter(job__isnull=True)
        .order_by("order", "id")
    ) + list(
        PipelineStage.objects.for_org(job.organization)
        .filter(archived_at__isnull=True, job=job)
        .order_by("order", "id")
    )


@transaction.atomic
def set_job_stages(*, job: Job, stages: Sequence[PipelineStage]) -> list[PipelineStage]:
    """Make `job` use these active stages in this order (then Hired and Rejected).

    Choosing exactly the organization's stages in their order means using the organization's list.
    """
    offered = {stage.pk: stage for stage in stage_choices(job)}
    chosen: list[PipelineStage] = []
    for stage in stages:
        if stage.pk not in offered:
            raise DomainError(
                f"“{stage.name}” cannot be one of this job's stages.", code="STAGE_NOT_OFFERED", field="stages"
            )
        if stage.pk not in {item.pk for item in chosen}:
            chosen.append(stage)
    if not chosen:
        raise DomainError(
            "Keep at least one stage before Hired and Rejected.", code="JOB_STAGES_REQUIRED", field="stages"
        )
    JobStage.objects.for_org(job.organization).filter(job=job).delete()
    everyone = [stage.pk for stage in organization_stages(job.organization) if stage.kind == PipelineStage.Kind.ACTIVE]
    if [stage.pk for stage in chosen] != everyone:
        # The organization's own list, unchanged, stays theirs: a stage they add later reaches this job too.
        JobStage.objects.bulk_create(
            JobStage(organization=job.organization, job=job, stage=stage, order=index)
            for index, stage in enumerate(chosen)
        )
    return job_stages(job)


@transaction.atomic
def use_organization_stages(*, job: Job) -> None:
    """Go back to the organization's stages; the job's own stages stay, unused, for its history."""
    JobStage.objects.for_org(job.organization).filter(job=job).delete()
