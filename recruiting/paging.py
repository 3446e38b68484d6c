"""Page lists for the dashboard: counted pages for small tables, count-free pages for large ones."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest


@dataclass
class Page:
    object_list: list
    number: int
    has_next: bool
    num_pages: int | None = None
    count: int | None = None
    query: str = ""  # the request's other query parameters, ending in "&" when non-empty
    extra: dict = field(default_factory=dict)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


# Past any real list; a larger number would overflow the database's OFFSET (bigint) and be a 500.
MAX_PAGE_NUMBER = 1_000_000


def page_number(request: HttpRequest) -> int:
    """The request's page number: 1 for anything that is not a number, capped at MAX_PAGE_NUMBER."""
    try:
        return min(max(1, int(request.GET.get("page", "1"))), MAX_PAGE_NUMBER)
    except ValueError:
        return 1


def _other_params(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    encoded = params.urlencode()
    return f"{encoded}&" if encoded else ""


def peek_page(queryset: QuerySet, request: HttpRequest, *, per_page: int = 25) -> Page:
    """One page without COUNT(*): fetch one extra row to learn whether a next page exists.

    COUNT over 100,000 filtered candidates costs more than the page itself.
    """
    number = page_number(request)
    start = (number - 1) * per_page
    rows = list(queryset[start : start + per_page + 1])
    return Page(rows[:per_page], number, len(rows) > per_page, query=_other_params(request))


def counted_page(queryset: QuerySet, request: HttpRequest, *, per_page: int = 25) -> Page:
    """A page with its total, for lists that stay small (jobs, interviews, users)."""
    paginator = Paginator(queryset, per_page)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page = paginator.page(1)
    except EmptyPage:
        page = paginator.page(paginator.num_pages)
    return Page(
        list(page.object_list),
        page.number,
        page.has_next(),
        num_pages=paginator.num_pages,
        count=paginator.count,
        query=_other_params(request),
    )
