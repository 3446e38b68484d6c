"""Pages of the partner integration: CSV imports and API keys (mounted at the site root)."""

from django.urls import path

from ats import views

app_name = "ats"

urlpatterns = [
    path("imports/", views.CandidateImportView.as_view(), name="candidate-import"),
    path(
        "imports/<int:pk>/failed-rows.csv",
        views.CandidateImportFailedRowsView.as_view(),
        name="candidate-import-failed-rows",
    ),
    path("settings/api-keys/", views.ApiKeyListView.as_view(), name="settings-api-keys"),
    path("settings/api-keys/<int:pk>/rotate/", views.ApiKeyRotateView.as_view(), name="settings-api-key-rotate"),
    path("settings/api-keys/<int:pk>/revoke/", views.ApiKeyRevokeView.as_view(), name="settings-api-key-revoke"),
]
