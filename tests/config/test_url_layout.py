"""Every app's URLs are namespaced, so a name means one route whatever the include order."""

from django.urls import URLResolver, get_resolver, reverse

# Django's own URL modules, included as they ship.
THIRD_PARTY = {"django.contrib.auth.urls", "django.contrib.admin.sites"}


def included_modules():
    for entry in get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            module = entry.urlconf_module
            name = getattr(module, "__name__", None) or type(module).__module__
            yield name, entry


def test_every_included_url_module_of_the_project_sets_app_name():
    missing = [
        name
        for name, resolver in included_modules()
        if not any(name.startswith(prefix) for prefix in THIRD_PARTY) and not resolver.app_name
    ]
    assert missing == []


def test_a_page_and_an_api_route_of_the_same_resource_reverse_to_different_paths(job_a):
    page = reverse("recruiting:job-detail", args=[job_a.pk])
    api = reverse("recruiting_api:job-detail", args=[job_a.pk])
    assert page != api
    assert api.startswith("/api/v1/")
