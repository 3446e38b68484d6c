"""The partner ATS contract under /api/ats/: exact paths, no trailing slash, no redirect."""

from django.urls import path

from ats import views

urlpatterns = [
    path("integrations/register", views.RegisterIntegrationView.as_view(), name="ats-register"),
    path("keys", views.ApiKeyListView.as_view(), name="ats-keys"),
    path("keys/<int:pk>/revoke", views.RevokeApiKeyView.as_view(), name="ats-key-revoke"),
    path("keys/<int:pk>/rotate", views.RotateApiKeyView.as_view(), name="ats-key-rotate"),
    path("candidates/sync", views.CandidateSyncView.as_view(), name="ats-candidate-sync"),
    path("candidates", views.CandidatePullView.as_view(), name="ats-candidates"),
    path("scorecards/export", views.ScorecardExportView.as_view(), name="ats-scorecard-export"),
    path("feedback/sync", views.FeedbackSyncView.as_view(), name="ats-feedback-sync"),
]
