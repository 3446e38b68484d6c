"""API routes of this app (mounted under /api/v1/ in config/urls.py); no trailing-slash redirects."""

from django.urls import re_path

from integrations.api import views
from recruiting.api.urls import OptionalSlashRouter

app_name = "integrations_api"

router = OptionalSlashRouter()
# Webhooks first: `integrations/webhooks` must not be read as an integration id.
router.register("integrations/webhooks", views.WebhookViewSet, basename="webhook")
router.register("integrations", views.IntegrationViewSet, basename="integration")
router.register("notifications", views.NotificationViewSet, basename="notification")

urlpatterns = [
    re_path(r"^notifications/send/?$", views.SendNotificationView.as_view(), name="notification-send"),
    *router.urls,
]
