"""Candidate CRUD, validation and the list filters."""

import pytest
from django.utils import timezone

from recruiting.models import Candidate
from tests.factories import CandidateFactory


def test_recruiter_creates_reads_updates_and_deletes_a_candidate(recruiter_a, api_as):
    client = api_as(recruiter_a)
    created = client.post(
        "/api/v1/candidates",
        {
            "first_name": "Grace",
            "last_name": "Hopper",
            "email": "grace@example.com",
            "phone": "+1 (555) 010-9999",
            "skills": ["COBOL", " cobol ", "Compilers"],
            "experience_years": 12.5,
            "linkedin_url": "https://www.linkedin.com/in/grace",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    candidate = created.json()
    assert candidate["skills"] == ["COBOL", "Compilers"]
    assert candidate["experience_years"] == 12.5
    url = f"/api/v1/candidates/{candidate['id']}"
    assert client.patch(url, {"location": "Arlington, VA"}, format="json").json()["location"] == "Arlington, VA"
    assert client.get(url).json()["email"] == "grace@example.com"
    assert client.delete(url).status_code == 204
    assert not Candidate.objects.exists()


def test_same_email_twice_is_allowed(recruiter_a, api_as):
    client = api_as(recruiter_a)
    payload = {"first_name": "A", "last_name": "B", "email": "same@example.com"}
    assert client.post("/api/v1/candidates", payload, format="json").status_code == 201
    assert client.post("/api/v1/candidates", payload, format="json").status_code == 201


def test_invalid_fields_are_reported_per_field_and_nothing_is_written(recruiter_a, api_as):
    response = api_as(recruiter_a).post(
        "/api/v1/candidates",
        {
            "first_name": "",
            "email": "not-an-email",
            "phone": "call me",
            "linkedin_url": "nope",
            "experience_years": 200,
            "skills": [1, {"a": 2}],
        },
        format="json",
    )
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert {"first_name", "last_name", "email", "phone", "linkedin_url", "experience_years", "skills"} <= set(errors)
    assert not Candidate.objects.exists()


def test_duplicate_external_id_for_the_same_source_is_rejected(recruiter_a, api_as):
    client = api_as(recruiter_a)
    payload = {
        "first_name": "A",
        "last_name": "B",
        "email": "a@example.com",
        "source": "greenhouse",
        "external_id": "42",
    }
    assert client.post("/api/v1/candidates", payload, format="json").status_code == 201
    response = client.post("/api/v1/candidates", payload, format="json")
    assert response.status_code == 400
    assert "external_id" in response.json()["errors"]


@pytest.fixture
def pool(org_a):
    return {
        "ada": CandidateFactory(
            organization=org_a,
            first_name="Ada",
            last_name="Lovelace",
            email="ada@engines.test",
            skills=["Python", "PostgreSQL"],
            location="London, UK",
            experience_years=3,
            source="referral",
        ),
        "alan": CandidateFactory(
            organization=org_a,
            first_name="Alan",
            last_name="Turing",
            email="alan@bletchley.test",
            skills=["python", "Cryptography"],
            location="Manchester, UK",
            experience_years=8,
            source="linkedin",
        ),
        "grace": CandidateFactory(
            organization=org_a,
            first_name="Grace",
            last_name="Hopper",
            email="grace@navy.test",
            skills=["COBOL"],
            location="New York, NY",
            experience_years=15,
            source="linkedin",
        ),
    }


def _names(client, query):
    response = client.get(f"/api/v1/candidates?{query}")
    assert response.status_code == 200, response.content
    return sorted(c["first_name"] for c in response.json()["results"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=ada", ["Ada"]),
        ("q=TURING", ["Alan"]),
        ("q=navy.test", ["Grace"]),
        ("q=ada lovelace", ["Ada"]),
        ("skills=PYTHON", ["Ada", "Alan"]),
        ("skills=postgresql,cryptography", ["Ada", "Alan"]),
        ("skills=python,postgresql&skills_match=all", ["Ada"]),
        ("skills=python,cobol&skills_match=all", []),
        ("location=uk", ["Ada", "Alan"]),
        ("experience_min=5", ["Alan", "Grace"]),
        ("experience_max=8", ["Ada", "Alan"]),
        ("experience_min=4&experience_max=10", ["Alan"]),
        ("source=linkedin", ["Alan", "Grace"]),
        ("source=linkedin&skills=python", ["Alan"]),
    ],
)
def test_candidate_filters_return_exactly_the_matching_rows(pool, recruiter_a, api_as, query, expected):
    assert _names(api_as(recruiter_a), query) == expected


def test_updated_since_is_inclusive(pool, recruiter_a, api_as):
    cutoff = timezone.now()
    Candidate.objects.filter(pk=pool["ada"].pk).update(updated_at=cutoff)
    Candidate.objects.filter(pk=pool["alan"].pk).update(updated_at=cutoff - timezone.timedelta(seconds=1))
    Candidate.objects.filter(pk=pool["grace"].pk).update(updated_at=cutoff + timezone.timedelta(hours=1))
    since = cutoff.isoformat().replace("+00:00", "Z")
    assert _names(api_as(recruiter_a), f"updated_since={since}") == ["Ada", "Grace"]


def test_bad_filter_value_is_a_validation_error(recruiter_a, api_as):
    response = api_as(recruiter_a).get("/api/v1/candidates?experience_min=lots&updated_since=yesterday")
    assert response.status_code == 400
    assert response.json()["code"] == "VALIDATION_ERROR"
    assert {"experience_min", "updated_since"} <= set(response.json()["errors"])


def test_pagination_has_count_links_and_a_capped_page_size(org_a, recruiter_a, api_as):
    for index in range(5):
        CandidateFactory(organization=org_a, first_name=f"P{index}")
    client = api_as(recruiter_a)
    first = client.get("/api/v1/candidates?page_size=2").json()
    assert first["count"] == 5
    assert len(first["results"]) == 2
    assert first["previous"] is None and "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert not {c["id"] for c in first["results"]} & {c["id"] for c in second["results"]}
    assert len(client.get("/api/v1/candidates?page_size=1000").json()["results"]) == 5
    assert client.get("/api/v1/candidates?page=99").status_code == 404
