"""Signed-in browser-less clients and a query counter for dashboard page tests."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


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
