"""Tags on candidates: one name per organization, matched case-insensitively."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import IntegrityError, transaction

from recruiting.errors import DomainError
from recruiting.models import Candidate, Organization, Tag

TAG_NAME_MAX_LENGTH = Tag._meta.get_field("name").max_length


def clean_tag_name(name: str) -> str:
    """The name as stored: inner whitespace folded, refused when empty or too long."""
    cleaned = " ".join((name or "").split())
    if not cleaned:
        raise DomainError("Type a tag.", code="TAG_REQUIRED", field="tag")
    if len(cleaned) > TAG_NAME_MAX_LENGTH:
        raise DomainError(f"A tag is at most {TAG_NAME_MAX_LENGTH} characters.", code="TAG_TOO_LONG", field="tag")
    return cleaned


def get_or_create_tag(*, organization: Organization, name: str) -> Tag:
    """The organization's tag of this name, whatever its case, created the first time."""
    name = clean_tag_name(name)
    existing = Tag.objects.for_org(organization).filter(name__iexact=name).first()
    if existing is not None:
        return existing
    try:
        # A savepoint: a teammate creating the same tag a moment ago wins the unique index, and we reuse theirs.
        with transaction.atomic():
            return Tag.objects.create(organization=organization, name=name)
    except IntegrityError:
        return Tag.objects.for_org(organization).get(name__iexact=name)


@transaction.atomic
def tag_candidates(*, organization: Organization, candidates: Iterable[Candidate], name: str) -> tuple[Tag, int]:
    """Put the tag on each candidate of the organization; return it and how many did not have it yet."""
    tag = get_or_create_tag(organization=organization, name=name)
    ids = {candidate.pk for candidate in candidates if candidate.organization_id == organization.pk}
    already = set(
        Candidate.tags.through.objects.filter(tag=tag, candidate_id__in=ids).values_list("candidate_id", flat=True)
    )
    Candidate.tags.through.objects.bulk_create(
        [Candidate.tags.through(candidate_id=pk, tag_id=tag.pk) for pk in sorted(ids - already)],
        ignore_conflicts=True,
    )
    return tag, len(ids - already)


@transaction.atomic
def untag_candidate(*, candidate: Candidate, tag: Tag) -> None:
    """Take the tag off the candidate; the tag stays for the others who have it."""
    if tag.organization_id != candidate.organization_id:
        raise DomainError("Choose one of your organization's tags.", code="TAG_NOT_FOUND", field="tag")
    candidate.tags.remove(tag)


@transaction.atomic
def rename_tag(*, tag: Tag, name: str) -> Tag:
    """Rename the tag; a name another of the organization's tags has (any case) merges this one into it.

    Return the tag the candidates now carry. Saved searches that filter by the old name keep it.
    """
    name = clean_tag_name(name)
    other = Tag.objects.filter(organization_id=tag.organization_id, name__iexact=name).exclude(pk=tag.pk).first()
    if other is None:
        tag.name = name
        tag.save(update_fields=["name"])
        return tag
    through = Candidate.tags.through
    ids = through.objects.filter(tag=tag).values_list("candidate_id", flat=True)
    through.objects.bulk_create([through(candidate_id=pk, tag_id=other.pk) for pk in ids], ignore_conflicts=True)
    tag.delete()
    return other


@transaction.atomic
def delete_tag(*, tag: Tag) -> int:
    """Take the tag off everyone who has it and delete it; return how many candidates had it."""
    had_it = tag.candidates.count()
    tag.delete()
    return had_it
