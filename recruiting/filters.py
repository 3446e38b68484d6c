"""Filter sets over the recruiting models, shared by the dashboard pages and the API."""

import copy
from datetime import UTC, datetime

import django_filters
from django import forms
from django.db import models
from django.http import QueryDict
from django_filters.filters import QuerySetRequestMixin

from recruiting.models import Application, AuditEntry, Candidate, Feedback, Interview, Job, Note, Scorecard, User
from recruiting.selectors import filter_candidates_by_skills, search_candidates


# PostgreSQL refuses UTC offsets beyond ±15:59, which RFC 3339 and Python allow (up to ±23:59): a filter
# like `?scheduled_after=2026-01-01T00:00:00-22:00` names a real instant, so it is compared in UTC.
def in_utc(value):
    """The same instant in UTC (an aware `value`); past the calendar's ends, its first or last instant.

    Only ever a filter bound: no row is dated before year 1 or after 9999, so the clamp filters alike."""
    if value is None or value.utcoffset() is None:
        return value
    try:
        return value.astimezone(UTC)
    except OverflowError:
        return datetime.min.replace(tzinfo=UTC) if value.year == 1 else datetime.max.replace(tzinfo=UTC)


class PlatformIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    def clean(self, value):
        return in_utc(super().clean(value))


class IsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = PlatformIsoDateTimeField


# The largest id a bigint column holds; a larger one is no id at all.
MAX_ID = 2**63 - 1


class IdFilter(django_filters.NumberFilter):
    """A record's id: a whole number from 1 to MAX_ID; anything else is a 400 naming the parameter.

    As a NumberFilter `application=-1e288` reached the database, which SQLite cannot bind (a 500).
    """

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, min_value=1, max_value=MAX_ID, **kwargs)


class PlatformFilterSet(django_filters.FilterSet):
    """Base of every API filter set: date filters compare any RFC 3339 offset in UTC.

    django-filter deep-copies every declared filter for each filter set it builds, and each copy then
    builds its form field (label, widget, choices) again: at 10 filters, most of a filtered list's
    filtering cost. Here the filters are prepared once per filter set class and model, and each filter
    set takes shallow copies, bound to itself; a filter whose field depends on the request (a model
    choice's queryset) keeps django-filter's copy per filter set.
    """

    FILTER_DEFAULTS = {
        **django_filters.FilterSet.FILTER_DEFAULTS,
        models.DateTimeField: {"filter_class": IsoDateTimeFilter},
    }

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        prepared = self._prepared_filters(queryset.model)
        if prepared is None:
            super().__init__(data, queryset, request=request, prefix=prefix)
            return
        # django-filter's own __init__, less its deep copy of every filter.
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        self.filters = {name: copy.copy(declared) for name, declared in prepared.items()}
        for declared in self.filters.values():
            declared.parent = self
            if declared.method is not None:
                declared.method = declared.method  # binds the copy's FilterMethod to the copy, not the original

    def get_form_class(self):
        """The form over the prepared filters' fields, made once per class and model (see the class docstring)."""
        if self._prepared_filters(self.queryset.model) is None:
            return super().get_form_class()
        forms_made = type(self).__dict__.get("_form_classes", {})
        model = self.queryset.model
        if model not in forms_made:
            type(self)._form_classes = {**forms_made, model: super().get_form_class()}
        return type(self)._form_classes[model]

    @classmethod
    def _prepared_filters(cls, model) -> dict | None:
        """The class's filters with their form fields built, for `model`; None when a field depends on the request."""
        prepared = cls.__dict__.get("_prepared", {})
        if model not in prepared:
            if any(isinstance(declared, QuerySetRequestMixin) for declared in cls.base_filters.values()):
                filters = None
            else:
                filters = copy.deepcopy(cls.base_filters)
                for declared in filters.values():
                    declared.model = model
                    declared.field  # noqa: B018 - built once here, shared by every filter set's form
            cls._prepared = {**prepared, model: filters}
        return cls._prepared[model]


TRUE_FALSE = [("true", "true"), ("false", "false")]


class UserFilter(PlatformFilterSet):
    """The user search ReViewPoint documents (ReViewPoint's guide): `q`, `active`, `admin`, beside `role`, `is_active`."""

    q = django_filters.CharFilter(method="filter_q", help_text="Substring of first name, last name or email.")
    # Choices rather than BooleanFilter, which ignores a value it cannot read instead of refusing it.
    active = django_filters.ChoiceFilter(
        choices=TRUE_FALSE, method="filter_active", help_text="Only active (true) or inactive (false) users."
    )
    admin = django_filters.ChoiceFilter(
        choices=TRUE_FALSE, method="filter_admin", help_text="Only admins (true) or non-admins (false)."
    )

    class Meta:
        model = User
        fields = ["q", "active", "admin", "role", "is_active"]

    def filter_q(self, queryset, name, value):
        return search_candidates(queryset, value)

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "true")

    def filter_admin(self, queryset, name, value):
        admins = models.Q(role__in=User.ADMIN_ROLES)
        return queryset.filter(admins) if value == "true" else queryset.exclude(admins)


class CandidateFilter(PlatformFilterSet):
    q = django_filters.CharFilter(method="filter_q", help_text="Substring of first name, last name or email.")
    skills = django_filters.CharFilter(method="filter_skills", help_text="Comma-separated skills.")
    skills_match = django_filters.ChoiceFilter(
        choices=[("any", "any"), ("all", "all")],
        method="filter_noop",
        help_text="Whether candidates need any (default) or all of `skills`.",
    )
    location = django_filters.CharFilter(lookup_expr="icontains")
    experience_min = django_filters.NumberFilter(field_name="experience_years", lookup_expr="gte")
    experience_max = django_filters.NumberFilter(field_name="experience_years", lookup_expr="lte")
    # Sources arrive as typed by people and partners ("LinkedIn", "linkedin"): one choice, any case.
    source = django_filters.CharFilter(lookup_expr="iexact")
    tag = django_filters.CharFilter(method="filter_tag", help_text="A tag's name, any case.")
    updated_since = IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")
    possible_duplicates = django_filters.ChoiceFilter(
        choices=TRUE_FALSE,
        method="filter_possible_duplicates",
        help_text="Only candidates flagged as likely duplicates (true) or only unflagged ones (false).",
    )

    class Meta:
        model = Candidate
        fields = [
            "q",
            "possible_duplicates",
            "skills",
            "skills_match",
            "location",
            "experience_min",
            "experience_max",
            "source",
            "tag",
            "updated_since",
        ]

    def filter_q(self, queryset, name, value):
        return search_candidates(queryset, value)

    def filter_skills(self, queryset, name, value):
        skills = [skill for skill in value.split(",") if skill.strip()]
        return filter_candidates_by_skills(queryset, skills, match=self.data.get("skills_match") or "any")

    def filter_tag(self, queryset, name, value):
        return queryset.filter(tags__name__iexact=" ".join(value.split()))

    def filter_noop(self, queryset, name, value):
        return queryset

    def filter_possible_duplicates(self, queryset, name, value):
        return queryset.filter(possible_duplicate_of__isnull=value != "true")


class JobFilter(PlatformFilterSet):
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains")
    location = django_filters.CharFilter(lookup_expr="icontains")
    department = django_filters.CharFilter(lookup_expr="iexact")

    class Meta:
        model = Job
        fields = [
            "q",
            "status",
            "department",
            "location",
            "remote_policy",
            "employment_type",
            "experience_level",
            "source",
        ]


class ApplicationFilter(PlatformFilterSet):
    # Plain ids, not model choices: a choice field would reveal whether another organization's id exists.
    job = IdFilter(field_name="job_id")
    candidate = IdFilter(field_name="candidate_id")
    stage = django_filters.CharFilter(field_name="stage__key")

    class Meta:
        model = Application
        fields = ["job", "candidate", "stage"]


class InterviewFilter(PlatformFilterSet):
    application = IdFilter(field_name="application_id")
    scheduled_after = IsoDateTimeFilter(field_name="scheduled_at", lookup_expr="gte")
    scheduled_before = IsoDateTimeFilter(field_name="scheduled_at", lookup_expr="lt")

    class Meta:
        model = Interview
        fields = ["application", "status", "kind", "scheduled_after", "scheduled_before"]


class ScorecardFilter(PlatformFilterSet):
    interview = IdFilter(field_name="interview_id")
    application = IdFilter(field_name="interview__application_id")

    class Meta:
        model = Scorecard
        fields = ["interview", "application", "recommendation"]


class FeedbackFilter(PlatformFilterSet):
    candidate = IdFilter(field_name="candidate_id")

    class Meta:
        model = Feedback
        fields = ["candidate", "source"]


class NoteFilter(PlatformFilterSet):
    candidate = IdFilter(field_name="candidate_id")
    application = IdFilter(field_name="application_id")

    class Meta:
        model = Note
        fields = ["candidate", "application"]


class AuditEntryFilter(PlatformFilterSet):
    action = django_filters.CharFilter(help_text="An action, e.g. `candidate.erased`, or a prefix ending in a dot.")
    target_type = django_filters.CharFilter()
    target_id = django_filters.CharFilter()
    actor = IdFilter(field_name="actor_id")
    since = IsoDateTimeFilter(field_name="created_at", lookup_expr="gte")
    until = IsoDateTimeFilter(field_name="created_at", lookup_expr="lt")

    class Meta:
        model = AuditEntry
        fields = ["action", "target_type", "target_id", "actor", "since", "until"]

    def filter_queryset(self, queryset):
        action = self.form.cleaned_data.pop("action", None)
        queryset = super().filter_queryset(queryset)
        if action:
            queryset = (
                queryset.filter(action__startswith=action) if action.endswith(".") else queryset.filter(action=action)
            )
        return queryset
