"""Site routes: each app's pages at the root, its v1 API under api/v1/, the partner contract under api/ats/.

Each app is included once per surface and no two includes answer the same path, so the order of
the lines below does not matter.
"""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.templatetags.static import static
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from config.metrics import metrics
from recruiting.api.views import health
from recruiting.views import SignOutView

urlpatterns = [
    path("health", health, name="health"),
    path("metrics", metrics, name="prometheus-metrics"),
    # Browsers ask for /favicon.ico whatever the page links; send them to the static SVG.
    path("favicon.ico", RedirectView.as_view(url=static("img/favicon.svg"), permanent=True), name="favicon"),
    path("admin/", admin.site.urls),
    # Sign-in for the whole site, not namespaced: Django's auth views reverse these names themselves.
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", SignOutView.as_view(), name="logout"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
    # Partner ATS contract: exact paths under /api/ats/.
    path("api/ats/", include("ats.api.partner_urls")),
    # v1 API, one include per app.
    path("api/v1/", include("recruiting.api.urls")),
    path("api/v1/", include("matching.api.urls")),
    path("api/v1/", include("analytics.api.urls")),
    path("api/v1/", include("integrations.api.urls")),
    path("api/v1/", include("ats.api.urls")),
    # Partner dialects (docs/dialects.md): each seed document's API at its own base URL.
    path("compat/reviewpoint/", include("ats.dialects.reviewpoint")),
    path("compat/hyrehr/", include("integrations.dialects.hyrehr")),
    path("compat/bhiv/", include("analytics.dialects.bhiv")),
    path("compat/jobswipe/", include("analytics.dialects.jobswipe")),
    # Dashboard pages.
    path("", include("recruiting.urls")),
    path("", include("analytics.urls")),
    path("", include("integrations.urls")),
    path("", include("ats.urls")),
]
