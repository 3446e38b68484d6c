import django_filters

from recruiting.models import Application, Candidate, Feedback, Interview, Job, Note, Scorecard
from recruiting.selectors import filter_candidates_by_skills, search_candidates


class CandidateFilter(django_filters.FilterSet):
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
    source = django_filters.CharFilter()
    updated_since = django_filters.IsoDateTimeFilter(field_name="updated_at", lookup_expr="gte")

    class Meta:
        model = Candidate
        fields = [
            "q",
            "skills",
            "skills_match",
            "location",
            "experience_min",
            "experience_max",
            "source",
            "updated_since",
        ]

    def filter_q(self, queryset, name, value):
        return search_candidates(queryset, value)

    def filter_skills(self, queryset, name, value):
        skills = [skill for skill in value.split(",") if skill.strip()]
        return filter_candidates_by_skills(queryset, skills, match=self.data.get("skills_match") or "any")

    def filter_noop(self, queryset, name, value):
        return queryset


class JobFilter(django_filters.FilterSet):
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


class ApplicationFilter(django_filters.FilterSet):
    # Plain ids, not model choices: a choice field would reveal whether another organization's id exists.
    job = django_filters.NumberFilter(field_name="job_id")
    candidate = django_filters.NumberFilter(field_name="candidate_id")
    stage = django_filters.CharFilter(field_name="stage__key")

    class Meta:
        model = Application
        fields = ["job", "candidate", "stage"]


class InterviewFilter(django_filters.FilterSet):
    application = django_filters.NumberFilter(field_name="application_id")
    scheduled_after = django_filters.IsoDateTimeFilter(field_name="scheduled_at", lookup_expr="gte")
    scheduled_before = django_filters.IsoDateTimeFilter(field_name="scheduled_at", lookup_expr="lt")

    class Meta:
        model = Interview
        fields = ["application", "status", "kind", "scheduled_after", "scheduled_before"]


class ScorecardFilter(django_filters.FilterSet):
    interview = django_filters.NumberFilter(field_name="interview_id")
    application = django_filters.NumberFilter(field_name="interview__application_id")

    class Meta:
        model = Scorecard
        fields = ["interview", "application", "recommendation"]


class FeedbackFilter(django_filters.FilterSet):
    candidate = django_filters.NumberFilter(field_name="candidate_id")

    class Meta:
        model = Feedback
        fields = ["candidate", "source"]


class NoteFilter(django_filters.FilterSet):
    candidate = django_filters.NumberFilter(field_name="candidate_id")
    application = django_filters.NumberFilter(field_name="application_id")

    class Meta:
        model = Note
        fields = ["candidate", "application"]
