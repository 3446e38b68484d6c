"""Tenant isolation in Django admin, generated from the admin site's registry.

For every registered model, as a staff user of Acme: the changelist (searched and with its
filters), the add form and its pickers, the change form of an Acme row with its inlines and
autocomplete answers show nothing of Globex; Globex's row is a 404 on change, delete and
history, a posted change leaves it as it was, and every action on it changes nothing.
A newly registered model is covered without editing this file.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client, RequestFactory

from recruiting import services
from recruiting.models import Organization
from tests.security.conftest import record_pairs
from tests.security.tenant_world import World, build_world

pytestmark = pytest.mark.django_db

REGISTRY = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


@pytest.fixture
def world() -> World:
    return build_world()


def _row_of(model, tenant):
    if model is Organization:
        return tenant.organization
    if any(field.name == "organization" for field in model._meta.fields):
        return model._default_manager.filter(organization=tenant.organization).order_by("pk").first()
    return None


def _snapshot(model, pk):
    return list(model._default_manager.filter(pk=pk).values())


def _text(answer) -> str:
    return answer.content.decode("utf-8", "replace")


@pytest.mark.parametrize("model", [model for model, _ in REGISTRY], ids=lambda model: model._meta.label)
def test_no_admin_page_shows_or_changes_another_organization(world, model):
    staff = services.grant_admin_site_access(user=world.acme.admin)
    client = Client()
    client.force_login(staff)
    model_admin = admin.site._registry[model]
    meta = model._meta
    base = f"/admin/{meta.app_label}/{meta.model_name}/"
    canary, term = world.globex.canary, world.globex.canary[:-2]
    failures, pages = [], 0

    def visit(url, method="get", data=None, allowed=(200, 302, 403)):
        nonlocal pages
        pages += 1
        answer = client.post(url, data or {}) if method == "post" else client.get(url)
        if answer.status_code not in allowed or canary in _text(answer):
            failures.append(f"{method.upper()} {url} -> {answer.status_code} or shows Globex")
        return answer

    visit(base)
    visit(f"{base}?q={term}")
    visit(f"{base}add/")
    own = _row_of(model, world.acme)
    if own is not None:
        visit(f"{base}{own.pk}/change/")
    request = RequestFactory().get(base)
    request.user = staff
    for field in model_admin.get_autocomplete_fields(request):
        visit(
            f"/admin/autocomplete/?app_label={meta.app_label}&model_name={meta.model_name}"
            f"&field_name={field}&term={term}"
        )

    theirs = _row_of(model, world.globex)
    is_tenant_row = model is Organization or any(f.name == "organization" for f in meta.fields)
    assert theirs is not None or not is_tenant_row, f"teach tests/security/tenant_world.py a {meta.label} row"
    if theirs is not None:
        before = _snapshot(model, theirs.pk)
        for suffix in ("change/", "delete/", "history/"):
            visit(f"{base}{theirs.pk}/{suffix}", allowed=(403, 404))
        visit(f"{base}{theirs.pk}/change/", "post", {"name": "Taken over", "first_name": "Mallory"}, (403, 404))
        visit(f"{base}{theirs.pk}/delete/", "post", {"post": "yes"}, (403, 404))
        for action in model_admin.get_actions(request):
            visit(base, "post", {"action": action, "_selected_action": [str(theirs.pk)], "post": "yes"})
        if _snapshot(model, theirs.pk) != before:
            failures.append(f"{meta.label}: Globex's row changed")
    record_pairs("admin", pages)
    assert not failures, "\n".join(failures)
