"""`GET /api/ats/candidates` pages are index seeks: a partner walking page numbers (the seed
contract) or following `next_cursor` reads every candidate once, in change order, and a page it
reaches by walking starts where the previous one ended instead of counting rows from the start."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recruiting import services
from tests.ats.conftest import acme_ats  # noqa: F401 - the partner fixture
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ten_candidates(org_a):
    return [CandidateFactory(organization=org_a, first_name=name) for name in "ABCDEFGHIJ"]


def pull(client, **params) -> tuple[dict, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/ats/candidates", params)
    assert response.status_code == 200, response.content
    return response.json(), [q["sql"] for q in captured.captured_queries if "recruiting_candidate" in q["sql"]]


def test_walking_page_numbers_reads_every_candidate_once_in_change_order(acme_ats, ten_candidates):  # noqa: F811
    client = acme_ats.client()
    seen, page = [], 1
    while True:
        body, _ = pull(client, page=page, page_size=3)
        if not body["candidates"]:
            break
        seen += [row["id"] for row in body["candidates"]]
        page += 1

    assert seen == [candidate.pk for candidate in ten_candidates]
    assert body["total"] == 10 and body["total_is_estimate"] is False


def test_the_next_page_number_seeks_from_where_the_last_page_ended(acme_ats, ten_candidates):  # noqa: F811
    client = acme_ats.client()
    pull(client, page=1, page_size=3)

    body, queries = pull(client, page=2, page_size=3)

    assert [row["first_name"] for row in body["candidates"]] == ["D", "E", "F"]
    assert not any("OFFSET" in sql for sql in queries), queries


def test_a_page_not_walked_to_skips_over_the_index_alone(acme_ats, ten_candidates):  # noqa: F811
    body, queries = pull(acme_ats.client(), page=3, page_size=3)

    assert [row["first_name"] for row in body["candidates"]] == ["G", "H", "I"]
    skipping = [sql for sql in queries if "OFFSET" in sql]
    assert len(skipping) == 1
    selected = skipping[0].split(" FROM ")[0]
    assert "first_name" not in selected and '"updated_at"' in selected and '"id"' in selected


def test_a_page_not_walked_to_skips_once_and_seeks_when_asked_again(acme_ats, ten_candidates):  # noqa: F811
    client = acme_ats.client()
    first, _ = pull(client, page=3, page_size=3)

    again, queries = pull(client, page=3, page_size=3)

    assert again["candidates"] == first["candidates"]
    assert not any("OFFSET" in sql for sql in queries), queries


def test_following_next_cursor_reads_every_candidate_once(acme_ats, ten_candidates):  # noqa: F811
    client = acme_ats.client()
    seen, params = [], {"page_size": 4}
    while True:
        body, queries = pull(client, **params)
        seen += [row["first_name"] for row in body["candidates"]]
        assert not any("OFFSET" in sql for sql in queries)
        if body["next_cursor"] is None:
            break
        params = {"page_size": 4, "cursor": body["next_cursor"]}

    assert seen == list("ABCDEFGHIJ")


def test_a_candidate_changed_mid_walk_is_not_skipped(acme_ats, ten_candidates):  # noqa: F811
    client = acme_ats.client()
    first, _ = pull(client, page=1, page_size=3)
    services.update_candidate(candidate=ten_candidates[0], location="Zürich, Switzerland")

    rest, page = [], 2
    while True:
        body, _ = pull(client, page=page, page_size=3)
        if not body["candidates"]:
            break
        rest += [row["first_name"] for row in body["candidates"]]
        page += 1

    assert [row["first_name"] for row in first["candidates"]] + rest == list("ABCDEFGHIJ") + ["A"]


@pytest.mark.parametrize("cursor", ["not-a-cursor", "%%%", "MjAyNnw=", "Zm9vfGJhcg"])
def test_a_cursor_the_api_did_not_give_out_is_a_400(acme_ats, cursor):  # noqa: F811
    response = acme_ats.client().get("/api/ats/candidates", {"cursor": cursor})

    assert response.status_code == 400
    assert response.json()["code"] == "INVALID_CURSOR"


def test_with_redis_down_walking_page_numbers_still_reads_every_candidate_once(
    acme_ats,  # noqa: F811 - the partner fixture
    ten_candidates,
    settings,
):
    from tests.recruiting.test_login_throttling import CLOSED_REDIS

    settings.CACHES = CLOSED_REDIS  # no page start is remembered: each page seeks over the index
    client = acme_ats.client()

    pages = [pull(client, page=page, page_size=4)[0]["candidates"] for page in (1, 2, 3)]

    assert [row["id"] for page in pages for row in page] == [candidate.pk for candidate in ten_candidates]


@pytest.fixture
def one_bulk_intake(org_a):
    """Candidates a bulk intake wrote in one statement: one `updated_at` for all of them."""
    from datetime import UTC, datetime

    from recruiting.models import Candidate

    names = ["Zoë", "Ana-María", "Seán", "Ngọc", "Björn", "Åsa", "D'Arcy", "Émile", "Oluwaseun"]
    made = [CandidateFactory(organization=org_a, first_name=name) for name in names]
    Candidate.objects.filter(pk__in=[c.pk for c in made]).update(updated_at=datetime(2026, 3, 1, 9, 30, tzinfo=UTC))
    return made


def test_pages_inside_rows_changed_at_the_same_moment_seek_to_where_they_start(acme_ats, one_bulk_intake):  # noqa: F811
    client = acme_ats.client()
    by_number = [pull(client, page=page, page_size=2) for page in (1, 2, 3, 4, 5)]
    by_cursor, params = [], {"page_size": 2}
    while True:
        body, _ = pull(client, **params)
        by_cursor += [row["id"] for row in body["candidates"]]
        if body["next_cursor"] is None:
            break
        params = {"page_size": 2, "cursor": body["next_cursor"]}

    everyone = [candidate.pk for candidate in one_bulk_intake]
    assert [row["id"] for body, _ in by_number for row in body["candidates"]] == everyone
    assert by_cursor == everyone
    if connection.vendor != "postgresql":
        return  # SQLite reads the same rows through Django's equivalent OR form
    # The page's start is one row comparison the (organization, updated_at, id) index seeks to, not a
    # seek to the moment and a filter over the rows of that moment before it.
    page_reads = [sql for sql in by_number[2][1] if "LIMIT" in sql and "OFFSET" not in sql]
    assert any('("recruiting_candidate"."updated_at", "recruiting_candidate"."id") >' in sql for sql in page_reads)
