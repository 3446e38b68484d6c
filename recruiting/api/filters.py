"""The API's filter backends: django-filter and ordering, over the filter sets in recruiting.filters."""

from django_filters import BooleanFilter, CharFilter
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter

from recruiting.filters import PlatformFilterSet

BOOLEAN_VALUES = ("true", "false", "1", "0")


class PlatformFilterBackend(DjangoFilterBackend):
    """DjangoFilterBackend whose generated filter sets (`filterset_fields`) use PlatformFilterSet."""

    filterset_base = PlatformFilterSet

    def filter_queryset(self, request, queryset, view):
        """A request that names none of the view's filters (a plain list page) is the list unfiltered:
        skip building the filter set, whose form copies every filter's field on each request."""
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None:
            # Prefixes, so a filter whose form field reads several parameters (`x_min`, `x_max`) counts too.
            names = tuple(filterset_class.base_filters)
            if not any(parameter.startswith(names) for parameter in request.query_params):
                return queryset
        return super().filter_queryset(request, queryset, view)

    def get_filterset(self, request, queryset, view):
        """Refuse what django-filter would drop in silence, answering the whole list as if the filter
        had not been sent: a blank value for a filter that is not free text (`?updated_since=`), and a
        boolean that is neither true nor false (`?is_active=null`)."""
        filterset = super().get_filterset(request, queryset, view)
        if filterset is None:
            return None
        if errors := refused_filter_values(filterset, request.query_params):
            raise ValidationError(errors)
        return filterset


def refused_filter_values(filterset, params) -> dict[str, list[str]]:
    """The values of `params` django-filter would drop in silence (see PlatformFilterBackend), by name."""
    errors = {}
    for name, declared in filterset.filters.items():
        value = params.get(name)
        if value == "" and not isinstance(declared, CharFilter):
            errors[name] = ["This filter may not be blank; leave it out to not filter."]
        elif value and isinstance(declared, BooleanFilter) and value.lower() not in BOOLEAN_VALUES:
            errors[name] = ["Must be true or false."]
    return errors


class DeclaredOrderingFilter(OrderingFilter):
    """OrderingFilter that accepts only a view's declared `ordering_fields`, never inferred ones.

    DRF's fallback (every serializer field) lets `?ordering=get_full_name` reach the database as an
    unknown column; an undeclared ordering is ignored instead and the view's default applies.
    """

    def get_valid_fields(self, queryset, view, context=None):
        if getattr(view, "ordering_fields", None) is None:
            return []
        return super().get_valid_fields(queryset, view, context or {})
