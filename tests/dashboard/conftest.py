"""Signed-in browser-less clients and a query counter for dashboard page tests."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from matching.services import forget_candidate_indexes


@pytest.fixture(autouse=True)
def fresh_match_indexes():
    """Start each test without cached match indexes: test databases reuse organization ids."""
    forget_candidate_indexes()
    yield
    forget_candidate_indexes()


@pytest.fixture
def page_as():
    """Build a test client signed in (session cookie) as the given user."""

    def build(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return build


@pytest.fixture
def count_queries():
    """Return how many SQL queries one GET of the URL ran, asserting the page rendered."""

    def run(client: Client, url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, response.status_code
        return len(queries)

    return run


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@pytest.fixture(scope="session")
def chromium():
    """One real headless Chromium for the session (Playwright drives the system browser)."""
    import os

    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls tests make are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def browser_page(chromium, live_server, settings):
    """A fresh browser tab on the live server that fails the test on any console error or failed request."""
    # The live server speaks plain HTTP; secure-only cookies would never come back from the browser.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems: list[str] = []
    page.on("console", lambda message: message.type == "error" and problems.append(f"console: {message.text}"))
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("requestfailed", lambda request: problems.append(f"request failed: {request.method} {request.url}"))
    page.on(
        "response",
        lambda response: response.status >= 400 and problems.append(f"HTTP {response.status}: {response.url}"),
    )
    page.problems = problems
    yield page
    context.close()
    assert problems == [], problems
