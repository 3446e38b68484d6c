"""Likely duplicates, flagged on arrival and merged on request.

A new record whose e-mail, phone or LinkedIn profile (recruiting/identity.py) matches an older
record of the same organization is flagged (`possible_duplicate_of`), never merged silently. A
recruiter then merges the two, or says they are not one person.

A merge moves everything the duplicate had onto the kept record in one transaction: applications
(with their history, interviews, scorecards and notes; where both were in one job's pipeline, the
further application is kept and the other's history joins it), feedback, notes, documents, and
what other apps hold (each registers a handler here from its AppConfig.ready, as for erasure). The
duplicate's id, and its partner id, keep answering through a `CandidateRedirect`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from django.db import connection, transaction
from django.db.models import Min, Q, QuerySet

from recruiting import identity
from recruiting.activity import record_activity
from recruiting.audit import record_audit
from recruiting.errors import DomainError
from recruiting.events import record_event
from recruiting.models import (
    Application,
    Candidate,
    CandidateActivity,
    CandidateRedirect,
    Document,
    Feedback,
    Interview,
    Note,
    Organization,
    PipelineStage,
    StageChange,
    User,
)
from recruiting.timeline import source_label


def _same_person(**keys: str) -> Q:
    """Records sharing any non-empty key with `keys`."""
    condition = Q(pk__in=[])
    for name in Candidate.IDENTITY_FIELDS:
        value = keys.get(name)
        if isinstance(value, str) and not value:
            continue
        condition |= Q(**{name: value}) & ~Q(**{name: ""})
    return condition


def likely_duplicates(
    *, organization: Organization, email: str = "", phone: str = "", linkedin_url: str = "", exclude_id=None
) -> QuerySet[Candidate]:
    """The organization's candidates that share the e-mail, phone or LinkedIn profile given, oldest first."""
    condition = _same_person(
        email_key=identity.email_key(email),
        phone_key=identity.phone_key(phone),
        linkedin_key=identity.linkedin_key(linkedin_url),
    )
    matches = Candidate.objects.for_org(organization).filter(condition)
    if exclude_id is not None:
        matches = matches.exclude(pk=exclude_id)
    return matches.order_by("id")


KEY_BATCH = 500


def flag_possible_duplicates_in(candidates: QuerySet, *, model=Candidate) -> int:
    """Flag each not-yet-flagged candidate of `candidates` that matches an older record of its organization."""
    rows = list(
        candidates.filter(possible_duplicate_of__isnull=True)
        .filter(Q(email_key__gt="") | Q(phone_key__gt="") | Q(linkedin_key__gt=""))
        .order_by()
        .values_list("id", "organization_id", *Candidate.IDENTITY_FIELDS)
    )
    flags = possible_duplicates_among(rows, model=model)
    _point_at(model, flags)
    return len(flags)


def possible_duplicates_among(
    rows: Sequence[tuple[int, int, str, str, str]], *, model=Candidate
) -> list[tuple[int, int]]:
    """For rows of (id, organization_id, email_key, phone_key, linkedin_key): [(id, oldest match's id)].

    A row's oldest match is the lowest id holding one of its keys, among its organization's stored
    records and the other rows given, so a bulk import's rows are flagged against the records before
    them and against the earlier rows of the same file, stored yet or not (bulk intake flags its rows
    with ids reserved before it writes them). Per key one grouped read finds the oldest record holding
    each value through that key's (organization, key) index; a correlated subquery per row left the
    choice of index to PostgreSQL's planner, which walked the primary key instead (40 s for 500 rows
    at 100,000). `model` lets a migration pass its historical model.
    """
    if not rows:
        return []
    oldest: dict[tuple[int, str, str], int] = {}
    for offset, name in enumerate(Candidate.IDENTITY_FIELDS, start=2):
        values_by_org: dict[int, set[str]] = defaultdict(set)
        for row in rows:
            if value := row[offset]:
                values_by_org[row[1]].add(value)
                key = (row[1], name, value)
                oldest[key] = min(oldest.get(key, row[0]), row[0])
        for organization_id, values in values_by_org.items():
            ordered = sorted(values)
            for start in range(0, len(ordered), KEY_BATCH):
                for value, first in _oldest_holding(model, organization_id, name, ordered[start : start + KEY_BATCH]):
                    key = (organization_id, name, value)
                    oldest[key] = min(oldest[key], first)
    flags = []
    for row in rows:
        pk, organization_id = row[0], row[1]
        earlier = [
            oldest[(organization_id, name, row[offset])]
            for offset, name in enumerate(Candidate.IDENTITY_FIELDS, start=2)
            if row[offset] and oldest[(organization_id, name, row[offset])] < pk
        ]
        if earlier:
            flags.append((pk, min(earlier)))
    return flags


def _oldest_holding(model, organization_id: int, name: str, values: list[str]) -> list[tuple[str, int]]:
    """(value, lowest id holding it) for each of `values` stored in the organization's `name` column."""
    if connection.vendor == "postgresql":
        # One array parameter instead of an IN list: Django builds and binds an IN list value by
        # value (~1 ms per 500 in bulk intake); PostgreSQL plans both as the same index scan.
        table = connection.ops.quote_name(model._meta.db_table)
        column = connection.ops.quote_name(model._meta.get_field(name).column)
        # `<> ''` repeats the phone and LinkedIn indexes' predicate (the values are never empty):
        # PostgreSQL cannot prove it from an array of more than 100 values, and without it read every
        # row of the organization through another index, comparing each with the whole array
        # (~340 ms per 500 phone numbers at 20,000 rows, against ~6 ms through the index).
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {column}, MIN(id) FROM {table} "  # noqa: S608 - names from the model, no user text
                f"WHERE organization_id = %s AND {column} = ANY(%s::text[]) AND {column} <> '' GROUP BY {column}",
                [organization_id, values],
            )
            return cursor.fetchall()
    return list(
        model.objects.filter(organization_id=organization_id, **{f"{name}__in": values})
        .exclude(**{name: ""})
        .order_by()
        .values_list(name)
        .annotate(first=Min("id"))
    )


def _point_at(model, flags: list[tuple[int, int]]) -> None:
    """Set possible_duplicate_of for many rows: one UPDATE ... FROM (VALUES ...) per batch on
    PostgreSQL (Django's bulk_update builds a CASE per row, ~0.4 s per 1,000), bulk_update elsewhere."""
    if not flags:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_update(
            [model(pk=pk, possible_duplicate_of_id=duplicate_of) for pk, duplicate_of in flags],
            ["possible_duplicate_of"],
            batch_size=KEY_BATCH,
        )
        return
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        for start in range(0, len(flags), KEY_BATCH):
            batch = flags[start : start + KEY_BATCH]
            values = ", ".join(["(%s::bigint, %s::bigint)"] * len(batch))
            cursor.execute(
                f"UPDATE {table} SET possible_duplicate_of_id = flag.duplicate_of "  # noqa: S608 - no user text
                f"FROM (VALUES {values}) AS flag(id, duplicate_of) WHERE {table}.id = flag.id",
                [number for pair in batch for number in pair],
            )


def flag_on_arrival(candidate: Candidate) -> None:
    """Before a new candidate is first saved: point it at the oldest record it matches, if any."""
    candidate.set_identity_keys()
    # The id alone: every new candidate asks, and reading the whole matching record (thirty-odd columns
    # for Django to compile and convert) cost more than the lookup; it is read if someone asks for it.
    candidate.possible_duplicate_of_id = (
        likely_duplicates(
            organization=candidate.organization,
            email=candidate.email,
            phone=candidate.phone,
            linkedin_url=candidate.linkedin_url,
            exclude_id=candidate.pk,
        )
        .values_list("pk", flat=True)
        .first()
    )


@transaction.atomic
def dismiss_possible_duplicate(*, candidate: Candidate, actor: User | None) -> Candidate:
    """A recruiter looked: these are two people. The flag goes and stays gone."""
    Candidate.objects.filter(pk=candidate.pk).update(possible_duplicate_of=None)
    candidate.possible_duplicate_of = None
    record_audit(
        organization=candidate.organization,
        actor=actor,
        action="candidate.duplicate_dismissed",
        target_type="candidate",
        target_id=candidate.pk,
    )
    return candidate


# Another app's part of a merge: called inside the merge's transaction with (kept, duplicate),
# before the duplicate is deleted.
MergeHandler = Callable[[Candidate, Candidate], None]
MERGE_HANDLERS: list[MergeHandler] = []


def register_merge_handler(handler: MergeHandler) -> None:
    if handler not in MERGE_HANDLERS:
        MERGE_HANDLERS.append(handler)


def _progress(application: Application) -> tuple:
    """How far an application got: hired first, then active by stage order, rejected last."""
    kind = application.stage.kind
    return (kind == PipelineStage.Kind.HIRED, kind == PipelineStage.Kind.ACTIVE, application.stage.order)


def _move_application_history(loser: Application, winner: Application) -> None:
    StageChange.objects.filter(application=loser).update(application=winner)
    Interview.objects.filter(application=loser).update(application=winner)
    Note.objects.filter(application=loser).update(application=winner)
    Feedback.objects.filter(application=loser).update(application=winner)


def _merge_applications(kept: Candidate, duplicate: Candidate) -> None:
    kept_by_job = {application.job_id: application for application in kept.applications.select_related("stage")}
    for application in duplicate.applications.select_related("stage"):
        other = kept_by_job.get(application.job_id)
        if other is None:
            Application.objects.filter(pk=application.pk).update(candidate=kept)
            continue
        # Both were in this job's pipeline: keep the further one, with the other's history.
        winner, loser = (application, other) if _progress(application) > _progress(other) else (other, application)
        _move_application_history(loser, winner)
        loser.delete()
        if winner.candidate_id != kept.pk:
            Application.objects.filter(pk=winner.pk).update(candidate=kept)


# Fields the kept record takes from the duplicate where it has nothing itself.
FILLED_FROM_DUPLICATE = ("phone", "location", "linkedin_url", "resume_url", "experience_years", "seniority")


@transaction.atomic
def merge_candidates(
    *, kept: Candidate, duplicate: Candidate, actor: User | None, ip_address: str | None = None
) -> Candidate:
    """Merge `duplicate` into `kept`: one candidate with all the history; the old id still resolves."""
    if kept.pk == duplicate.pk:
        raise DomainError("A candidate cannot be merged into itself.", code="SAME_CANDIDATE", field="duplicate_id")
    if kept.organization_id != duplicate.organization_id:
        raise DomainError("No such candidate to merge.", code="UNKNOWN_CANDIDATE", field="duplicate_id")
    # Locked in id order, so two merges of the same pair in opposite directions cannot deadlock.
    locked = {
        c.pk: c for c in Candidate.objects.select_for_update().filter(pk__in=[kept.pk, duplicate.pk]).order_by("pk")
    }
    if len(locked) != 2:
        raise DomainError("No such candidate to merge.", code="UNKNOWN_CANDIDATE", field="duplicate_id")
    kept, duplicate = locked[kept.pk], locked[duplicate.pk]

    _merge_applications(kept, duplicate)
    Feedback.objects.filter(candidate=duplicate).update(candidate=kept)
    Note.objects.filter(candidate=duplicate).update(candidate=kept)
    CandidateActivity.objects.filter(candidate=duplicate).update(candidate=kept)
    Document.objects.filter(candidate=duplicate).update(candidate=kept)
    # The kept record carries every tag either had; the duplicate's go with it otherwise.
    kept.tags.add(*duplicate.tags.all())
    for handler in MERGE_HANDLERS:
        handler(kept, duplicate)

    CandidateRedirect.objects.filter(candidate=duplicate).update(candidate=kept)
    CandidateRedirect.objects.create(
        organization_id=kept.organization_id,
        merged_id=duplicate.pk,
        candidate=kept,
        source=duplicate.source,
        external_id=duplicate.external_id,
    )
    Candidate.objects.filter(possible_duplicate_of=duplicate).exclude(pk=kept.pk).update(possible_duplicate_of=kept)
    for name in FILLED_FROM_DUPLICATE:
        if getattr(kept, name) in ("", None) and getattr(duplicate, name) not in ("", None):
            setattr(kept, name, getattr(duplicate, name))
    kept.skills = [*kept.skills, *duplicate.skills]  # set_skills drops the repeats
    if kept.possible_duplicate_of_id == duplicate.pk:
        kept.possible_duplicate_of = None
    merged_id = duplicate.pk
    source = f" from {source_label(duplicate.source)}" if duplicate.source else ""
    record_activity(
        candidate=kept,
        organization=kept.organization,
        kind=CandidateActivity.Kind.MERGED,
        summary=f"merged in another record of {duplicate.full_name} ({duplicate.email}{source}) with its history",
        actor=actor,
    )
    duplicate.delete()
    kept.save()

    record_event(
        organization=kept.organization,
        name="candidate.merged",
        data={"candidate_id": kept.pk, "merged_candidate_id": merged_id, "external_id": kept.external_id},
    )
    record_audit(
        organization=kept.organization,
        actor=actor,
        action="candidate.merged",
        target_type="candidate",
        target_id=f"{merged_id}->{kept.pk}",
        ip_address=ip_address,
    )
    return kept


def redirect_for(*, organization: Organization, candidate_id) -> Candidate | None:
    """The candidate a merged id now belongs to, or None."""
    redirect = (
        CandidateRedirect.objects.for_org(organization)
        .filter(merged_id=candidate_id)
        .select_related("candidate")
        .first()
    )
    return redirect.candidate if redirect is not None else None


def redirected_partner_id(
    *, organization: Organization, external_id: str, source: str | None = None
) -> Candidate | None:
    """The candidate a merged record's partner id (`source`, `external_id`) now belongs to, or None."""
    redirects = CandidateRedirect.objects.for_org(organization).filter(external_id=external_id).exclude(external_id="")
    if source is not None:
        redirects = redirects.filter(source=source)
    # The kept record's id first, its row only when there is one: every partner push of a new person
    # asks, and almost never finds one, and a join selecting the candidate's thirty-odd columns cost
    # Django more to compile than the read itself.
    kept_id = redirects.order_by("-merged_at").values_list("candidate_id", flat=True).first()
    return Candidate.objects.for_org(organization).get(pk=kept_id) if kept_id is not None else None


def ids_answering_to_partner_id(*, organization: Organization, external_id: str) -> QuerySet:
    """Candidate ids a partner's `external_id` names: the record that has it and any it was merged into."""
    return (
        Candidate.objects.for_org(organization)
        .filter(Q(external_id=external_id) | Q(redirects__external_id=external_id))
        .values("id")
    )
