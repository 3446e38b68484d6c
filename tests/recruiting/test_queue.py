"""Publishing tasks after commit: a broker that just failed is left alone for a pause, then tried again."""

from __future__ import annotations

import time

import pytest
import redis

from config.celery import app as celery_app
from recruiting import queue
from tests.processes import PrivateRedis, point_publisher_to

TASK = "integrations.relay_events"


@pytest.fixture
def broker():
    """A private Redis this process publishes to (never the shared one); tasks are really published."""
    previous, eager = celery_app.conf.broker_url, celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = False
    server = PrivateRedis()
    point_publisher_to(server.url)
    yield server
    celery_app.conf.task_always_eager = eager
    point_publisher_to(previous)
    server.stop()


def queued(server: PrivateRedis) -> int:
    return redis.Redis.from_url(server.url).llen("celery")


def test_after_a_failed_publish_the_broker_is_not_tried_again_until_the_pause_is_over(broker, monkeypatch, caplog):
    monkeypatch.setattr(queue, "PUBLISH_PAUSE_SECONDS", 1.5)
    assert queue.enqueue(TASK, ["first"]) is True
    assert queued(broker) == 1

    broker.stop()
    assert queue.enqueue(TASK, ["while down"]) is False
    assert "Could not enqueue integrations.relay_events(['while down'],)" in caplog.text

    broker.start()  # back on the same address, empty (no persistence)
    assert queue.enqueue(TASK, ["moments later"]) is False
    assert "Not publishing integrations.relay_events(['moments later'],): the broker failed moments ago" in caplog.text
    assert queued(broker) == 0  # not even tried

    time.sleep(1.6)
    assert queue.enqueue(TASK, ["after the pause"]) is True
    assert queue.enqueue(TASK, ["and the next"]) is True
    assert queued(broker) == 2


def test_a_failure_of_one_broker_does_not_pause_another(broker, monkeypatch):
    monkeypatch.setattr(queue, "PUBLISH_PAUSE_SECONDS", 60)
    broker.stop()
    assert queue.enqueue(TASK, ["while down"]) is False
    other = PrivateRedis()
    try:
        point_publisher_to(other.url)
        assert queue.enqueue(TASK, ["elsewhere"]) is True
        assert queued(other) == 1
    finally:
        other.stop()
