"""The recruiter's home page: the organization's recruiting at a glance."""

from __future__ import annotations

from django.views.generic import TemplateView

from analytics import selectors
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
            time_to_hire=selectors.time_to_hire_days(organization=org),
            funnel=selectors.applications_by_stage(organization=org),
            sources=sources,
            source_max=max((row.applications for row in sources), default=0) or 1,
            activity=selectors.recent_activity(organization=org),
            integrations=selectors.integrations_at_a_glance(organization=org),
            unread=selectors.unread_notifications(organization=org, user=self.request.user, limit=5),
            unread_total=selectors.unread_notifications_count(organization=org, user=self.request.user),
        )
        context["applications_total"] = sum(stage.count for stage in context["funnel"])
        return context
