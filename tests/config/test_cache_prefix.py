"""Two deployments sharing one Redis keep their caches apart: keys carry the database's name."""

import runpy
from pathlib import Path

import pytest

SETTINGS = Path(__file__).resolve().parents[2] / "config" / "settings.py"


@pytest.fixture
def prefix_for(monkeypatch):
    def read(**env) -> str:
        monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/1")
        monkeypatch.delenv("CACHE_KEY_PREFIX", raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(SETTINGS))["CACHES"]["default"]["KEY_PREFIX"]

    return read


def test_cache_keys_are_prefixed_with_the_database_name_unless_set(prefix_for):
    assert prefix_for(DATABASE_URL="postgres://u@127.0.0.1:5432/acme_prod") == "acme_prod"
    assert prefix_for(DATABASE_URL="postgres://u@127.0.0.1:5432/acme_staging") == "acme_staging"
    assert prefix_for(DATABASE_URL="postgres://u@h/x", CACHE_KEY_PREFIX="eu-1") == "eu-1"
