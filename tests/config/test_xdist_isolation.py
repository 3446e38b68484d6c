"""Each xdist worker's Redis databases and VAR_DIR (tests/xdist_isolation.py)."""

from pathlib import Path

import pytest

from tests.xdist_isolation import isolate_this_worker, shifted_redis_url


def test_a_worker_moves_each_redis_database_number_by_two_per_worker_number():
    assert shifted_redis_url("redis://127.0.0.1:6379/0", 2) == "redis://127.0.0.1:6379/2"
    assert shifted_redis_url("redis://127.0.0.1:6379/1", 2) == "redis://127.0.0.1:6379/3"
    assert shifted_redis_url("redis://:pw@cache:6380", 4) == "redis://:pw@cache:6380/4"
    assert (
        shifted_redis_url("rediss://cache:6380/3?ssl_cert_reqs=none", 2) == "rediss://cache:6380/5?ssl_cert_reqs=none"
    )
    assert shifted_redis_url("filesystem://", 2) == "filesystem://"


def test_the_second_worker_gets_its_own_redis_databases_and_var_dir_once(tmp_path):
    environ = {
        "PYTEST_XDIST_WORKER": "gw1",
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        "REDIS_URL": "redis://127.0.0.1:6379/1",
        "VAR_DIR": str(tmp_path),
    }
    isolate_this_worker(environ)
    isolate_this_worker(environ)  # a second import changes nothing

    assert environ["CELERY_BROKER_URL"] == "redis://127.0.0.1:6379/2"
    assert environ["REDIS_URL"] == "redis://127.0.0.1:6379/3"
    assert Path(environ["VAR_DIR"]) == tmp_path / "xdist-gw1"
    assert Path(environ["VAR_DIR"]).is_dir()


def test_the_step_can_skip_numbers_that_belong_to_someone_else(tmp_path):
    environ = {"PYTEST_XDIST_WORKER": "gw1", "REDIS_URL": "redis://h/3", "PYTEST_REDIS_DB_STEP": "12"}
    environ["VAR_DIR"] = str(tmp_path)
    isolate_this_worker(environ)
    assert environ["REDIS_URL"] == "redis://h/15"
    assert "CELERY_BROKER_URL" not in environ  # unset stays unset: the filesystem broker, under VAR_DIR


def test_without_xdist_nothing_changes():
    environ = {"REDIS_URL": "redis://h/1"}
    isolate_this_worker(environ)
    assert environ == {"REDIS_URL": "redis://h/1"}


@pytest.mark.parametrize("worker", ["master", "gw"])
def test_an_unknown_worker_name_is_refused(worker):
    with pytest.raises(RuntimeError):
        isolate_this_worker({"PYTEST_XDIST_WORKER": worker})
