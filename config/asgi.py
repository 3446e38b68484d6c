"""The ASGI application: Django for HTTP, Channels for the notifications WebSocket (Daphne serves both)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Django first: the routing below imports models.
django_application = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from config.websocket_urls import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_application,
        # The session (AuthMiddlewareStack) serves the dashboard; API clients send a Bearer token.
        "websocket": AuthMiddlewareStack(URLRouter(websocket_urlpatterns)),
    }
)
