"""Bulk intake under /api/v1/, included before recruiting.api.urls so `candidates/{pk}` never claims them."""

from django.urls import path

from ats import views

urlpatterns = [
    path("candidates/bulk", views.BulkCandidatesView.as_view(), name="candidates-bulk"),
    path("candidates/import", views.CandidateImportView.as_view(), name="candidates-import"),
    path("candidates/import/<int:pk>", views.CandidateImportStatusView.as_view(), name="candidates-import-status"),
    path("ingestion/jobs", views.JobIngestionView.as_view(), name="ingestion-jobs"),
    path("ingestion/<int:pk>", views.JobIngestionStatusView.as_view(), name="ingestion-status"),
]
