"""The partner ATS contract under /api/ats/: exact paths, no trailing slash, no redirect."""

from django.urls import path

from ats.api import views

app_name = "ats_partner"

urlpatterns = [
    path("integrations/register", views.RegisterIntegrationView.as_view(), name="register-integration"),
    path("keys", views.ApiKeyListView.as_view(), name="key-list"),
    path("keys/<int:pk>/revoke", views.RevokeApiKeyView.as_view(), name="key-revoke"),
    path("keys/<int:pk>/rotate", views.RotateApiKeyView.as_view(), name="key-rotate"),
    path("candidates/sync", views.CandidateSyncView.as_view(), name="candidate-sync"),
    path("candidates", views.CandidatePullView.as_view(), name="candidate-list"),
    path("scorecards/export", views.ScorecardExportView.as_view(), name="scorecard-export"),
    path("feedback/sync", views.FeedbackSyncView.as_view(), name="feedback-sync"),
]
