from rest_framework.pagination import PageNumberPagination


class StandardPagination(PageNumberPagination):
    """Page-number pagination with a total count, `next`/`previous` links and a capped page size."""

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
