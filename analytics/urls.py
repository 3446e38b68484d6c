"""Dashboard pages of this app (mounted at the site root in config/urls.py)."""

from django.urls import path

from analytics import views

app_name = "analytics"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("analytics/", views.AnalyticsPageView.as_view(), name="analytics"),
]
