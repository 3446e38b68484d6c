"""`q` on candidates: every word in the first name, last name or e-mail, any case, as typed.

The search reads `Candidate.search_text`, a column the database computes from the three fields, so
these tests also pin that every write path (the API, bulk intake's COPY, erasure) leaves it matching
what is stored, and that the column itself never leaves the platform.
"""

from __future__ import annotations

import pytest
from django.db import connection

from ats.services.candidate_upserts import upsert_candidates
from recruiting.lifecycle import erase_candidate
from recruiting.models import Candidate
from recruiting.selectors import search_candidates
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def found(client, q: str) -> list[str]:
    response = client.get("/api/v1/candidates", {"q": q, "page_size": 100})
    assert response.status_code == 200, response.content
    return sorted(row["email"] for row in response.json()["results"])


@pytest.fixture
def people(org_a):
    CandidateFactory(organization=org_a, first_name="Zoë", last_name="O'Brien", email="zoe.obrien@example.com")
    CandidateFactory(organization=org_a, first_name="Jürgen", last_name="Weiß", email="jw@beispiel.de")
    CandidateFactory(organization=org_a, first_name="Ana María", last_name="López", email="ana_lopez@example.es")
    CandidateFactory(organization=org_a, first_name="Percy", last_name="Hundred", email="100percent@example.com")
    CandidateFactory(organization=org_a, first_name="Ada", last_name="Lovelace", email="ada@analytical.example")


@pytest.mark.parametrize(
    ("q", "emails"),
    [
        ("zoë", ["zoe.obrien@example.com"]),  # an accent, typed in lower case
        ("o'brien", ["zoe.obrien@example.com"]),  # an apostrophe
        ("weiß", ["jw@beispiel.de"]),  # ß upper-cases the same on both sides (the database's upper)
        ("ana maría", ["ana_lopez@example.es"]),  # a two-word first name
        ("ada LOVELACE", ["ada@analytical.example"]),  # first and last name together, any case
        ("lovelace analytical", ["ada@analytical.example"]),  # last name and e-mail together
        ("ada turing", []),  # every word must match
        ("a_l", ["ana_lopez@example.es"]),  # LIKE's _ matches only itself...
        ("100%", []),  # ...and % too: "100%" is not "100" followed by anything ("100percent@")
        ("100", ["100percent@example.com"]),
        ("%", []),
    ],
)
def test_q_finds_candidates_by_every_word_in_name_or_email(people, admin_a, api_as, q, emails):
    assert found(api_as(admin_a), q) == emails


def test_a_word_does_not_match_across_two_fields(org_a, admin_a, api_as):
    # "Ann" + "Ebert": the joined text must not let "nneb" match where first and last name meet.
    CandidateFactory(organization=org_a, first_name="Ann", last_name="Ebert", email="a.e@example.com")

    assert found(api_as(admin_a), "nneb") == []
    assert found(api_as(admin_a), "ann ebert") == ["a.e@example.com"]


def test_a_renamed_candidate_is_found_by_the_new_name_only(org_a, admin_a, api_as):
    client = api_as(admin_a)
    candidate = CandidateFactory(organization=org_a, first_name="Maria", last_name="Schmidt", email="m@example.com")

    response = client.patch(f"/api/v1/candidates/{candidate.pk}", {"last_name": "Müller-Lüdenscheidt"}, format="json")

    assert response.status_code == 200, response.content
    assert found(client, "müller") == ["m@example.com"]
    assert found(client, "schmidt") == []


def test_bulk_intake_keeps_the_search_in_step_with_inserted_and_updated_rows(org_a, admin_a, api_as):
    # On PostgreSQL this is the COPY path: new rows COPY-ed in, changed rows UPDATE-d from a staging table.
    rows = [
        {"external_id": "x1", "first_name": "Siobhán", "last_name": "Ní Bhriain", "email": "siobhan@example.ie"},
        {"external_id": "x2", "first_name": "Łukasz", "last_name": "Wróbel", "email": "lukasz@example.pl"},
    ]
    upsert_candidates(organization=org_a, source="ats:test", rows=rows)
    rows[1] = {**rows[1], "last_name": "Nowak", "email": "l.nowak@example.pl"}
    upsert_candidates(organization=org_a, source="ats:test", rows=rows)

    client = api_as(admin_a)
    assert found(client, "ní bhriain") == ["siobhan@example.ie"]
    # Capital Ł as typed: SQLite's upper() folds ASCII letters only (PostgreSQL's folds ł too).
    assert found(client, "Łukasz nowak") == ["l.nowak@example.pl"]
    assert found(client, "wróbel") == []


def test_an_erased_candidate_is_no_longer_found_by_name_or_email(org_a, admin_a, api_as):
    candidate = CandidateFactory(organization=org_a, first_name="Dörte", last_name="Brandt", email="doerte@example.de")

    erase_candidate(candidate=candidate, actor=admin_a)

    assert found(api_as(admin_a), "dörte") == []
    assert found(api_as(admin_a), "doerte@example.de") == []


def test_the_search_column_never_leaves_the_platform(org_a, admin_a, api_as):
    candidate = CandidateFactory(organization=org_a, first_name="Grace", last_name="Hopper", email="grace@navy.test")
    client = api_as(admin_a)

    listed = client.get("/api/v1/candidates").json()["results"][0]
    detail = client.get(f"/api/v1/candidates/{candidate.pk}").json()

    assert "search_text" not in listed
    assert "search_text" not in detail
    assert "GRACE" not in str(detail)


def test_users_are_still_searched_by_their_own_fields(org_a, admin_a):
    from recruiting.models import User

    assert list(search_candidates(User.objects.filter(organization=org_a), admin_a.email.upper())) == [admin_a]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN of PostgreSQL's plan")
def test_q_is_one_like_per_word_on_the_stored_column(org_a):
    CandidateFactory.create_batch(3, organization=org_a)
    query = search_candidates(Candidate.objects.for_org(org_a), "ada lovelace").order_by("-created_at", "-id")[:51]

    plan = query.explain()

    assert "search_text ~~ '%ADA%'" in plan
    assert "search_text ~~ '%LOVELACE%'" in plan
    assert "first_name" not in plan
    assert "email" not in plan


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_the_planner_keeps_a_histogram_of_search_texts_fine_enough_to_estimate_a_surnames_share():
    # Every search text is distinct (it holds the e-mail), so the planner estimates `LIKE '%WORD%'`
    # from the histogram alone: with the default 100 entries a surname two in a hundred candidates
    # carry was estimated at 10 of 100,000 and searched the slow way (migration 0023).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstattarget FROM pg_attribute "
            "WHERE attrelid = 'recruiting_candidate'::regclass AND attname = 'search_text'"
        )
        assert cursor.fetchone() == (1000,)
