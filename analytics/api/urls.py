"""Analytics API routes, mounted under /api/v1/ (config/urls.py)."""

from django.urls import re_path

from analytics.api import views

app_name = "analytics_api"

urlpatterns = [
    re_path(r"^analytics/dashboard/?$", views.DashboardView.as_view(), name="dashboard"),
    re_path(r"^analytics/query/?$", views.QueryView.as_view(), name="query"),
    re_path(r"^analytics/events/?$", views.EventsView.as_view(), name="events"),
    re_path(r"^analytics/report\.csv$", views.ReportExportView.as_view(), name="report"),
    re_path(r"^jobs/stats/?$", views.JobStatsView.as_view(), name="job-stats"),
    re_path(r"^candidates/stats/?$", views.CandidateStatsView.as_view(), name="candidate-stats"),
    re_path(r"^candidates/export/?$", views.CandidateExportView.as_view(), name="candidate-export"),
    re_path(r"^exports/download/?$", views.ExportDownloadView.as_view(), name="export-download"),
]
