"""The real URL conf plus two views that crash, to prove a crash under /api/ is still JSON."""

from django.urls import path
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny

from config.urls import urlpatterns as real_urlpatterns


@api_view(["GET"])
@permission_classes([AllowAny])
def crashing_api_view(request):
    raise RuntimeError("boom")


def crashing_plain_view(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("api/v1/_crash", crashing_api_view),
    path("api/v1/_crash_plain", crashing_plain_view),
    *real_urlpatterns,
]
