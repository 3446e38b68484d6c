"""Tenant isolation on the dashboard, generated from the URL resolver: every page route, two actors.

A page with another organization's id in its path is a 404 (a form that only takes POST is
posted to); every other page answers below 500 and shows nothing of the other organization,
searched for its canary too. A new page is covered without editing this file.

A public page (the careers page, no sign-in) names whose page it is by the organization slug in
its path: that slug is the actor's own organization (anyone may read any organization's careers
page), every other id in the path is the other organization's, and an anonymous visitor is a third
actor there.
"""

from __future__ import annotations

import re
import uuid

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.security.conftest import record_pairs
from tests.security.tenant_world import World, build_world

pytestmark = pytest.mark.django_db

PAGE_NAMESPACES = {"recruiting", "analytics", "integrations", "ats", "matching"}
RESOURCE_OF_SEGMENT = {"imports": "import", "api-keys": "keys", "pipeline": "stages"}
# Path resources that name the organization whose public page it is (filled with the actor's own).
PUBLIC_RESOURCES = {"careers"}


def _routes(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern), pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern) and namespace in PAGE_NAMESPACES:
            yield f"{namespace}:{pattern.name}", "/" + prefix + str(pattern.pattern)


PAGES = sorted(set(_routes(get_resolver().url_patterns)))


def _path_ids(route: str) -> list[tuple[str, str]]:
    """(converter placeholder, resource) for each row id in the route."""
    segments = route.strip("/").split("/")
    ids = []
    for index, segment in enumerate(segments):
        if re.fullmatch(r"<\w+:\w+>", segment):
            before = segments[index - 1]
            ids.append((segment, RESOURCE_OF_SEGMENT.get(before, before)))
    return ids


def _fill(route: str, values: dict[str, object]) -> str:
    for placeholder, value in values.items():
        route = route.replace(placeholder, str(value), 1)
    return route


def _missing(value):
    return uuid.uuid4() if isinstance(value, uuid.UUID) else 987_654_321


def _visit(client, url):
    """GET the page; a form that only takes POST is posted to, with fields that would change the row."""
    answer = client.get(url)
    if answer.status_code == 405:
        answer = client.post(url, {"stage": "hired", "role": "admin"})
    return answer


@pytest.fixture
def world() -> World:
    return build_world()


def _actors(world: World, *, public: bool = False):
    for label, user, foreign in (
        ("admin of Acme", world.acme.admin, world.globex),
        ("recruiter of Acme", world.acme.recruiter, world.globex),
    ):
        client = Client()
        client.force_login(user)
        yield label, client, world.acme, foreign
    if public:
        yield "anonymous visitor of Acme's page", Client(), world.acme, world.globex


def test_the_resolver_finds_the_dashboard():
    names = {name for name, _ in PAGES}
    assert {"recruiting:candidate-detail", "integrations:webhook-detail", "ats:settings-api-keys"} <= names


@pytest.mark.parametrize(("name", "route"), PAGES, ids=[name for name, _ in PAGES])
def test_no_page_shows_or_reaches_another_organization(world, name, route):
    path_ids = _path_ids(route)
    for _, resource in path_ids:
        assert resource in world.acme.ids, f"{route}: teach tests/security/tenant_world.py a {resource!r} row"
    public = any(resource in PUBLIC_RESOURCES for _, resource in path_ids)
    failures = []
    actors = list(_actors(world, public=public))
    for label, client, own, foreign in actors:
        if public:
            route = _fill(route, {p: own.ids[r] for p, r in path_ids if r in PUBLIC_RESOURCES})
            path_ids = [(p, r) for p, r in path_ids if r not in PUBLIC_RESOURCES]
        if path_ids:
            url = _fill(route, {placeholder: foreign.ids[resource] for placeholder, resource in path_ids})
            missing_url = _fill(
                route, {placeholder: _missing(foreign.ids[resource]) for placeholder, resource in path_ids}
            )
            answer, missing = _visit(client, url), _visit(client, missing_url)
            # 404, or the same 403 a missing id gets when the role may not use the page at all.
            if answer.status_code != missing.status_code or answer.status_code not in (403, 404):
                failures.append(f"{label}: {url} -> {answer.status_code}, a missing id -> {missing.status_code}")
        else:
            # The search term is a prefix of the canary, so a search box echoing it is not a finding.
            term = foreign.canary[:-2]
            for url in (route, f"{route}?q={term}&search={term}"):
                answer = client.get(url)
                text = answer.content.decode("utf-8", "replace") if not answer.streaming else ""
                if answer.status_code >= 500 or foreign.canary in text:
                    failures.append(f"{label}: {url} -> {answer.status_code} or the other organization")
    record_pairs("page", len(actors))
    assert not failures, "\n".join(failures)


def test_a_missing_id_and_a_foreign_id_look_the_same(world):
    client = Client()
    client.force_login(world.acme.admin)
    foreign = client.get(f"/candidates/{world.globex.ids['candidates']}/")
    missing = client.get("/candidates/987654321/")
    assert foreign.status_code == missing.status_code == 404
    assert client.get(f"/settings/webhooks/{uuid.uuid4()}/").status_code == 404
