"""On PostgreSQL the candidate list, the job list and the partner pull have the database render each row's JSON;
elsewhere Python shapes the rows. A client must not be able to tell which answered: for the same
candidates both write the same keys in the same order, the same strings, and numbers and times in
the same form (`5.0` not `5`, `...:00Z` not `...:00+00:00`, microseconds only when there are some)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest
from django.db import connection
from django.db.models import JSONField, Value
from django.test.utils import CaptureQueriesContext
from django.utils import timezone as django_timezone

from ats import selectors
from recruiting import duplicates, json_rows
from recruiting.json_rows import renders_in_database
from recruiting.models import Candidate, Job
from tests.ats.conftest import acme_ats  # noqa: F401 - the partner fixture
from tests.factories import CandidateFactory, JobFactory
from tests.realistic import save_candidates

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the database renders rows on PostgreSQL only"),
]

SAO_PAULO = timezone(timedelta(hours=-3))
# Times with and without microseconds, microseconds with trailing zeros, one written in another zone.
TIMES = [
    datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
    datetime(2026, 3, 1, 9, 30, 0, 100, tzinfo=UTC),
    datetime(2026, 7, 14, 23, 59, 59, 999999, tzinfo=SAO_PAULO),
    datetime(1999, 12, 31, 23, 0, 0, 120000, tzinfo=UTC),
]


@pytest.fixture
def awkward_candidates(org_a):
    """Realistic partner rows, plus every form a value can take that the two renderings could write apart."""
    made = save_candidates(org_a)
    made += [
        CandidateFactory(
            organization=org_a,
            first_name="Ngọc 🌸",
            last_name="",
            phone="",
            location="",
            experience_years=None,
            skills=[],
            ats_data={
                "notes": 'Said "sí" twice\nthen left\ta tab, a backslash \\ and a line separator \u2028 here',
                "control": "bell\x07 unit\x1f del\x7f",
                "score": 1.5,
                "rank": 3,
                "nested": {"zeta": [1, 2.25, None, True], "alpha": {}},
            },
            education=[{"school": "Université de Montréal", "degree": "M.Sc.", "year": 2019}],
        ),
        CandidateFactory(organization=org_a, first_name="Seán", last_name="Ó Briain", experience_years=0),
        CandidateFactory(organization=org_a, first_name="Wei", last_name="Zhang 张伟", experience_years=0.1),
        CandidateFactory(organization=org_a, first_name="Olu", last_name="Adébáyọ̀", experience_years=4.25),
        CandidateFactory(organization=org_a, first_name="Kim", last_name="Lee", experience_years=70),
    ]
    twin = CandidateFactory(organization=org_a, email=made[0].email, experience_years=12.333333333333334)
    duplicates.flag_possible_duplicates_in(Candidate.objects.filter(pk=twin.pk))
    made.append(twin)
    for index, candidate in enumerate(made):
        Candidate.objects.filter(pk=candidate.pk).update(
            created_at=TIMES[index % len(TIMES)], updated_at=TIMES[(index + 1) % len(TIMES)]
        )
    # A JSON null where a list or an object is kept (older rows, raw imports) reads as empty.
    json_null = Value(None, JSONField())
    Candidate.objects.filter(pk=made[-2].pk).update(ats_data=json_null, education=json_null, skills=json_null)
    return made


def exact(response) -> list:
    """The body as parsed JSON that still tells `5` from `5.0` and keeps every object's key order."""
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return json.loads(
        response.content,
        parse_float=lambda text: ("float", text),
        parse_int=lambda text: ("int", text),
        object_pairs_hook=list,
    )


def python_rendering(monkeypatch):
    monkeypatch.setattr(json_rows, "renders_in_database", lambda *args, **kwargs: False)
    monkeypatch.setattr(selectors, "renders_in_database", lambda *args, **kwargs: False)


def test_the_candidate_list_reads_the_same_rendered_by_postgresql_or_by_python(
    admin_a, api_as, awkward_candidates, monkeypatch
):
    client = api_as(admin_a)
    by_database = client.get("/api/v1/candidates", {"page_size": 100})
    python_rendering(monkeypatch)
    by_python = client.get("/api/v1/candidates", {"page_size": 100})

    assert exact(by_database) == exact(by_python)
    results = by_database.json()["results"]
    assert len(results) == len(awkward_candidates)
    assert '"experience_years":70.0' in by_database.content.decode()
    assert '"created_at":"2026-03-01T09:30:00Z"' in by_database.content.decode()
    assert '"created_at":"2026-03-01T09:30:00.000100Z"' in by_database.content.decode()
    assert "\\u2028" in by_database.content.decode()


def test_the_partner_pull_reads_the_same_rendered_by_postgresql_or_by_python(
    acme_ats,  # noqa: F811
    awkward_candidates,
    monkeypatch,
):
    client = acme_ats.client()
    first = {"page_size": 5}
    by_database = [client.get("/api/ats/candidates", first), client.get("/api/ats/candidates", {**first, "page": 2})]
    python_rendering(monkeypatch)
    by_python = [client.get("/api/ats/candidates", first), client.get("/api/ats/candidates", {**first, "page": 2})]

    assert [exact(response) for response in by_database] == [exact(response) for response in by_python]
    assert by_database[0].json()["next_cursor"] == by_python[0].json()["next_cursor"] is not None
    assert '"updated_at":"2026-07-15T02:59:59.999999Z"' in "".join(r.content.decode() for r in by_database)


@pytest.fixture
def awkward_jobs(org_a, admin_a, recruiter_a, manager_a):
    """Jobs as recruiters write them, and every form a job's value can take that the renderings could write apart."""
    made = [
        # A whole team, listed by e-mail (admin, manager, recruiter), not by id or by insertion.
        JobFactory(
            organization=org_a,
            title="Développeur·se Back-end (Montréal) – l'équipe « Paie »",
            department='R&D "Plateforme"',
            location="Montréal, QC",
            description="Vous rejoindrez l'équipe d'Élodie.\nOn parle \"français\" & English\ta tab \u2028 and a line separator.",
            hiring_team=[recruiter_a, manager_a, admin_a],
            salary_min=72500,
            salary_max=98000,
            salary_currency="CAD",
            required_skills=["Python", "Django", "PostgreSQL"],
            nice_to_have_skills=["Élasticsearch"],
            external_id="JOB-Ø-17",
            source="Workday",
            remote_policy=Job.RemotePolicy.HYBRID,
        ),
        # Empty optionals: no team, no salary, no skills, no department or location.
        JobFactory(
            organization=org_a,
            title="O'Reilly's Data Engineer",
            department="",
            location="",
            description="",
            hiring_team=[],
            salary_min=None,
            salary_max=None,
            required_skills=[],
            nice_to_have_skills=[],
            status=Job.Status.DRAFT,
            remote_policy=Job.RemotePolicy.REMOTE,
        ),
        JobFactory(
            organization=org_a,
            title="Data Engineer (Zürich) 数据工程师 🚀",
            hiring_team=[manager_a],
            salary_min=0,
            salary_max=120000,
            salary_currency="CHF",
            status=Job.Status.CLOSED,
        ),
        JobFactory(organization=org_a, title="Kim's 'Lead' Recruiter", hiring_team=[admin_a], salary_min=95000),
    ]
    for index, job in enumerate(made):
        Job.objects.filter(pk=job.pk).update(created_at=TIMES[index], updated_at=TIMES[(index + 1) % len(TIMES)])
    # A JSON null where a skill list is kept (older rows, raw imports) reads as empty.
    json_null = Value(None, JSONField())
    Job.objects.filter(pk=made[-1].pk).update(required_skills=json_null, nice_to_have_skills=json_null)
    return made


def test_the_job_list_reads_the_same_rendered_by_postgresql_or_by_python(
    admin_a, recruiter_a, manager_a, api_as, awkward_jobs, monkeypatch
):
    client = api_as(admin_a)
    by_database = client.get("/api/v1/jobs", {"page_size": 100})
    python_rendering(monkeypatch)
    by_python = client.get("/api/v1/jobs", {"page_size": 100})

    assert exact(by_database) == exact(by_python)
    rows = {row["id"]: row for row in by_database.json()["results"]}
    assert len(rows) == len(awkward_jobs)
    assert rows[awkward_jobs[0].pk]["hiring_team"] == [admin_a.pk, manager_a.pk, recruiter_a.pk]
    assert rows[awkward_jobs[1].pk]["hiring_team"] == []
    assert (rows[awkward_jobs[1].pk]["salary_min"], rows[awkward_jobs[3].pk]["required_skills"]) == (None, [])
    text = by_database.content.decode()
    assert '"required_skills":["Python", "Django", "PostgreSQL"]' in text, "rendered by PostgreSQL (jsonb's spacing)"
    assert f'"hiring_team":[{admin_a.pk},{manager_a.pk},{recruiter_a.pk}]' in text
    assert '"created_at":"2026-03-01T09:30:00.000100Z"' in text
    assert '"updated_at":"2026-07-15T02:59:59.999999Z"' in text
    assert "\\u2028" in text


def test_local_times_are_rendered_by_python_unless_the_current_zone_is_utc():
    assert renders_in_database("default", local_times=True)
    with django_timezone.override("Europe/Berlin"):
        assert not renders_in_database("default", local_times=True)
        assert renders_in_database("default")


def test_the_total_is_planned_on_ids_not_on_the_rendered_rows(admin_a, api_as, org_a):
    CandidateFactory.create_batch(3, organization=org_a)
    with CaptureQueriesContext(connection) as captured:
        response = api_as(admin_a).get("/api/v1/candidates", {"page_size": 2})

    assert response.json()["count"] == 3
    counting = [
        query["sql"] for query in captured.captured_queries if "COUNT(" in query["sql"] or "EXPLAIN" in query["sql"]
    ]
    assert counting
    assert not any("to_char" in sql for sql in counting)
