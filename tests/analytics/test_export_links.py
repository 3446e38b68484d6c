"""Exports behind signed, expiring links: `?delivery=link` answers `{"export_url", ...}` as BHIV's client reads it.

The link is the credential (no sign-in needed to fetch it); an altered or expired link is a 403,
another organization's caller gets a 404, and a link dies with its requester's access.
"""

from __future__ import annotations

import csv
import io
from urllib.parse import parse_qs, urlsplit

import pytest
from rest_framework.test import APIClient

from ats.services import api_keys
from recruiting import documents
from recruiting.models import AuditEntry
from tests.factories import CandidateFactory

URL = "/api/v1/candidates/export"


@pytest.fixture
def people(org_a, org_b):
    CandidateFactory(organization=org_a, first_name="Zoë", last_name="O'Connor", location="Berlin, Germany")
    CandidateFactory(organization=org_a, first_name="José", last_name="Álvarez", location="São Paulo, Brazil")
    CandidateFactory(organization=org_b, first_name="Björn", last_name="Lindqvist", location="Berlin, Germany")


def _fetch(export_url: str, client: APIClient | None = None):
    parts = urlsplit(export_url)
    return (client or APIClient()).get(parts.path, {k: v[0] for k, v in parse_qs(parts.query).items()})


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def _link(client: APIClient, **params) -> str:
    response = client.get(URL, {"format": "csv", "delivery": "link", **params})
    assert response.status_code == 200, response.content
    return response.json()["export_url"]


def test_a_link_answers_export_url_and_streams_the_filtered_rows_to_anyone_holding_it(people, recruiter_a, api_as):
    response = api_as(recruiter_a).get(URL, {"format": "csv", "delivery": "link", "location": "Berlin, Germany"})

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"export_url", "format", "expires_at"}
    assert body["format"] == "csv"
    assert body["export_url"].startswith("http://testserver/api/v1/exports/download?signature=")
    assert AuditEntry.objects.filter(action="candidates.exported").count() == 0  # nothing has left yet

    downloaded = _fetch(body["export_url"])
    assert downloaded.status_code == 200
    assert downloaded["Content-Type"].startswith("text/csv")
    rows = _csv(downloaded)
    assert [row[1:3] for row in rows[1:]] == [["Zoë", "O'Connor"]]
    entry = AuditEntry.objects.get(action="candidates.exported")
    assert (entry.organization, entry.actor) == (recruiter_a.organization, recruiter_a)


def test_an_altered_link_is_a_403(people, recruiter_a, api_as):
    url = _link(api_as(recruiter_a))
    response = APIClient().get(
        "/api/v1/exports/download", {"signature": parse_qs(urlsplit(url).query)["signature"][0] + "x"}
    )
    assert response.status_code == 403
    assert response.json()["code"] == "INVALID_SIGNATURE"


def test_a_storage_signature_is_not_an_export_link(org_a):
    import uuid

    signature, _ = documents.sign_file_url(file_uuid=uuid.uuid4(), organization_id=org_a.pk, operation="get")
    response = APIClient().get("/api/v1/exports/download", {"signature": signature})
    assert response.status_code == 403
    assert response.json()["code"] == "INVALID_SIGNATURE"


def test_an_expired_link_is_a_403(people, recruiter_a, api_as, settings):
    settings.ANALYTICS_EXPORT_LINK_SECONDS = -1
    response = _fetch(_link(api_as(recruiter_a)))
    assert response.status_code == 403
    assert response.json()["code"] == "URL_EXPIRED"


def test_a_caller_of_another_organization_gets_a_404_and_never_the_rows(people, recruiter_a, admin_b, api_as):
    url = _link(api_as(recruiter_a))
    response = _fetch(url, api_as(admin_b))
    assert response.status_code == 404
    assert "Zoë" not in response.content.decode()
    assert _fetch(url, api_as(recruiter_a)).status_code == 200


def test_the_rows_are_always_the_links_organization(people, admin_b, api_as):
    rows = _csv(_fetch(_link(api_as(admin_b))))
    assert [row[1] for row in rows[1:]] == ["Björn"]


def test_a_link_dies_with_its_requesters_access(people, recruiter_a, api_as):
    url = _link(api_as(recruiter_a))
    recruiter_a.is_active = False
    recruiter_a.save(update_fields=["is_active"])
    response = _fetch(url)
    assert response.status_code == 403
    assert response.json()["code"] == "LINK_REVOKED"


def test_a_partner_key_gets_a_link_that_stops_when_the_key_is_revoked(people, org_a, admin_a):
    _, api_key, raw_key = api_keys.register_integration(
        organization=org_a, name="BHIV", scopes=["candidates:read"], created_by=admin_a
    )
    partner = APIClient()
    partner.credentials(HTTP_X_API_KEY=raw_key)
    url = _link(partner)
    assert len(_csv(_fetch(url))) == 3  # header and org A's two candidates

    api_keys.revoke_api_key(api_key=api_key, actor=admin_a)
    response = _fetch(url)
    assert response.status_code == 403
    assert response.json()["code"] == "LINK_REVOKED"


def test_the_metrics_report_comes_as_a_link_that_keeps_its_filters(people, admin_a, api_as):
    def report(**params):
        response = api_as(admin_a).get("/api/v1/analytics/report.csv", {"delivery": "link", **params})
        assert response.status_code == 200, response.content
        return _csv(_fetch(response.json()["export_url"]))

    everyone = report()
    assert everyone[0] == ["section", "label", "measure", "value"]
    assert ["total_candidates", "", "total_candidates", "2"] in everyone
    # Nobody applied to an Engineering job, so the department's report counts no candidates.
    assert ["total_candidates", "", "total_candidates", "0"] in report(department="Engineering")
    assert AuditEntry.objects.filter(action="analytics.report_exported", actor=admin_a).count() == 2


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"delivery": "email"}, "UNKNOWN_DELIVERY"),
        ({"delivery": "link", "format": "pdf"}, "UNKNOWN_FORMAT"),
        ({"delivery": "link", "experience_min": "a lot"}, "VALIDATION_ERROR"),
    ],
)
def test_a_bad_link_request_is_a_400_before_anything_is_signed(recruiter_a, api_as, params, code):
    response = api_as(recruiter_a).get(URL, params)
    assert response.status_code == 400
    assert response.json()["code"] == code
    assert "export_url" not in response.json()


def test_a_missing_signature_is_a_403_not_a_500(db):
    response = APIClient().get("/api/v1/exports/download")
    assert response.status_code == 403
    assert response.json()["code"] == "INVALID_SIGNATURE"
