"""Bulk intake, CSV import and job ingestion under /api/v1/ (JWT, session or API key)."""

from django.urls import path

from ats.api import views

app_name = "ats_api"

urlpatterns = [
    path("candidates/bulk", views.BulkCandidatesView.as_view(), name="candidates-bulk"),
    path("candidates/import", views.CandidateImportView.as_view(), name="candidates-import"),
    path("candidates/import/<int:pk>", views.CandidateImportStatusView.as_view(), name="candidates-import-status"),
    path("ingestion/jobs", views.JobIngestionView.as_view(), name="ingestion-jobs"),
    path("ingestion/<int:pk>", views.JobIngestionStatusView.as_view(), name="ingestion-status"),
]
