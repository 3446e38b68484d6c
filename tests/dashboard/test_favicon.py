"""Browsers that ask for /favicon.ico get the platform's icon, not a 404."""

from __future__ import annotations

from django.test import Client


def test_favicon_ico_leads_to_the_static_icon(db):
    client = Client()

    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == "/static/img/favicon.svg"
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert icon["Content-Type"] == "image/svg+xml"
    assert b"<svg" in b"".join(icon.streaming_content)
