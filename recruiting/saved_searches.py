"""Saved searches: a named query string of the candidate list, private or shared with the team."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import QueryDict

from recruiting.counting import cheap_count
from recruiting.errors import DomainError, ForbiddenError
from recruiting.filters import CandidateFilter
from recruiting.models import Candidate, Organization, SavedSearch, User

NAME_MAX_LENGTH = SavedSearch._meta.get_field("name").max_length
QUERY_MAX_LENGTH = SavedSearch._meta.get_field("query").max_length
# Parameters that say how to show the list, not which candidates are in it.
NOT_FILTERS = {"page", "csrfmiddlewaretoken"}


def visible_saved_searches(*, user: User) -> QuerySet[SavedSearch]:
    """The user's own searches and those teammates shared, in name order."""
    return (
        SavedSearch.objects.for_org(user.organization)
        .filter(Q(owner=user) | Q(shared=True))
        .select_related("owner")
        .order_by("name", "id")
    )


def clean_query(query: str) -> str:
    """The list's query string without the page number, so the search opens at its first page."""
    params = QueryDict(query.lstrip("?"), mutable=True)
    for name in NOT_FILTERS:
        params.pop(name, None)
    return urlencode([(key, value) for key in sorted(params) for value in params.getlist(key) if value])


@transaction.atomic
def save_search(*, owner: User, name: str, query: str, shared: bool = False) -> SavedSearch:
    """Save the candidate list's filters under a name; the owner's names are unique, case aside."""
    name = " ".join((name or "").split())
    if not name:
        raise DomainError("Name the search.", code="NAME_REQUIRED", field="name")
    if len(name) > NAME_MAX_LENGTH:
        raise DomainError(f"A name is at most {NAME_MAX_LENGTH} characters.", code="NAME_TOO_LONG", field="name")
    query = clean_query(query)
    if not query:
        raise DomainError("Filter the list first, then save the search.", code="NOTHING_TO_SAVE", field="query")
    if len(query) > QUERY_MAX_LENGTH:
        raise DomainError("This search is too long to save.", code="QUERY_TOO_LONG", field="query")
    organization = owner.organization
    if SavedSearch.objects.for_org(organization).filter(owner=owner, name__iexact=name).exists():
        raise DomainError(f"You already have a search named “{name}”.", code="NAME_TAKEN", field="name")
    return SavedSearch.objects.create(organization=organization, owner=owner, name=name, query=query, shared=shared)


@transaction.atomic
def delete_saved_search(*, saved_search: SavedSearch, actor: User) -> None:
    """Delete a saved search; only the person who saved it may."""
    if saved_search.owner_id != actor.pk:
        raise ForbiddenError(
            f"Only {saved_search.owner} can delete “{saved_search.name}”.", code="NOT_YOURS", field="saved_search"
        )
    saved_search.delete()


def saved_search_count(*, organization: Organization, saved_search: SavedSearch) -> tuple[int | None, bool]:
    """How many candidates the search finds now, cheaply: (count, whether it is an estimate).

    A search whose filters no longer validate counts as None.
    """
    candidate_filter = CandidateFilter(QueryDict(saved_search.query), queryset=Candidate.objects.for_org(organization))
    if not candidate_filter.is_valid():
        return None, False
    return cheap_count(candidate_filter.qs)
