"""Dashboard pages of the recruiting domain (mounted at the site root in config/urls.py)."""

urlpatterns: list = []
