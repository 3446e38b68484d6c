"""A job's scorecard template: the criteria its interviewers rate, in order.

A job without its own criteria asks `DEFAULT_SCORECARD_CRITERIA` (the four every scorecard asked
before jobs had their own), so nothing that existed changes. Ratings stay keyed by the criterion's
`key` in `Scorecard.ratings`, the shape the API and partners know; the names asked are stored with
each scorecard (`Scorecard.criteria`) so a later rename never rewrites what an interviewer saw.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.text import slugify

from recruiting.errors import DomainError
from recruiting.models import DEFAULT_SCORECARD_CRITERIA, Job, ScorecardCriterion

MAX_CRITERIA = 20  # the API's limit on the criteria one scorecard rates
NAME_MAX_LENGTH = ScorecardCriterion._meta.get_field("name").max_length
DESCRIPTION_MAX_LENGTH = ScorecardCriterion._meta.get_field("description").max_length
KEY_MAX_LENGTH = ScorecardCriterion._meta.get_field("key").max_length


@dataclass(frozen=True)
class CriterionInput:
    """One row of the template editor: a criterion's name, optional description, and its key if it had one."""

    name: str
    description: str = ""
    key: str = ""


def default_criteria(job: Job) -> list[ScorecardCriterion]:
    """The default set, as unsaved rows of `job`."""
    return [
        ScorecardCriterion(organization_id=job.organization_id, job=job, key=key, name=name, order=index)
        for index, (key, name) in enumerate(DEFAULT_SCORECARD_CRITERIA)
    ]


def scorecard_criteria(*, job: Job) -> list[ScorecardCriterion]:
    """The criteria a scorecard for `job` asks, in order: its own, else the default set."""
    own = list(ScorecardCriterion.objects.for_org(job.organization).filter(job=job).order_by("order", "id"))
    return own or default_criteria(job)


def job_uses_default_criteria(*, job: Job) -> bool:
    return not ScorecardCriterion.objects.for_org(job.organization).filter(job=job).exists()


def criteria_snapshot(criteria: Sequence[ScorecardCriterion]) -> list[dict[str, str]]:
    """What a scorecard stores of the criteria it asked: key and name, in order."""
    return [{"key": criterion.key, "name": criterion.name} for criterion in criteria]


def _new_key(name: str, taken: set[str]) -> str:
    base = slugify(name).replace("-", "_")[: KEY_MAX_LENGTH - 4] or "criterion"
    key, number = base, 2
    while key in taken:
        key, number = f"{base}_{number}", number + 1
    return key


@transaction.atomic
def save_scorecard_criteria(*, job: Job, criteria: Sequence[CriterionInput]) -> list[ScorecardCriterion]:
    """Replace the job's criteria with `criteria`, in that order; a criterion that keeps its key keeps its ratings."""
    rows = [
        CriterionInput(name=" ".join(row.name.split()), description=row.description.strip(), key=row.key)
        for row in criteria
    ]
    rows = [row for row in rows if row.name]
    if not rows:
        raise DomainError("Keep at least one criterion.", code="SCORECARD_CRITERIA_REQUIRED", field="criteria")
    if len(rows) > MAX_CRITERIA:
        raise DomainError(
            f"A scorecard asks at most {MAX_CRITERIA} criteria.", code="TOO_MANY_CRITERIA", field="criteria"
        )
    seen: set[str] = set()
    for row in rows:
        if len(row.name) > NAME_MAX_LENGTH:
            raise DomainError(
                f"“{row.name[:40]}…” is too long: name a criterion in {NAME_MAX_LENGTH} characters or fewer.",
                code="CRITERION_NAME_TOO_LONG",
                field="criteria",
            )
        if len(row.description) > DESCRIPTION_MAX_LENGTH:
            raise DomainError(
                f"The description of “{row.name}” is too long: {DESCRIPTION_MAX_LENGTH} characters at most.",
                code="CRITERION_DESCRIPTION_TOO_LONG",
                field="criteria",
            )
        if row.name.casefold() in seen:
            raise DomainError(
                f"“{row.name}” is listed twice: give each criterion its own name.",
                code="CRITERION_NAME_TAKEN",
                field="criteria",
            )
        seen.add(row.name.casefold())
    existing = ScorecardCriterion.objects.for_org(job.organization).select_for_update().filter(job=job)
    known_keys = {criterion.key for criterion in existing} or {key for key, _ in DEFAULT_SCORECARD_CRITERIA}
    # A known key stays with the first row that carries it; every other row gets a fresh one.
    keeps = {}
    for index, row in enumerate(rows):
        if row.key in known_keys and row.key not in keeps:
            keeps[row.key] = index
    taken = set(keeps)
    saved = []
    for index, row in enumerate(rows):
        key = row.key if keeps.get(row.key) == index else _new_key(row.name, taken)
        taken.add(key)
        saved.append(
            ScorecardCriterion(
                organization=job.organization,
                job=job,
                key=key,
                name=row.name,
                description=row.description,
                order=index,
            )
        )
    existing.delete()
    return ScorecardCriterion.objects.bulk_create(saved)


@transaction.atomic
def use_default_criteria(*, job: Job) -> None:
    """Go back to the default set of criteria."""
    ScorecardCriterion.objects.for_org(job.organization).filter(job=job).delete()
