"""Actions on many candidates at once: each is one call, in one transaction, within one organization.

Every candidate is handled by the same service a single-candidate page calls (`create_application`,
`move_application_to_stage`, `tag_candidates`), so a rule holds however many are selected. Ids of
another organization are never read: the selection is looked up through `for_org`. What a rule
refuses for one candidate is reported as skipped, with the rule's words, and the others go ahead.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Prefetch

from recruiting import services, tags
from recruiting.errors import DomainError
from recruiting.models import Application, Candidate, Job, Organization, PipelineStage, RejectionReason, Tag, User

# A selection larger than this is refused: a page shows at most a few dozen rows.
MAX_SELECTION = 500

NOTHING_SELECTED_MESSAGE = "Select at least one candidate first."
# Refusals about the job, stage or reason chosen, not about one candidate: the whole action stops.
SELECTION_WIDE_CODES = {
    "JOB_CLOSED",
    "STAGE_ARCHIVED",
    "STAGE_NOT_IN_JOB",
    "REJECTION_REASON_REQUIRED",
    "REJECTION_REASON_ARCHIVED",
}


@dataclass
class BulkResult:
    """Who the action changed, and who it skipped with the reason in words."""

    done: list[Candidate] = field(default_factory=list)
    skipped: list[tuple[Candidate, str]] = field(default_factory=list)


def people(count: int) -> str:
    """'1 candidate', '3 candidates'."""
    return f"{count} candidate" if count == 1 else f"{count} candidates"


def _selected(organization: Organization, candidate_ids: Iterable[int]) -> list[Candidate]:
    ids = list(dict.fromkeys(int(pk) for pk in candidate_ids))
    if not ids:
        raise DomainError(NOTHING_SELECTED_MESSAGE, code="NOTHING_SELECTED", field="candidates")
    if len(ids) > MAX_SELECTION:
        raise DomainError(
            f"Select at most {MAX_SELECTION} candidates at a time.", code="SELECTION_TOO_LARGE", field="candidates"
        )
    # Another organization's ids match nothing here, so they are never acted on.
    found = Candidate.objects.for_org(organization).filter(pk__in=ids).order_by("last_name", "first_name", "id")
    selected = list(found)
    if not selected:
        raise DomainError(NOTHING_SELECTED_MESSAGE, code="NOTHING_SELECTED", field="candidates")
    return selected


@transaction.atomic
def add_candidates_to_job(
    *, organization: Organization, candidate_ids: Iterable[int], job: Job, actor: User | None
) -> BulkResult:
    """Put each selected candidate into the job's pipeline at its first stage."""
    if job.organization_id != organization.pk:
        raise DomainError("Choose one of your jobs.", code="JOB_NOT_FOUND", field="job")
    result = BulkResult()
    for candidate in _selected(organization, candidate_ids):
        try:
            services.create_application(job=job, candidate=candidate, actor=actor, source="dashboard")
        except DomainError as error:
            if _refuses_everyone(error):
                raise  # the job refuses everyone alike: say it once, change nothing
            result.skipped.append((candidate, _reason(error, candidate, job)))
        else:
            result.done.append(candidate)
    return result


def _refuses_everyone(error: DomainError) -> bool:
    return isinstance(error, services.PipelineClosedError) or error.code in SELECTION_WIDE_CODES


def _reason(error: DomainError, candidate: Candidate, job: Job) -> str:
    if error.code == "ALREADY_IN_PIPELINE":
        return f"already in the pipeline for {job.title}"
    return error.message


@transaction.atomic
def move_candidates_to_stage(
    *,
    organization: Organization,
    candidate_ids: Iterable[int],
    job: Job,
    stage: PipelineStage,
    actor: User | None,
    rejection_reason: RejectionReason | None = None,
    note: str = "",
) -> BulkResult:
    """Move the selected candidates' applications for `job` to `stage` (Rejected needs a reason).

    Hired and rejected applications stay where they are: reopening or reversing a final decision is
    done one candidate at a time, on the board, where it asks for confirmation.
    """
    if job.organization_id != organization.pk or stage.organization_id != organization.pk:
        raise DomainError("Choose one of your jobs and stages.", code="NOT_FOUND", field="stage")
    selected = _selected(organization, candidate_ids)
    applications = {
        application.candidate_id: application
        for application in Application.objects.for_org(organization)
        .filter(job=job, candidate__in=selected)
        .select_related("stage")
    }
    result = BulkResult()
    for candidate in selected:
        application = applications.get(candidate.pk)
        if application is None:
            result.skipped.append((candidate, f"not in the pipeline for {job.title}"))
        elif application.stage_id == stage.pk:
            result.skipped.append((candidate, f"already in {stage.name}"))
        elif application.stage.kind != PipelineStage.Kind.ACTIVE:
            result.skipped.append((candidate, f"already {application.stage.name.lower()}"))
        else:
            try:
                services.move_application_to_stage(
                    application=application,
                    stage=stage,
                    actor=actor,
                    reason=note,
                    rejection_reason=rejection_reason,
                )
            except DomainError as error:
                if _refuses_everyone(error):
                    raise
                result.skipped.append((candidate, error.message))
            else:
                result.done.append(candidate)
    return result


@transaction.atomic
def tag_selected_candidates(
    *, organization: Organization, candidate_ids: Iterable[int], name: str
) -> tuple[Tag, BulkResult]:
    """Put one tag on every selected candidate; those who have it already are reported as skipped."""
    tag = tags.get_or_create_tag(organization=organization, name=name)
    selected = _selected(organization, candidate_ids)
    had_it = set(
        Candidate.tags.through.objects.filter(tag=tag, candidate__in=selected).values_list("candidate_id", flat=True)
    )
    tags.tag_candidates(organization=organization, candidates=selected, name=tag.name)
    result = BulkResult()
    for candidate in selected:
        if candidate.pk in had_it:
            result.skipped.append((candidate, f"already tagged {tag.name}"))
        else:
            result.done.append(candidate)
    return tag, result


EXPORT_COLUMNS = [
    "id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "location",
    "experience_years",
    "skills",
    "tags",
    "source",
    "created_at",
]
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def export_candidates_csv(*, organization: Organization, candidate_ids: Iterable[int]) -> tuple[str, int]:
    """The selected candidates as CSV text (one row each, in name order) and how many rows it has."""
    selected = _selected(organization, candidate_ids)
    with_tags = Candidate.objects.for_org(organization).filter(pk__in=[c.pk for c in selected])
    with_tags = with_tags.order_by("last_name", "first_name", "id").prefetch_related(
        Prefetch("tags", queryset=Tag.objects.order_by("name"))
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_COLUMNS)
    rows = 0
    for candidate in with_tags:
        writer.writerow(
            [
                candidate.pk,
                _cell(candidate.first_name),
                _cell(candidate.last_name),
                _cell(candidate.email),
                _cell(candidate.phone),
                _cell(candidate.location),
                "" if candidate.experience_years is None else f"{candidate.experience_years:g}",
                _cell(", ".join(candidate.skills or [])),
                _cell(", ".join(tag.name for tag in candidate.tags.all())),
                _cell(candidate.source),
                candidate.created_at.isoformat(),
            ]
        )
        rows += 1
    return out.getvalue(), rows
