"""The API's filter backends: django-filter and ordering, over the filter sets in recruiting.filters."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.filters import OrderingFilter

from recruiting.filters import PlatformFilterSet


class PlatformFilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend whose generated filter sets (`filterset_fields`) use PlatformFilterSet."""

    filterset_base = PlatformFilterSet


class DeclaredOrderingFilter(OrderingFilter):
    """OrderingFilter that accepts only a view's declared `ordering_fields`, never inferred ones.

    DRF's fallback (every serializer field) lets `?ordering=get_full_name` reach the database as an
    unknown column; an undeclared ordering is ignored instead and the view's default applies.
    """

    def get_valid_fields(self, queryset, view, context=None):
        if getattr(view, "ordering_fields", None) is None:
            return []
        return super().get_valid_fields(queryset, view, context or {})
