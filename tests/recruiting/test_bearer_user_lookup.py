"""The signed-in user behind a bearer token: read with its organization in one precompiled query,
the same instance `select_related` gives, and every check on it still made."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from recruiting.models import User
from recruiting.precompiled import RowWithParents
from tests.conftest import bearer_client
from tests.query_counting import endpoint_queries


def _fields(instance):
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


def test_the_lookup_gives_what_select_related_gives(org_a):
    user = User.objects.create_user(
        email="zoe.oconnor@acme.test",
        password="Glück auf, Zoë!",  # noqa: S106
        organization=org_a,
        first_name="Zoë",
        last_name="O'Connor",
        time_zone="Europe/Berlin",
        number_format="de",
    )
    expected = User.objects.select_related("organization").get(pk=user.pk)

    with CaptureQueriesContext(connection) as captured:
        found = RowWithParents(User, ("organization",)).get(user.pk)
        organization = found.organization

    assert len(captured) == 1
    assert _fields(found) == _fields(expected)
    assert _fields(organization) == _fields(expected.organization)
    assert organization.name == "Acme Talent"
    assert found.time_zone == "Europe/Berlin"
    assert found.date_joined.tzinfo is not None
    assert not found._state.adding


def test_a_user_without_organization_has_none_and_no_second_query(db):
    operator = User.objects.create_user(email="operator@platform.test", password="Ops, São Paulo 2026")  # noqa: S106

    with CaptureQueriesContext(connection) as captured:
        found = RowWithParents(User, ("organization",)).get(operator.pk)
        assert found.organization is None

    assert len(captured) == 1


def test_a_missing_user_is_does_not_exist(db):
    lookup = RowWithParents(User, ("organization",))
    try:
        lookup.get(987654)
    except User.DoesNotExist:
        return
    raise AssertionError("no DoesNotExist for a missing user")


def test_a_bearer_request_reads_the_user_and_organization_in_one_query(recruiter_a):
    client = bearer_client(recruiter_a)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/users/me")

    assert response.status_code == 200
    assert response.json()["organization"]["name"] == "Acme Talent"
    user_reads = [sql for sql in endpoint_queries(captured) if 'FROM "recruiting_user"' in sql]
    organization_reads = [sql for sql in endpoint_queries(captured) if 'FROM "recruiting_organization"' in sql]
    assert len(user_reads) == 1
    assert organization_reads == []


def test_a_deactivated_user_s_token_is_refused(recruiter_a):
    client = bearer_client(recruiter_a)
    User.objects.filter(pk=recruiter_a.pk).update(is_active=False)

    response = client.get("/api/v1/jobs")

    assert response.status_code == 401
    assert response.json()["code"] == "INVALID_TOKEN"


def test_a_token_issued_before_a_password_change_is_refused(recruiter_a):
    client = bearer_client(recruiter_a)
    recruiter_a.set_password("Ein neues Passwort, 2026!")
    recruiter_a.save()

    assert client.get("/api/v1/jobs").status_code == 401


def test_a_deleted_user_s_token_is_refused(recruiter_a):
    client = bearer_client(recruiter_a)
    User.objects.filter(pk=recruiter_a.pk).delete()

    response = client.get("/api/v1/jobs")

    assert response.status_code == 401
    assert response.json()["code"] == "INVALID_TOKEN"
    assert APIClient().get("/api/v1/jobs").status_code == 401


def test_a_scoped_lookup_never_reads_another_organization_s_row(org_a, org_b):
    from recruiting.models import Job
    from tests.factories import JobFactory

    job = JobFactory(organization=org_a, title="Backend Engineer (m/w/d) – Köln")
    jobs = RowWithParents(Job, (), scoped_by="organization")

    assert jobs.get(job.pk, scope=org_a.pk).title == "Backend Engineer (m/w/d) – Köln"
    try:
        jobs.get(job.pk, scope=org_b.pk)
    except Job.DoesNotExist:
        pass
    else:
        raise AssertionError("another organization read the job")
    try:
        jobs.get(job.pk)
    except ValueError:
        return
    raise AssertionError("an unscoped read of a scoped lookup was allowed")


def test_the_bearer_lookup_builds_its_sql_once_per_process_not_once_per_request(api_as, recruiter_a, monkeypatch):
    """DRF makes a new authenticator for every request; the lookup it reads the user through is shared."""
    from recruiting import precompiled

    client = api_as(recruiter_a)
    assert client.get("/api/v1/users/me").status_code == 200  # built here, if not already
    built = []
    columns = precompiled._Columns.__init__
    monkeypatch.setattr(
        precompiled._Columns, "__init__", lambda self, *a, **k: built.append(1) or columns(self, *a, **k)
    )

    answers = [client.get("/api/v1/users/me").status_code for _ in range(3)]

    assert answers == [200, 200, 200] and built == []
