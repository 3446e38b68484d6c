"""Matching API routes, mounted under /api/v1/ (config/urls.py).

Paths take an optional trailing slash and never redirect, like the rest of the v1 API.
"""

from django.urls import re_path

from matching.api import views

app_name = "matching_api"

urlpatterns = [
    re_path(r"^match/(?P<job_id>[0-9]+)/top/?$", views.TopMatchesView.as_view(), name="match-top"),
    re_path(r"^match/batch/?$", views.BatchMatchesView.as_view(), name="match-batch"),
    re_path(
        r"^candidates/(?P<candidate_id>[0-9]+)/matches/?$",
        views.CandidateMatchesView.as_view(),
        name="candidate-matches",
    ),
]
