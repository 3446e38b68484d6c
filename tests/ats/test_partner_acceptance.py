"""The partner's client, written to exactly the contract: httpx, X-API-Key, no redirects, any non-2xx fails."""

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from ats.services import api_keys
from recruiting.models import Candidate
from tests.factories import ApplicationFactory, InterviewFactory, JobFactory, ScorecardFactory


class PartnerClient:
    """What the ATS vendor ships: raises on any non-2xx, never follows redirects."""

    def __init__(self, base_url: str, api_key: str):
        self.http = httpx.Client(base_url=base_url, headers={"X-API-Key": api_key}, follow_redirects=False, timeout=10)

    def _ok(self, response: httpx.Response):
        response.raise_for_status()
        assert not response.is_redirect
        return response.json()

    def push_candidate(self, candidate: dict) -> dict:
        return self._ok(self.http.post("/api/ats/candidates/sync", json=candidate))

    def pull_candidates(self, *, page=1, page_size=50, updated_since: str | None = None) -> dict:
        params = {"page": page, "page_size": page_size}
        if updated_since:
            params["updated_since"] = updated_since
        return self._ok(self.http.get("/api/ats/candidates", params=params))

    def export_scorecards(self, **params) -> list:
        return self._ok(self.http.get("/api/ats/scorecards/export", params=params))

    def push_feedback(self, external_id: str, *, text: str, rating: int, reviewer: str, source: str) -> dict:
        return self._ok(
            self.http.post(
                "/api/ats/feedback/sync",
                params={"candidate_external_id": external_id},
                json={"text": text, "rating": rating, "reviewer": reviewer, "source": source},
            )
        )


@pytest.fixture
def live_partner(live_server, org_a, admin_a):
    _integration, _key, raw = api_keys.register_integration(organization=org_a, name="Greenhouse", created_by=admin_a)
    return PartnerClient(live_server.url, raw)


def test_partner_client_round_trip(live_server, live_partner, org_a, org_b, admin_b, manager_a):
    client = live_partner
    started = datetime.now(UTC) - timedelta(seconds=1)

    created = client.push_candidate(
        {
            "external_id": "gh-100",
            "first_name": "Katherine",
            "last_name": "Johnson",
            "email": "kj@example.com",
            "phone": "+1 757 555 0100",
            "resume_url": "https://cv.example.com/kj.pdf",
            "linkedin_url": "https://linkedin.com/in/kj",
            "skills": ["Fortran", "Numerical analysis"],
            "experience_years": 12,
            "education": [{"school": "West Virginia State", "degree": "BS Mathematics"}],
            "ats_data": {"pipeline": "research"},
        }
    )
    assert created["external_id"] == "gh-100" and created["skills"] == ["Fortran", "Numerical analysis"]
    again = client.push_candidate(
        {
            "external_id": "gh-100",
            "first_name": "Katherine",
            "last_name": "Johnson",
            "email": "kj@example.com",
            "experience_years": 13,
        }
    )
    assert again["id"] == created["id"]
    assert again["experience_years"] == 13 and again["phone"] == "+1 757 555 0100"
    client.push_candidate(
        {"external_id": "gh-101", "first_name": "Dorothy", "last_name": "Vaughan", "email": "kj@example.com"}
    )

    pulled = client.pull_candidates(updated_since=started.isoformat())
    assert pulled["total"] == 2 and pulled["page"] == 1 and pulled["page_size"] == 50
    assert {c["external_id"] for c in pulled["candidates"]} == {"gh-100", "gh-101"}
    assert all(isinstance(c["skills"], list) for c in pulled["candidates"])
    later = client.pull_candidates(
        updated_since=(datetime.now(UTC) + timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    )
    assert later["total"] == 0 and later["candidates"] == []

    candidate = Candidate.objects.get(pk=created["id"])
    interview = InterviewFactory(
        application=ApplicationFactory(job=JobFactory(organization=org_a), candidate=candidate)
    )
    ScorecardFactory(interview=interview, interviewer=manager_a, feedback="She seems sharp, a great culture fit.")
    [exported] = client.export_scorecards(
        candidate_external_id="gh-100", from_date=started.strftime("%Y-%m-%dT%H:%M:%S")
    )
    assert exported["feedback"] == "[Sentence withheld: it commented on coded 'culture fit' language.]"
    assert exported["bias_filtered"] is True
    assert set(exported["scores"]) == {"technical", "communication", "cultural_fit", "overall"}

    result = client.push_feedback(
        "gh-100", text="Young and energetic, but she has kids.", rating=4, reviewer="R. Hiring", source="greenhouse"
    )
    assert result["status"] == "success" and result["candidate_id"] == created["id"]
    assert result["bias_filtered"] is True
    assert "kids" not in result["text"] and "Young" not in result["text"]

    _i, _k, globex_key = api_keys.register_integration(organization=org_b, name="Lever", created_by=admin_b)
    outsider = PartnerClient(live_server.url, globex_key)
    assert outsider.pull_candidates()["total"] == 0
    assert outsider.export_scorecards() == []
    with pytest.raises(httpx.HTTPStatusError) as denied:
        outsider.push_feedback("gh-100", text="x", rating=1, reviewer="x", source="x")
    assert denied.value.response.status_code == 404


def test_contract_paths_never_redirect(live_server, live_partner):
    for path in ("/api/ats/candidates", "/api/ats/scorecards/export"):
        response = live_partner.http.get(path)
        assert response.status_code == 200, path
    with_slash = live_partner.http.get("/api/ats/candidates/")
    assert with_slash.status_code == 404
    assert with_slash.json()["code"] == "NOT_FOUND"
