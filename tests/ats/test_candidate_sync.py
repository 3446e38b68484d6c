"""POST /api/ats/candidates/sync and GET /api/ats/candidates: the ATS push and pull contract."""

from datetime import UTC, datetime, timedelta

from django.utils import timezone

from recruiting.models import Candidate, OutboxEvent

ADA = {
    "external_id": "gh-1",
    "first_name": "Ada",
    "last_name": "Lovelace",
    "email": "Ada@Example.com",
    "phone": "+44 20 7946 0000",
    "resume_url": "https://files.example.com/ada.pdf",
    "linkedin_url": "https://linkedin.com/in/ada",
    "skills": ["Python", " python ", "Django"],
    "experience_years": 7.5,
    "education": [{"school": "Cambridge", "degree": "BSc"}],
    "ats_data": {"stage": "phone screen"},
}


def test_push_creates_the_candidate_and_answers_201_with_every_field(acme_ats):
    response = acme_ats.client().post("/api/ats/candidates/sync", ADA, format="json")

    assert response.status_code == 201
    body = response.json()
    candidate = Candidate.objects.get(pk=body["id"])
    assert candidate.source == f"ats:{acme_ats.integration.pk}"
    assert candidate.skill_keys == ["python", "django"]
    assert body["skills"] == ["Python", "Django"]
    assert body["email"] == "ada@example.com"
    for field in (
        "external_id",
        "first_name",
        "last_name",
        "phone",
        "resume_url",
        "linkedin_url",
        "education",
        "ats_data",
    ):
        assert body[field] == ADA[field]
    assert body["experience_years"] == 7.5
    assert body["created_at"].endswith("Z") and body["updated_at"].endswith("Z")
    assert OutboxEvent.objects.filter(name="candidate.created", data__candidate_id=candidate.pk).exists()


def test_re_push_updates_only_the_fields_sent(acme_ats):
    client = acme_ats.client()
    first = client.post("/api/ats/candidates/sync", ADA, format="json").json()

    response = client.post(
        "/api/ats/candidates/sync",
        {
            "external_id": "gh-1",
            "first_name": "Ada",
            "last_name": "King",
            "email": "ada@example.com",
            "skills": ["Rust"],
        },
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert body["id"] == first["id"]
    assert body["last_name"] == "King"
    assert body["skills"] == ["Rust"]
    assert body["phone"] == ADA["phone"]
    assert body["education"] == ADA["education"]
    assert body["updated_at"] >= first["updated_at"]
    assert Candidate.objects.filter(external_id="gh-1").count() == 1
    assert Candidate.objects.get(pk=first["id"]).skill_keys == ["rust"]


def test_same_email_under_another_external_id_is_a_second_candidate(acme_ats):
    client = acme_ats.client()
    client.post("/api/ats/candidates/sync", ADA, format="json")

    response = client.post("/api/ats/candidates/sync", {**ADA, "external_id": "gh-2"}, format="json")

    assert response.status_code == 201
    assert Candidate.objects.filter(email="ada@example.com").count() == 2


def test_same_external_id_from_two_integrations_are_two_candidates(acme_ats, org_a, admin_a):
    from tests.ats.conftest import make_partner

    other = make_partner(org_a, admin_a, "Workday")
    acme_ats.client().post("/api/ats/candidates/sync", ADA, format="json")
    other.client().post("/api/ats/candidates/sync", ADA, format="json")

    assert Candidate.objects.for_org(org_a).filter(external_id="gh-1").count() == 2


def test_push_without_required_fields_is_400_with_field_errors_and_writes_nothing(acme_ats):
    response = acme_ats.client().post(
        "/api/ats/candidates/sync", {"first_name": "Ada", "email": "not-an-email", "skills": "Python"}, format="json"
    )

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "VALIDATION_ERROR"
    assert set(body["errors"]) == {"external_id", "last_name", "email", "skills"}
    assert not Candidate.objects.exists()


def _push(client, external_id, **extra):
    return client.post(
        "/api/ats/candidates/sync",
        {
            "external_id": external_id,
            "first_name": "C",
            "last_name": external_id,
            "email": f"{external_id}@x.test",
            **extra,
        },
        format="json",
    ).json()


def test_pull_pages_with_total_and_skills_always_a_list(acme_ats):
    client = acme_ats.client()
    for number in range(5):
        _push(client, f"c{number}")

    response = client.get("/api/ats/candidates?page=2&page_size=2")

    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 5
    assert body["page"] == 2 and body["page_size"] == 2
    assert [c["external_id"] for c in body["candidates"]] == ["c2", "c3"]
    assert all(isinstance(c["skills"], list) for c in body["candidates"])


def test_pull_caps_page_size_at_100(acme_ats):
    body = acme_ats.client().get("/api/ats/candidates?page_size=500").json()
    assert body["page_size"] == 100


def test_pull_returns_only_candidates_updated_since_inclusive(acme_ats):
    client = acme_ats.client()
    for number in range(3):
        _push(client, f"c{number}")
    moment = datetime(2026, 3, 1, 12, 0, 0, 250000, tzinfo=UTC)
    Candidate.objects.filter(external_id="c0").update(updated_at=moment - timedelta(seconds=1))
    Candidate.objects.filter(external_id="c1").update(updated_at=moment)
    Candidate.objects.filter(external_id="c2").update(updated_at=moment + timedelta(hours=1))

    for value in (
        "2026-03-01T12:00:00.250000",  # naive: UTC
        "2026-03-01T12:00:00.25Z",
        "2026-03-01T14:00:00.250+02:00",
        "2026-03-01T07:00:00.250000-05:00",
    ):
        body = client.get("/api/ats/candidates", {"updated_since": value}).json()
        assert [c["external_id"] for c in body["candidates"]] == ["c1", "c2"], value

    whole_seconds = client.get("/api/ats/candidates", {"updated_since": "2026-03-01T12:00:01Z"}).json()
    assert [c["external_id"] for c in whole_seconds["candidates"]] == ["c2"]


def test_pull_accepts_an_unencoded_plus_offset(acme_ats):
    client = acme_ats.client()
    _push(client, "c0")
    since = (timezone.now() - timedelta(minutes=5)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S")
    # httpx/requests users sometimes put '+' in the URL raw; it arrives as a space.
    response = client.get(f"/api/ats/candidates?updated_since={since}+00:00")
    assert response.status_code == 200
    assert response.json()["total"] == 1


def test_bad_updated_since_is_400_naming_the_parameter(acme_ats):
    response = acme_ats.client().get("/api/ats/candidates?updated_since=yesterday")

    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "VALIDATION_ERROR"
    assert "updated_since" in body["detail"]
    assert "updated_since" in body["errors"]


def test_bad_page_is_400_naming_the_parameter(acme_ats):
    response = acme_ats.client().get("/api/ats/candidates?page=zero")
    assert response.status_code == 400
    assert "page" in response.json()["errors"]
