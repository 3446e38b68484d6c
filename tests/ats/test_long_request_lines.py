"""A long query string reaches the app under gunicorn and gets a JSON answer, not gunicorn's HTML 414."""

from __future__ import annotations

import runpy
from pathlib import Path

import httpx
import pytest

from recruiting.api.schema import LIMIT_REQUEST_LINE
from tests.ats import stack

GUNICORN_CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


@pytest.mark.django_db(transaction=True)
def test_a_six_kilobyte_query_string_is_answered_by_the_app_in_json(stack_env, tmp_path):
    env = stack_env()
    key = stack.acme_partner_key(env)
    search = "Ñúñez O'Brien " * 200  # ~6 KB once percent-encoded: over gunicorn's default 4094
    with stack.gunicorn(env, tmp_path, workers=1) as base_url:
        answer = httpx.get(
            f"{base_url}/api/v1/candidates", params={"q": search}, headers={"X-API-Key": key}, timeout=30
        )
    assert len(str(answer.request.url)) > 4094
    assert answer.status_code in (200, 400), answer.text[:200]
    assert answer.headers["Content-Type"].startswith("application/json")


def test_the_schema_publishes_the_limit_gunicorn_is_given():
    assert runpy.run_path(str(GUNICORN_CONF))["limit_request_line"] == LIMIT_REQUEST_LINE
