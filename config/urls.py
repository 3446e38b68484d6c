from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from recruiting.api.views import health

urlpatterns = [
    path("health", health, name="health"),
    # Browsers ask for /favicon.ico whatever the page links; send them to the static SVG.
    path("favicon.ico", RedirectView.as_view(url=static("img/favicon.svg"), permanent=True), name="favicon"),
    path("admin/", admin.site.urls),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    # Partner ATS contract: exact paths under /api/ats/ (issue 3).
    path("api/ats/", include("ats.api.partner_urls")),
    # Matching API (issue 4).
    path("api/v1/", include("matching.urls")),
    # Integrations, webhooks and notifications API (issue 5).
    path("api/v1/", include("integrations.api.urls")),
    # Bulk intake and CSV import (issue 3): before recruiting's `candidates/{pk}` routes.
    path("api/v1/", include("ats.api.urls")),
    # Analytics, stats and exports (issue 11): before recruiting's `candidates/{pk}` routes.
    path("api/v1/", include("analytics.api.urls")),
    path("api/v1/", include("recruiting.api.urls")),
    # Dashboard pages (issue 6): analytics home, recruiting pages.
    path("", include("analytics.urls")),
    path("", include("recruiting.urls")),
    path("", include("integrations.urls")),
    path("", include("ats.urls")),
]
