"""Page-number pagination whose total never costs a scan of the whole organization.

Pages are read with one row of look-ahead, so `next` is known without a total. A list that fits on
its first page (an organization's jobs, a narrow filter) is counted by its rows, with no query;
otherwise the total, `count`, comes from `recruiting.counting.cheap_count` (exact up to a limit,
an estimate past it, and `count_is_estimate` says which); a client that wants no total sends `count=false` and gets
`count: null`. docs/partner-api.md "Totals" says the same to partners.
"""

from __future__ import annotations

from django.core.paginator import EmptyPage, InvalidPage, Page, PageNotAnInteger, Paginator
from django.http import HttpResponse
from django.utils.functional import cached_property
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from recruiting.api.rendering import json_response
from recruiting.counting import cheap_count
from recruiting.json_rows import json_array

COUNT_OPT_OUT = ("false", "0", "no")
COUNT_OPT_IN = ("true", "1", "yes")
MAX_OFFSET = 2**62
# From this offset on, a page is read as keys first (an index-only skip), then its rows.
DEFERRED_JOIN_FROM = 1000


class LookaheadPage(Page):
    def __init__(self, object_list, number, paginator, *, has_more: bool):
        super().__init__(object_list, number, paginator)
        self._has_more = has_more

    def has_next(self) -> bool:
        return self._has_more


class CheapCountPaginator(Paginator):
    """A paginator that never needs the total to serve a page; the total is computed on demand."""

    def __init__(self, *args, page_starts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_is_estimate = False
        # Remembered starts of deep pages (recruiting.page_starts), for a list that offers them.
        self.page_starts = page_starts

    def validate_number(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger(self.error_messages["invalid_page"]) from error
        if number < 1:
            raise EmptyPage(self.error_messages["min_page"])
        return number

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        if bottom + self.per_page + 1 > MAX_OFFSET:  # past any table, and past the database's integers
            raise EmptyPage(self.error_messages["no_results"])
        if bottom < DEFERRED_JOIN_FROM:
            rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        elif self.page_starts is not None:
            # A deep page of a list that remembers where its pages start (recruiting.page_starts).
            rows = self.page_starts.page_rows(self.object_list, page=number, page_size=self.per_page)
        else:
            # A deep page: its keys first, skipping over the ordering index reading keys alone, then its rows.
            keys = list(self.object_list.values_list("pk", flat=True)[bottom : bottom + self.per_page + 1])
            rows = list(self.object_list.filter(pk__in=keys)) if keys else []
        if not rows and number > 1:
            raise EmptyPage(self.error_messages["no_results"])
        if number == 1 and len(rows) <= self.per_page:
            # The whole list fits on its first page: its rows are the total, exact and without a query.
            self.__dict__["count"] = len(rows)
        return LookaheadPage(rows[: self.per_page], number, self, has_more=len(rows) > self.per_page)

    @cached_property
    def count(self) -> int:
        total, self.count_is_estimate = cheap_count(self.object_list)
        return total


def read_count_flag(value: str | None) -> bool:
    """Read the `count` query flag: a boolean, or a 400 (not a silent default for `count=0.5`)."""
    if value is None:
        return True
    if value.lower() in COUNT_OPT_OUT:
        return False
    if value.lower() in COUNT_OPT_IN:
        return True
    raise ValidationError({"count": ["Must be true or false."]})


# The highest page number a dialect's `page` parameter accepts (a 400 above it): its row offset must
# stay a number the database can take, whatever the page size.
MAX_PAGE_NUMBER = 100_000


class StandardPagination(PageNumberPagination):
    """Page numbers, `next`/`previous` links, a capped page size and a total that stays cheap."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100

    django_paginator_class = CheapCountPaginator
    # Set by a list that remembers where its deep pages start (recruiting.page_starts).
    page_starts = None

    def paginate_queryset(self, queryset, request, view=None):
        # DRF's own version asks for the page count (the total) on every request, for HTML controls.
        self.wants_count = read_count_flag(request.query_params.get("count"))
        self.request = request
        page_size = self.get_page_size(request)
        if not page_size:
            return None
        paginator = self.django_paginator_class(queryset, page_size, page_starts=self.page_starts)
        try:
            self.page = paginator.page(self.get_page_number(request, paginator))
        except InvalidPage as error:
            raise NotFound(
                self.invalid_page_message.format(page_number=request.query_params.get("page"), message=error)
            ) from error
        return list(self.page)

    def get_page_number(self, request, paginator):
        """`page=` with no number is refused like `page=abc` (the schema says an integer), not read as
        page 1 as DRF's `or 1` would."""
        if request.query_params.get(self.page_query_param) == "":
            return ""
        return super().get_page_number(request, paginator)

    def get_page_size(self, request):
        """`page_size` is a whole number from 1 (capped at `max_page_size`); anything else is a 400, not
        the default page size in silence."""
        value = request.query_params.get(self.page_size_query_param)
        if value is None:
            return self.page_size
        if not value.isascii() or not value.isdigit() or int(value) < 1:
            raise ValidationError({self.page_size_query_param: ["A whole number of at least 1 is required."]})
        return min(int(value), self.max_page_size)

    def get_paginated_response(self, data):
        return Response(self.paginated_body(data))

    def get_rendered_response(self, rows: list[str]) -> HttpResponse:
        """The page's envelope around rows the database rendered as JSON (recruiting.json_rows)."""
        return json_response(self.paginated_body(json_array(rows)))

    def paginated_body(self, results) -> dict:
        paginator = self.page.paginator
        count = paginator.count if self.wants_count else None
        return {
            "count": count,
            "count_is_estimate": paginator.count_is_estimate,
            "next": self.get_next_link(),
            "previous": self.get_previous_link(),
            "results": results,
        }

    def get_paginated_response_schema(self, schema):
        answer = super().get_paginated_response_schema(schema)
        answer["properties"]["count"] = {
            "type": "integer",
            "nullable": True,
            "example": 123,
            "description": (
                "Exact up to API_EXACT_COUNT_LIMIT rows, a planner estimate past it; a counted total past"
                " API_RECOUNT_LIMIT is kept for a minute as the estimate; null with count=false."
            ),
        }
        answer["properties"]["count_is_estimate"] = {"type": "boolean", "example": False}
        answer["required"] = ["count", "count_is_estimate", "results"]
        return answer

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] in (self.page_query_param, self.page_size_query_param):
                parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = f"Number of results to return per page (at most {self.max_page_size})."
        parameters.append(
            {
                "name": "count",
                "required": False,
                "in": "query",
                "description": "`false` to leave out the total (`count` is then null).",
                "schema": {"type": "boolean", "default": True},
            }
        )
        return parameters
