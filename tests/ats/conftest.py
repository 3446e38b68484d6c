"""Partner actors: Acme's ATS integration with a full-scope key, a narrow key, and Globex's ATS."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from ats.models import ApiKey, PartnerIntegration
from ats.services import api_keys


@dataclass
class Partner:
    integration: PartnerIntegration
    api_key: ApiKey
    raw_key: str

    def client(self) -> APIClient:
        return APIClient(HTTP_X_API_KEY=self.raw_key)


def make_partner(organization, admin, name: str, scopes=None) -> Partner:
    integration, api_key, raw_key = api_keys.register_integration(
        organization=organization, name=name, created_by=admin, scopes=scopes
    )
    return Partner(integration, api_key, raw_key)


@pytest.fixture
def acme_ats(org_a, admin_a) -> Partner:
    return make_partner(org_a, admin_a, "Greenhouse sync")


@pytest.fixture
def globex_ats(org_b, admin_b) -> Partner:
    return make_partner(org_b, admin_b, "Lever sync")


@pytest.fixture
def partner_as():
    """An API client sending the partner's X-API-Key."""
    return lambda partner: partner.client()


@pytest.fixture
def stack_env(tmp_path):
    """Environment for server and worker processes sharing this test's database (see tests/ats/stack.py).

    Tests using it are marked django_db(transaction=True): rows commit, and are flushed afterwards.
    """
    from django.db import connection

    from tests.ats import stack
    from tests.processes import database_url as database_url_for_process

    database_url = database_url_for_process(connection)
    return lambda **extra: stack.process_env(database_url, tmp_path, **extra)
