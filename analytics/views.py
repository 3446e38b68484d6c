"""Dashboard pages: the home (recruiting at a glance) and the Analytics page."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.core.handlers.asgi import ASGIRequest
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.views.generic import TemplateView

from analytics import charts, metrics, selectors, services
from analytics.metrics import MetricScope
from recruiting.page_access import OrganizationPageMixin


class HomeView(OrganizationPageMixin, TemplateView):
    template_name = "analytics/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org = self.organization
        sources = selectors.source_effectiveness(organization=org)
        context.update(
            open_jobs=selectors.open_jobs_count(organization=org),
            active_candidates=selectors.active_candidates_count(organization=org),
            new_applications=selectors.new_applications_count(organization=org),
            # The same measure as the Analytics page and the API: median and p90 over every hire.
            time_to_hire=metrics.time_to_hire(MetricScope(organization=org)),
            funnel=selectors.applications_by_stage(organization=org),
            sources=sources,
            source_max=max((row.applications for row in sources), default=0) or 1,
            activity=selectors.recent_activity(organization=org),
            integrations=selectors.integrations_at_a_glance(organization=org),
            unread=selectors.unread_notifications(organization=org, user=self.request.user, limit=5),
            unread_total=selectors.unread_notifications_count(organization=org, user=self.request.user),
            # The badge goes live only when the page came from the ASGI server, which holds the socket
            # too (`make run`, Daphne); behind a WSGI server there is no socket to connect to.
            live_notifications=isinstance(self.request, ASGIRequest),
        )
        context["applications_total"] = sum(stage.count for stage in context["funnel"])
        return context


class AnalyticsFilterForm(forms.Form):
    start = forms.DateField(required=False, label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(required=False, label="To", widget=forms.DateInput(attrs={"type": "date"}))
    job = forms.TypedChoiceField(required=False, coerce=int, empty_value=None, label="Job")
    department = forms.ChoiceField(required=False, label="Department")

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["job"].choices = [("", "All jobs"), *selectors.job_choices(organization=organization)]
        self.fields["department"].choices = [
            ("", "All departments"),
            *((name, name) for name in selectors.department_names(organization=organization)),
        ]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            self.add_error("end", "The end date is before the start date.")
        return cleaned


class AnalyticsPageView(OrganizationPageMixin, TemplateView):
    """Funnel, time to hire, sources, interviewer load, offers and bias flags, with filters."""

    template_name = "analytics/analytics.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org = self.organization
        form = AnalyticsFilterForm(self.request.GET or None, organization=org)
        filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
        scope = MetricScope(
            organization=org,
            start=filters.get("start"),
            end=filters.get("end"),
            job_id=filters.get("job"),
            department=filters.get("department") or "",
        )
        body = services.cached_dashboard(scope=scope)
        metrics = body["dashboard_metrics"]
        query = urlencode({key: value for key, value in self.request.GET.items() if key in form.fields and value})
        context.update(
            form=form,
            metrics=metrics,
            generated_at=parse_datetime(body["generated_at"]),
            charts=charts.all_charts(metrics),
            report_url=reverse("analytics_api:report") + (f"?{query}" if query else ""),
        )
        return context
