"""API routes of this app (mounted in config/urls.py)."""

urlpatterns: list = []
