"""A list's total never costs a scan of the organization: exact up to a limit, estimated past it,
or left out when the client says `count=false`; `next` never depends on the total."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CandidateFactory, JobFactory

pytestmark = pytest.mark.django_db


def counting_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"].upper()]


def test_a_small_list_has_its_exact_count(admin_a, api_as, org_a):
    CandidateFactory.create_batch(7, organization=org_a)

    body = api_as(admin_a).get("/api/v1/candidates", {"page_size": 5}).json()

    assert body["count"] == 7
    assert body["count_is_estimate"] is False
    assert len(body["results"]) == 5
    assert body["next"] is not None


def test_a_list_that_fits_on_its_first_page_is_counted_by_its_rows_without_a_query(admin_a, api_as, org_a, monkeypatch):
    from recruiting.api import pagination

    counted = []
    monkeypatch.setattr(pagination, "cheap_count", lambda queryset: counted.append(1) or (4, False))
    JobFactory.create_batch(3, organization=org_a)
    JobFactory(organization=org_a, title="Ingénieure d'exploitation")
    client = api_as(admin_a)

    whole = client.get("/api/v1/jobs", {"page_size": 50}).json()
    assert counted == []
    first_of_two = client.get("/api/v1/jobs", {"page_size": 3}).json()

    assert (whole["count"], whole["count_is_estimate"], len(whole["results"])) == (4, False, 4)
    assert (first_of_two["count"], len(first_of_two["results"])) == (4, 3)
    assert counted == [1], "a list longer than its page is counted"


def test_a_large_list_answers_the_planner_estimate_and_plans_it_once_a_minute(admin_a, api_as, org_a, monkeypatch):
    from recruiting import counting

    asked = []
    monkeypatch.setattr(counting, "planner_estimate", lambda queryset: asked.append(1) or 123_456)
    CandidateFactory.create_batch(3, organization=org_a)
    client = api_as(admin_a)

    with CaptureQueriesContext(connection) as captured:
        first = client.get("/api/v1/candidates", {"page_size": 2}).json()
    second = client.get("/api/v1/candidates", {"page_size": 2, "page": 2}).json()
    by_skill = client.get("/api/v1/candidates", {"page_size": 2, "skills": "python"}).json()

    assert (first["count"], first["count_is_estimate"]) == (123_456, True)
    assert (second["count"], second["count_is_estimate"]) == (123_456, True)
    assert counting_queries(captured) == []
    assert len(asked) == 2, "the same filters are planned once; other filters have their own estimate"
    assert by_skill["count_is_estimate"] is True


def test_when_the_planner_underestimates_the_count_stops_at_limit_plus_one(
    admin_a, api_as, org_a, settings, monkeypatch
):
    from recruiting import counting

    settings.API_EXACT_COUNT_LIMIT = 3
    monkeypatch.setattr(counting, "planner_estimate", lambda queryset: 2)
    CandidateFactory.create_batch(6, organization=org_a)

    with CaptureQueriesContext(connection) as captured:
        body = api_as(admin_a).get("/api/v1/candidates", {"page_size": 2}).json()

    assert any("LIMIT 4" in sql for sql in counting_queries(captured)), counting_queries(captured)
    assert (body["count"], body["count_is_estimate"]) == (6, False)


def test_a_count_past_the_limit_is_kept_as_the_lists_estimate_for_the_minute(
    admin_a, api_as, org_a, settings, monkeypatch
):
    # A search the planner guesses small ("o'brien": it cannot know a substring's share) but that
    # matches more than the limit is counted once; the next requests answer that count as an estimate.
    from recruiting import counting

    settings.API_EXACT_COUNT_LIMIT = 3
    monkeypatch.setattr(counting, "planner_estimate", lambda queryset: 2)
    CandidateFactory.create_batch(6, organization=org_a, last_name="O'Brien")
    client = api_as(admin_a)

    first = client.get("/api/v1/candidates", {"page_size": 2, "q": "o'brien"}).json()
    with CaptureQueriesContext(connection) as captured:
        again = client.get("/api/v1/candidates", {"page_size": 2, "q": "o'brien", "page": 2}).json()

    assert (first["count"], first["count_is_estimate"]) == (6, False)
    assert (again["count"], again["count_is_estimate"]) == (6, True)
    assert counting_queries(captured) == []


def test_a_counted_total_past_the_recount_limit_is_exact_then_the_minutes_estimate(
    admin_a, api_as, org_a, settings, monkeypatch
):
    # Counting reads every matching row: a busy filtered list of a few hundred (a skill in a city) is
    # counted once a minute, and the requests after the first say their total is an estimate.
    from recruiting import counting

    settings.API_RECOUNT_LIMIT = 3
    monkeypatch.setattr(counting, "planner_estimate", lambda queryset: 4)
    CandidateFactory.create_batch(5, organization=org_a, location="São Paulo, Brazil", skills=["Python"])
    CandidateFactory.create_batch(2, organization=org_a, location="Zürich", skills=["Python"])
    client = api_as(admin_a)
    in_sao_paulo = {"page_size": 2, "location": "são paulo", "skills": "python"}

    first = client.get("/api/v1/candidates", in_sao_paulo).json()
    CandidateFactory(organization=org_a, location="Sao Paulo e São Paulo", skills=["python"])
    with CaptureQueriesContext(connection) as captured:
        again = client.get("/api/v1/candidates", {**in_sao_paulo, "page": 2}).json()
    in_zurich = client.get("/api/v1/candidates", {"page_size": 1, "location": "zürich"}).json()
    in_zurich_again = client.get("/api/v1/candidates", {"page_size": 1, "location": "zürich"}).json()

    assert (first["count"], first["count_is_estimate"]) == (5, False)
    assert (again["count"], again["count_is_estimate"]) == (5, True), "the minute's count, marked an estimate"
    assert counting_queries(captured) == []
    assert [(body["count"], body["count_is_estimate"]) for body in (in_zurich, in_zurich_again)] == [(2, False)] * 2, (
        "a total within the recount limit is counted on every request"
    )


def test_without_a_planner_estimate_sqlite_counts_exactly(admin_a, api_as, org_a, settings, monkeypatch):
    from recruiting import counting

    settings.API_EXACT_COUNT_LIMIT = 3
    monkeypatch.setattr(counting, "planner_estimate", lambda queryset: None)
    CandidateFactory.create_batch(6, organization=org_a)

    body = api_as(admin_a).get("/api/v1/candidates", {"page_size": 2}).json()

    assert (body["count"], body["count_is_estimate"]) == (6, False)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner estimate is PostgreSQL's")
def test_the_planner_estimate_is_read_from_postgresql(org_a):
    from recruiting import counting
    from recruiting.models import Candidate

    CandidateFactory.create_batch(3, organization=org_a)

    assert isinstance(counting.planner_estimate(Candidate.objects.for_org(org_a)), int)


def test_count_false_leaves_the_total_out_and_runs_no_count(admin_a, api_as, org_a):
    CandidateFactory.create_batch(3, organization=org_a)

    with CaptureQueriesContext(connection) as captured:
        body = api_as(admin_a).get("/api/v1/candidates", {"page_size": 2, "count": "false"}).json()

    assert body["count"] is None
    assert counting_queries(captured) == []
    assert body["next"] is not None
    last = api_as(admin_a).get("/api/v1/candidates", {"page_size": 2, "page": 2, "count": "false"}).json()
    assert len(last["results"]) == 1
    assert last["next"] is None


def test_a_page_past_the_end_is_a_json_404(admin_a, api_as, org_a):
    CandidateFactory.create_batch(2, organization=org_a)

    response = api_as(admin_a).get("/api/v1/candidates", {"page_size": 2, "page": 2})

    assert response.status_code == 404
    assert response.json()["code"] == "NOT_FOUND"


def test_an_empty_list_is_page_one_with_nothing_in_it(admin_a, api_as):
    body = api_as(admin_a).get("/api/v1/candidates").json()

    assert (body["count"], body["next"], body["results"]) == (0, None, [])


def test_a_deep_page_skips_over_keys_alone_and_reads_the_same_rows(admin_a, api_as, org_a, monkeypatch):
    from recruiting.api import pagination

    CandidateFactory.create_batch(12, organization=org_a)
    client = api_as(admin_a)
    shallow = client.get("/api/v1/candidates", {"page_size": 5, "page": 2}).json()["results"]
    monkeypatch.setattr(pagination, "DEFERRED_JOIN_FROM", 5)
    with CaptureQueriesContext(connection) as captured:
        deep = client.get("/api/v1/candidates", {"page_size": 5, "page": 2}).json()["results"]

    assert [row["id"] for row in deep] == [row["id"] for row in shallow]
    assert deep == shallow
    skipping = [
        q["sql"]
        for q in captured.captured_queries
        if "OFFSET" in q["sql"] and ' FROM "recruiting_candidate" ' in q["sql"]
    ]
    assert len(skipping) == 1 and "first_name" not in skipping[0].split(" FROM ")[0]


def test_with_redis_down_a_large_list_still_answers_and_plans_each_time(admin_a, api_as, org_a, settings, monkeypatch):
    from recruiting import counting
    from tests.recruiting.test_login_throttling import CLOSED_REDIS

    settings.CACHES = CLOSED_REDIS  # nothing listens there: every cache call is refused
    asked = []
    monkeypatch.setattr(counting, "planner_estimate", lambda queryset: asked.append(1) or 123_456)
    CandidateFactory.create_batch(3, organization=org_a, first_name="Zoë", last_name="O'Neill")
    client = api_as(admin_a)

    answers = [client.get("/api/v1/candidates", {"page_size": 2}) for _ in range(2)]

    assert [response.status_code for response in answers] == [200, 200]
    assert [(a.json()["count"], a.json()["count_is_estimate"]) for a in answers] == [(123_456, True)] * 2
    assert len(asked) == 2, "nothing is remembered while the cache is down: the planner is asked each time"


def test_a_worker_reads_a_remembered_estimate_from_redis_once_within_seconds(admin_a, api_as, org_a, monkeypatch):
    from recruiting import counting, shared_cache

    monkeypatch.setattr(counting, "planner_estimate", lambda queryset: 123_456)
    reads = []
    read = shared_cache.get
    monkeypatch.setattr(shared_cache, "get", lambda key: reads.append(key) or read(key))
    CandidateFactory.create_batch(3, organization=org_a, first_name="Zoë", last_name="O'Neill", location="Köln")
    client = api_as(admin_a)

    answers = [client.get("/api/v1/candidates", {"page_size": 2, "location": "köln"}).json() for _ in range(3)]

    assert [(a["count"], a["count_is_estimate"]) for a in answers] == [(123_456, True)] * 3
    assert len([key for key in reads if key.startswith("count-estimate:")]) == 1


def test_a_worker_asks_redis_again_once_its_own_copy_is_seconds_old(admin_a, api_as, org_a, monkeypatch):
    from recruiting import counting, shared_cache

    monkeypatch.setattr(counting, "planner_estimate", lambda queryset: 123_456)
    client = api_as(admin_a)
    CandidateFactory.create_batch(2, organization=org_a)
    client.get("/api/v1/candidates", {"page_size": 1})
    now = counting.time.monotonic()
    # Another worker re-planned the list: Redis holds a newer estimate than this worker's copy.
    key = next(key for key in counting._local_estimates)
    shared_cache.set(key, 98_765, 60)
    monkeypatch.setattr(counting.time, "monotonic", lambda: now + counting.LOCAL_ESTIMATE_SECONDS + 0.1)

    assert client.get("/api/v1/candidates", {"page_size": 1}).json()["count"] == 98_765
