"""A partner's key, read with its organization and integration in one query whose SQL is built
once per process: the same key `select_related` gives, every check on it still made."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ats.models import ApiKey
from ats.services import api_keys
from tests.query_counting import endpoint_queries


def _fields(instance):
    return {field.attname: getattr(instance, field.attname) for field in type(instance)._meta.concrete_fields}


def test_the_key_comes_with_its_organization_and_integration_as_select_related_gives(org_a, admin_a):
    _integration, _key, raw_key = api_keys.register_integration(
        organization=org_a, name="Personio – München", created_by=admin_a, scopes=["candidates:read", "jobs:read"]
    )
    expected = ApiKey.objects.select_related("organization", "integration").get(pk=_key.pk)

    with CaptureQueriesContext(connection) as captured:
        found = api_keys.find_usable_api_key(raw_key=raw_key)
        organization, integration = found.organization, found.integration

    assert len(captured) == 1
    assert _fields(found) == _fields(expected)
    assert found.scopes == ["candidates:read", "jobs:read"]  # a JSON column, decoded
    assert _fields(organization) == _fields(expected.organization)
    assert _fields(integration) == _fields(expected.integration)
    assert integration.name == "Personio – München"
    assert integration.organization is organization


def test_wrong_secret_unknown_lookup_revoked_and_expired_keys_find_nothing(acme_ats):
    raw_key = acme_ats.raw_key
    assert api_keys.find_usable_api_key(raw_key=raw_key[:-1] + ("x" if raw_key[-1] != "x" else "y")) is None
    assert api_keys.find_usable_api_key(raw_key="ats_" + "z" * 40) is None

    ApiKey.objects.filter(pk=acme_ats.api_key.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert api_keys.find_usable_api_key(raw_key=raw_key) is None

    ApiKey.objects.filter(pk=acme_ats.api_key.pk).update(expires_at=None, revoked_at=timezone.now())
    assert api_keys.find_usable_api_key(raw_key=raw_key) is None


def test_a_partner_push_reads_the_key_once_and_no_organization_row(acme_ats):
    with CaptureQueriesContext(connection) as captured:
        response = acme_ats.client().post(
            "/api/ats/candidates/sync",
            {
                "external_id": "gh-4711",
                "first_name": "Zoë",
                "last_name": "O'Connor",
                "email": "zoe.oconnor@example.ie",
                "location": "Dublin, Ireland",
                "skills": ["Python", "Django"],
                "experience_years": 4.5,
            },
            format="json",
        )

    assert response.status_code == 201
    queries = endpoint_queries(captured)
    assert len([sql for sql in queries if 'FROM "ats_apikey"' in sql]) == 1
    assert [sql for sql in queries if sql.startswith('SELECT "recruiting_organization"')] == []
