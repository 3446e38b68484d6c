"""Two requests that race for the same row: the loser gets the rule's 409, never a 500.

The rule is checked before writing, but two requests can both pass the check. Here the first
writer holds its row uncommitted in another thread until the API request is seen waiting on it in
PostgreSQL, so the second request passes the check, blocks on the unique index and then loses:
the interleaving a real race produces, every time.
"""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections, transaction

from recruiting import services
from recruiting.models import Application, Scorecard
from tests.factories import CandidateFactory, InterviewFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks and pg_stat_activity need PostgreSQL; SQLite serialises writers",
    ),
]


def _wait_until_another_session_waits_on_a_lock(timeout: float = 10.0) -> None:
    with connection.cursor() as cursor:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return
            time.sleep(0.02)
    raise AssertionError("the racing request never waited on the first writer's row")


def _first_writer(write, outcome: dict) -> threading.Thread:
    """Run `write` in its own transaction and connection; commit once the racing request waits."""
    written = threading.Event()

    def run():
        try:
            with transaction.atomic():
                write()
                written.set()
                _wait_until_another_session_waits_on_a_lock()
            outcome["committed"] = True
        except BaseException as error:  # reported by the test, not lost in the thread
            outcome["error"] = error
            written.set()
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    assert written.wait(10), "the first writer never wrote"
    return thread


def test_two_recruiters_adding_the_same_candidate_at_once_get_one_application_and_one_409(
    api_as, job_a, org_a, recruiter_a, admin_a
):
    candidate = CandidateFactory(organization=org_a, first_name="Zoë", last_name="O'Brien")
    outcome: dict = {}
    thread = _first_writer(lambda: services.create_application(job=job_a, candidate=candidate, actor=admin_a), outcome)

    response = api_as(recruiter_a).post(
        "/api/v1/applications", {"candidate": candidate.pk, "job": job_a.pk}, format="json"
    )
    thread.join(10)

    assert outcome == {"committed": True}
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["code"] == "ALREADY_IN_PIPELINE"
    assert "Zoë O'Brien is already in the pipeline" in body["detail"]
    assert Application.objects.filter(candidate=candidate, job=job_a).count() == 1


def test_an_interviewer_submitting_twice_at_once_keeps_one_scorecard_and_gets_a_409(api_as, application_a, manager_a):
    interview = InterviewFactory(application=application_a)
    outcome: dict = {}
    thread = _first_writer(
        lambda: services.submit_scorecard(
            interview=interview,
            interviewer=manager_a,
            ratings={"technical": 4},
            recommendation="yes",
            feedback="Clear on trade-offs; explained the café's ordering system in detail.",
        ),
        outcome,
    )

    response = api_as(manager_a).post(
        "/api/v1/scorecards",
        {"interview": interview.pk, "ratings": {"technical": 5}, "recommendation": "strong_yes", "feedback": ""},
        format="json",
    )
    thread.join(10)

    assert outcome == {"committed": True}
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "ALREADY_SUBMITTED"
    assert Scorecard.objects.filter(interview=interview, interviewer=manager_a).count() == 1
