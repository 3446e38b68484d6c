"""An API key is accepted as `Authorization: Bearer ats_...` wherever `X-API-Key` is (BHIV's SDK sends it so)."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def bearer(raw_key: str) -> APIClient:
    return APIClient(HTTP_AUTHORIZATION=f"Bearer {raw_key}")


def test_a_bearer_api_key_reads_its_own_organization_on_the_v1_api_and_the_partner_api(acme_ats, org_a, org_b):
    CandidateFactory(organization=org_a, first_name="Amélie", last_name="D'Arcy")
    CandidateFactory(organization=org_b, first_name="Globex", last_name="Person")
    client = bearer(acme_ats.raw_key)
    v1 = client.get("/api/v1/candidates")
    assert v1.status_code == 200, v1.content
    assert [row["last_name"] for row in v1.json()["results"]] == ["D'Arcy"]
    partner = client.get("/api/ats/candidates")
    assert partner.status_code == 200, partner.content
    assert [row["last_name"] for row in partner.json()["candidates"]] == ["D'Arcy"]


def test_both_spellings_spend_the_same_hourly_budget(acme_ats):
    first = acme_ats.client().get("/api/v1/jobs")
    second = bearer(acme_ats.raw_key).get("/api/v1/jobs")
    assert int(second["X-RateLimit-Remaining"]) == int(first["X-RateLimit-Remaining"]) - 1


def test_an_unknown_bearer_key_is_a_401_about_the_api_key_not_a_token(db):
    for path in ("/api/v1/candidates", "/api/ats/candidates"):
        answer = bearer("ats_not-a-real-key-at-all-0000").get(path)
        assert answer.status_code == 401
        assert answer.json()["code"] == "INVALID_API_KEY"


def test_a_jwt_in_the_same_header_still_signs_a_user_in(api_as, admin_a):
    assert api_as(admin_a).get("/api/v1/users/me").json()["email"] == admin_a.email
    assert APIClient(HTTP_AUTHORIZATION="Bearer not.a.jwt").get("/api/v1/users/me").json()["code"] == "INVALID_TOKEN"
