"""Dashboard pages of integrations, webhooks and notifications (mounted at the site root in config/urls.py)."""

from django.urls import path

from integrations import views

app_name = "integrations"

urlpatterns = [
    path("settings/integrations/", views.IntegrationListView.as_view(), name="integration-list"),
    path("settings/integrations/<uuid:pk>/check/", views.IntegrationCheckView.as_view(), name="integration-check"),
    path(
        "settings/integrations/<uuid:pk>/connect/", views.IntegrationConnectView.as_view(), name="integration-connect"
    ),
    path(
        "settings/integrations/<uuid:pk>/disconnect/",
        views.IntegrationDisconnectView.as_view(),
        name="integration-disconnect",
    ),
    # The OAuth redirect URI registered with providers (settings.INTEGRATIONS_OAUTH_REDIRECT_URI): no trailing slash.
    path("integrations/oauth/callback", views.OAuthCallbackView.as_view(), name="oauth-callback"),
    path("settings/webhooks/", views.WebhookListView.as_view(), name="webhook-list"),
    path("settings/webhooks/new/", views.WebhookCreateView.as_view(), name="webhook-create"),
    path("settings/webhooks/<uuid:pk>/", views.WebhookDetailView.as_view(), name="webhook-detail"),
    path("settings/webhooks/<uuid:pk>/edit/", views.WebhookEditView.as_view(), name="webhook-edit"),
    path("settings/webhooks/<uuid:pk>/rotate-secret/", views.WebhookRotateSecretView.as_view(), name="webhook-rotate"),
    path("settings/webhooks/<uuid:pk>/test/", views.WebhookTestView.as_view(), name="webhook-test"),
    path(
        "settings/webhooks/<uuid:pk>/deliveries/<uuid:delivery_pk>/redeliver/",
        views.WebhookRedeliverView.as_view(),
        name="webhook-redeliver",
    ),
    path("notifications/read/", views.NotificationsReadView.as_view(), name="notifications-read"),
]
