"""A partner client that streams its body (Transfer-Encoding: chunked, no Content-Length) is heard under
gunicorn: Django's WSGI request would otherwise read an empty body (config/chunked_bodies.py)."""

from __future__ import annotations

import json

import httpx
import pytest
from django.conf import settings

from ats.api.views import CandidateImportView
from recruiting.documents import MULTIPART_OVERHEAD_BYTES
from tests.ats import stack

pytestmark = pytest.mark.django_db(transaction=True)


def streamed(data: bytes, pieces: int = 3):
    """The body as a generator: httpx then sends it chunked, as requests and most SDKs do for iterables."""
    size = max(1, len(data) // pieces)
    for start in range(0, len(data), size):
        yield data[start : start + size]


def test_a_streamed_json_sync_and_a_streamed_csv_upload_are_read(stack_env, tmp_path):
    env = stack_env()
    key = stack.acme_partner_key(env)
    candidate = {
        "external_id": "ats-chunk-1",
        "first_name": "Zoë",
        "last_name": "O'Connor",
        "email": "zoe.oconnor@example.ie",
        "location": "Dublin, Ireland",
        "skills": ["Python", "Django"],
        "experience_years": 4.5,
    }
    with stack.gunicorn(env, tmp_path, workers=1) as base_url:
        http = httpx.Client(base_url=base_url, headers={"X-API-Key": key}, timeout=30)
        synced = http.post(
            "/api/ats/candidates/sync",
            content=streamed(json.dumps(candidate).encode()),
            headers={"Content-Type": "application/json"},
        )
        assert synced.request.headers.get("Transfer-Encoding") == "chunked"
        assert synced.status_code in (200, 201), synced.text
        pulled = http.get("/api/ats/candidates?page_size=50").json()
        assert [(c["first_name"], c["location"]) for c in pulled["candidates"]] == [("Zoë", "Dublin, Ireland")]

        csv_text = "first_name,last_name,email\nJosé,Núñez,jose.nunez@example.es\nSiobhán,D'Arcy,siobhan@example.ie\n"
        form = httpx.Request("POST", base_url, files={"file": ("people.csv", csv_text.encode(), "text/csv")})
        upload = http.post(
            "/api/v1/candidates/import",
            content=streamed(form.read()),
            headers={"Content-Type": form.headers["Content-Type"]},
        )
        assert upload.request.headers.get("Transfer-Encoding") == "chunked"
        assert upload.status_code == 202, upload.text
        assert (upload.json()["file_name"], upload.json()["total"]) == ("people.csv", 2)


def test_a_streamed_body_over_the_limit_is_a_json_413_not_an_empty_body(stack_env, tmp_path):
    env = stack_env(DATA_UPLOAD_MAX_MEMORY_SIZE="2000", CHUNKED_BODY_MAX_BYTES="4000")
    key = stack.acme_partner_key(env)
    big = {"first_name": "Zoë", "last_name": "O'Connor", "email": "zoe@example.ie", "summary": "é" * 6000}
    with stack.gunicorn(env, tmp_path, workers=1) as base_url:
        answer = httpx.post(
            f"{base_url}/api/ats/candidates/sync",
            content=streamed(json.dumps(big).encode(), pieces=20),
            headers={"Content-Type": "application/json", "X-API-Key": key},
            timeout=30,
        )
    assert answer.status_code == 413
    assert answer.headers["Content-Type"].startswith("application/json")


def test_the_chunked_limit_covers_every_body_an_endpoint_accepts():
    largest = max(
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
        settings.DOCUMENTS_MAX_UPLOAD_BYTES + MULTIPART_OVERHEAD_BYTES,
        CandidateImportView.MAX_BYTES + MULTIPART_OVERHEAD_BYTES,
    )
    assert settings.CHUNKED_BODY_MAX_BYTES >= largest
