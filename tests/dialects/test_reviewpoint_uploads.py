"""ReViewPoint's `upload_file` at `/compat/reviewpoint`: multipart file + description, then the fields it prints."""

from __future__ import annotations

import io

import pytest
from rest_framework.test import APIClient

from tests.dialects.test_reviewpoint_api import BASE, login

pytestmark = pytest.mark.django_db


def _file(data: bytes, name: str):
    upload = io.BytesIO(data)
    upload.name = name
    return upload


def test_upload_file_as_the_documents_client_does(admin_a):
    client = APIClient()
    token = login(client, admin_a.email)["access_token"]
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    body = "Draft research paper about café data.\n".encode()
    response = client.post(
        f"{BASE}/api/v1/uploads",
        {"file": _file(body, "research_paper.txt"), "description": "Draft research paper"},
        format="multipart",
    )
    assert response.status_code == 201, response.content
    info = response.json()
    assert isinstance(info["id"], int) and info["download_url"].startswith("http")
    assert APIClient().get(info["download_url"].replace("http://testserver", "")).content == body
    assert [row["id"] for row in client.get(f"{BASE}/api/v1/uploads").json()["results"]] == [info["id"]]


def test_a_refused_file_is_a_422_with_fastapis_detail(admin_a):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {login(client, admin_a.email)['access_token']}")
    response = client.post(
        f"{BASE}/api/v1/uploads", {"file": _file(b"MZ\x90\x00" + b"\x00" * 64, "paper.pdf")}, format="multipart"
    )
    assert response.status_code == 422
    assert "detail" in response.json()
