"""Id lists in API bodies (a job's hiring team) are capped and resolved in one query, never one per id."""

from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings

from recruiting.models import Job


@override_settings(API_MAX_IDS_PER_LIST=50)
def test_a_hiring_team_longer_than_the_limit_is_a_400_naming_the_field_and_nothing_is_stored(admin_a, api_as):
    # Valid ids, so only the cap can refuse them (a missing id would fail on its own).
    response = api_as(admin_a).post(
        "/api/v1/jobs/",
        {"title": "Data Engineer", "description": "Pipelines.", "hiring_team": [admin_a.pk] * 51},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["code"] == "VALIDATION_ERROR"
    assert "hiring_team" in response.json()["errors"]
    assert not Job.objects.filter(title="Data Engineer").exists()


@override_settings(API_MAX_IDS_PER_LIST=5)
def test_a_hiring_team_within_the_limit_is_resolved_in_one_query(admin_a, recruiter_a, manager_a, api_as):
    client = api_as(admin_a)
    ids = [admin_a.pk, recruiter_a.pk, manager_a.pk]
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            "/api/v1/jobs/",
            {"title": "Platform Engineer", "description": "Infra.", "hiring_team": ids},
            format="json",
        )

    assert response.status_code == 201, response.json()
    assert sorted(response.json()["hiring_team"]) == sorted(ids)
    user_lookups = [q for q in queries.captured_queries if 'FROM "recruiting_user"' in q["sql"] and " IN (" in q["sql"]]
    assert len(user_lookups) == 1


def test_another_organizations_user_in_a_hiring_team_is_a_400_and_nothing_is_stored(admin_a, admin_b, api_as):
    response = api_as(admin_a).post(
        "/api/v1/jobs/",
        {"title": "Analyst", "description": "Numbers.", "hiring_team": [admin_a.pk, admin_b.pk]},
        format="json",
    )

    assert response.status_code == 400
    assert "hiring_team" in response.json()["errors"]
    assert not Job.objects.filter(title="Analyst").exists()


def test_hiring_team_ids_that_are_not_numbers_are_a_400(admin_a, api_as):
    response = api_as(admin_a).post(
        "/api/v1/jobs/",
        {"title": "Analyst", "description": "Numbers.", "hiring_team": [{"id": 1}, True]},
        format="json",
    )

    assert response.status_code == 400
    assert "hiring_team" in response.json()["errors"]
