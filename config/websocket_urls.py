"""WebSocket routes: the platform's notifications socket and the dialects' documented paths to it."""

from django.urls import re_path

from recruiting.consumers import NotificationConsumer

websocket_urlpatterns = [
    re_path(r"^api/v1/ws/?$", NotificationConsumer.as_asgi()),
    # ReViewPoint documents its socket at {base}/api/v1/ws.
    re_path(r"^compat/reviewpoint/api/v1/ws/?$", NotificationConsumer.as_asgi()),
]
