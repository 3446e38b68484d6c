"""Signed-in browser-less clients and a query counter for dashboard page tests."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections
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
def chromium(django_db_setup):
    """One real headless Chromium for the session (Playwright drives the system browser).

    It depends on the test database so it closes first: its keep-alive connections hold live-server
    threads, and each thread holds a database connection that would block dropping the test database.
    """
    import os

    from playwright.sync_api import expect, sync_playwright

    # As long as an action may take (watched_page's 10 s), not 5 s: two xdist workers share two loaded cores.
    expect.set_options(timeout=10_000)

    # Playwright's sync API runs an event loop in this thread; the ORM calls tests make are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # Playwright's greenlets give later ORM calls a new context, and with it a new connection; close
    # the one opened before, which nothing would close again and which would block dropping the test DB.
    connections.close_all()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
    # Closing the browser closes its sockets; wait for the live server's request threads to notice
    # and close their database connections before the test database is dropped.
    # On a loaded 2-core machine Chromium's child processes can take several seconds to exit.
    deadline = time.monotonic() + 30
    while any("process_request_thread" in thread.name for thread in threading.enumerate()):
        assert time.monotonic() < deadline, "live-server request threads did not finish"
        time.sleep(0.05)


def watched_page(context):
    """A new tab of `context` whose `problems` collect console errors, page errors and failed requests."""
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems: list[str] = []
    page.on("console", lambda message: message.type == "error" and problems.append(f"console: {message.text}"))
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on(
        "requestfailed",
        # An aborted request is one the page itself cancelled by navigating on (a favicon still loading).
        lambda request: (
            request.failure != "net::ERR_ABORTED"
            and problems.append(f"request failed: {request.method} {request.url} ({request.failure})")
        ),
    )
    page.on(
        "response",
        lambda response: response.status >= 400 and problems.append(f"HTTP {response.status}: {response.url}"),
    )
    page.problems = problems
    return page


@pytest.fixture
def browser_page(chromium, live_server, settings):
    """A fresh browser tab on the live server that fails the test on any console error or failed request."""
    # The live server speaks plain HTTP; secure-only cookies would never come back from the browser.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = watched_page(context)
    yield page
    context.close()
    assert page.problems == [], page.problems
