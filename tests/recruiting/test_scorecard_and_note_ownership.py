"""Only a scorecard's interviewer and a note's author (or an organization admin) may change them."""

from datetime import timedelta

import pytest
from django.utils import timezone

from recruiting import services
from recruiting.models import Note, Scorecard
from tests.recruiting.test_errors import assert_error


@pytest.fixture
def managers_scorecard(manager_a, recruiter_a, application_a):
    interview = services.schedule_interview(
        application=application_a,
        scheduled_at=timezone.now() + timedelta(days=1),
        interviewers=[manager_a, recruiter_a],
        location="São Paulo, Brazil",
    )
    return services.submit_scorecard(
        interview=interview,
        interviewer=manager_a,
        ratings={"technical": 4, "communication": 5},
        recommendation="yes",
        feedback="Zoë O'Connor explained the São Paulo rollout clearly and owned the trade-offs.",
    )


@pytest.fixture
def managers_note(manager_a, candidate_a):
    return services.add_note(
        candidate=candidate_a, body="Prefers Berlin, Germany; call after 18:00 CET.", author=manager_a
    )


def test_another_member_cannot_edit_or_delete_someones_scorecard(recruiter_a, managers_scorecard, api_as):
    client = api_as(recruiter_a)
    patch = client.patch(f"/api/v1/scorecards/{managers_scorecard.pk}", {"recommendation": "strong_no"}, format="json")
    assert_error(patch, 403, "PERMISSION_DENIED")
    assert_error(client.delete(f"/api/v1/scorecards/{managers_scorecard.pk}"), 403, "PERMISSION_DENIED")
    managers_scorecard.refresh_from_db()
    assert managers_scorecard.recommendation == "yes"


def test_interviewer_edits_own_scorecard(manager_a, managers_scorecard, api_as):
    response = api_as(manager_a).patch(
        f"/api/v1/scorecards/{managers_scorecard.pk}", {"recommendation": "strong_yes"}, format="json"
    )
    assert response.status_code == 200, response.content
    assert Scorecard.objects.get(pk=managers_scorecard.pk).recommendation == "strong_yes"


def test_org_admin_may_delete_any_scorecard(admin_a, managers_scorecard, api_as):
    assert api_as(admin_a).delete(f"/api/v1/scorecards/{managers_scorecard.pk}").status_code == 204
    assert not Scorecard.objects.exists()


def test_another_member_cannot_delete_or_edit_someones_note(recruiter_a, managers_note, api_as):
    client = api_as(recruiter_a)
    assert_error(client.delete(f"/api/v1/notes/{managers_note.pk}"), 403, "PERMISSION_DENIED")
    assert_error(
        client.patch(f"/api/v1/notes/{managers_note.pk}", {"body": "x"}, format="json"), 403, "PERMISSION_DENIED"
    )
    assert Note.objects.get(pk=managers_note.pk).body.startswith("Prefers Berlin")


def test_author_and_org_admin_may_delete_a_note(manager_a, admin_a, managers_note, candidate_a, api_as):
    assert api_as(manager_a).delete(f"/api/v1/notes/{managers_note.pk}").status_code == 204
    other = services.add_note(candidate=candidate_a, body="José Álvarez referred her.", author=manager_a)
    assert api_as(admin_a).delete(f"/api/v1/notes/{other.pk}").status_code == 204
    assert not Note.objects.exists()


def test_another_organizations_admin_gets_404_for_a_scorecard(admin_b, managers_scorecard, api_as):
    assert_error(api_as(admin_b).delete(f"/api/v1/scorecards/{managers_scorecard.pk}"), 404, "NOT_FOUND")
    assert Scorecard.objects.filter(pk=managers_scorecard.pk).exists()
