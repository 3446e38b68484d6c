"""`GET /api/v1/candidates/` deep pages start where they were remembered to start (a seek of the
index) while no candidate has come or gone since, and hold exactly what `OFFSET` gives either way."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Sum
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from recruiting.models import Candidate, CandidateListChange
from recruiting.page_starts import FOLD_CHANGES_OVER, fold_changes, list_version
from tests.factories import CandidateFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the list version's triggers are PostgreSQL's"),
]


@pytest.fixture
def deep_from_page_2(monkeypatch):
    """Pages from the second on (at 3 a page) are deep pages, as page 21 on is at 50 a page."""
    from recruiting.api import pagination

    monkeypatch.setattr(pagination, "DEFERRED_JOIN_FROM", 3)


@pytest.fixture
def twelve(org_a):
    return [
        CandidateFactory(organization=org_a, first_name=name, last_name="O'Neill", location="Zürich, Switzerland")
        for name in [
            "Zoë",
            "Åsa",
            "Chloé",
            "Dara",
            "Éamon",
            "Fiona",
            "Gráinne",
            "Hana",
            "Ines",
            "Jürgen",
            "Kofi",
            "Léa",
        ]
    ]


def page(client, number: int, **params) -> tuple[list[str], list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/candidates", {"page_size": 3, "page": number, **params})
    assert response.status_code == 200, response.content
    names = [row["first_name"] for row in response.json()["results"]]
    return names, [q["sql"] for q in captured.captured_queries if "recruiting_candidate" in q["sql"]]


def offset_page(number: int, organization) -> list[str]:
    newest_first = Candidate.objects.filter(organization=organization).order_by("-created_at", "-id")
    return list(newest_first.values_list("first_name", flat=True)[(number - 1) * 3 : number * 3])


def skips(queries: list[str]) -> bool:
    return any("OFFSET" in sql for sql in queries)


def test_a_deep_page_asked_for_again_seeks_from_its_remembered_start(admin_a, api_as, org_a, twelve, deep_from_page_2):
    client = api_as(admin_a)

    first, first_queries = page(client, 3)
    again, again_queries = page(client, 3)

    assert first == again == offset_page(3, org_a)
    assert skips(first_queries) and not skips(again_queries), again_queries


def test_walking_deep_pages_seeks_each_from_where_the_last_ended(admin_a, api_as, org_a, twelve, deep_from_page_2):
    client = api_as(admin_a)
    page(client, 2)

    walked = [page(client, number) for number in (3, 4)]

    assert [names for names, _ in walked] == [offset_page(3, org_a), offset_page(4, org_a)]
    assert not any(skips(queries) for _, queries in walked)


def test_a_candidate_added_after_a_start_was_remembered_shifts_the_page_as_offset_does(
    admin_a, api_as, org_a, twelve, deep_from_page_2
):
    client = api_as(admin_a)
    page(client, 3)

    client.post("/api/v1/candidates", {"first_name": "Mẫn", "last_name": "Nguyễn", "email": "man@example.com"})
    names, queries = page(client, 3)

    assert names == offset_page(3, org_a) and names[0] == twelve[-6].first_name
    assert skips(queries), "the remembered start was made before the candidate came; the page is skipped to again"


@pytest.mark.parametrize(
    "remove",
    [
        pytest.param(lambda people: people[-2].delete(), id="one deleted"),
        pytest.param(
            lambda people: Candidate.objects.filter(pk__in=[p.pk for p in people[-3:]]).delete(), id="a bulk delete"
        ),
        pytest.param(
            lambda people: connection.cursor().execute(
                "DELETE FROM recruiting_candidate WHERE id = %s", [people[-1].pk]
            ),
            id="raw SQL",
        ),
    ],
)
def test_candidates_removed_after_a_start_was_remembered_do_not_leave_a_stale_page(
    admin_a, api_as, org_a, twelve, deep_from_page_2, remove
):
    client = api_as(admin_a)
    page(client, 3)

    remove(twelve)

    assert page(client, 3)[0] == offset_page(3, org_a)


def test_a_candidate_moved_in_the_order_is_followed_too(admin_a, api_as, org_a, twelve, deep_from_page_2):
    client = api_as(admin_a)
    page(client, 3)

    Candidate.objects.filter(pk=twelve[0].pk).update(created_at=timezone.now() + timedelta(days=1))

    assert page(client, 3)[0] == offset_page(3, org_a)


def test_another_organizations_candidates_leave_the_remembered_starts_alone(
    admin_a, api_as, org_a, org_b, twelve, deep_from_page_2
):
    client = api_as(admin_a)
    page(client, 3)

    CandidateFactory.create_batch(2, organization=org_b)
    names, queries = page(client, 3)

    assert names == offset_page(3, org_a) and not skips(queries)


def test_a_filtered_or_reordered_list_does_not_remember(admin_a, api_as, org_a, twelve, deep_from_page_2):
    client = api_as(admin_a)

    for params in ({"location": "Zürich"}, {"ordering": "last_name"}):
        page(client, 3, **params)
        assert skips(page(client, 3, **params)[1]), params


def test_folding_an_organizations_changes_keeps_its_version(org_a, org_b):
    CandidateFactory.create_batch(FOLD_CHANGES_OVER + 5, organization=org_a)
    CandidateFactory(organization=org_b)
    Candidate.objects.filter(organization=org_a)[:1].get().delete()

    def version(organization) -> int:
        return Candidate.objects.annotate(v=list_version(organization.pk)).values_list("v", flat=True)[:1].get()

    before = version(org_a)
    fold_changes(org_a.pk)

    assert before == FOLD_CHANGES_OVER + 6
    assert version(org_a) == before and version(org_b) == 1
    assert CandidateListChange.objects.filter(organization_id=org_a.pk).count() == 1


def test_skipping_to_a_page_folds_a_long_run_of_changes(admin_a, api_as, org_a, deep_from_page_2):
    for _ in range(FOLD_CHANGES_OVER + 2):
        CandidateFactory(organization=org_a)

    page(api_as(admin_a), 2)

    assert CandidateListChange.objects.filter(organization_id=org_a.pk).count() == 1


def test_a_list_shaped_in_python_walks_from_remembered_starts_too(admin_a, org_a, twelve, deep_from_page_2, client):
    """A signed-in user in another time zone gets rows shaped by Python (local times), not PostgreSQL."""
    admin_a.time_zone = "Asia/Kolkata"
    admin_a.save(update_fields=["time_zone"])
    client.force_login(admin_a)

    walked = [page(client, number) for number in (2, 3, 3)]

    assert [names for names, _ in walked] == [offset_page(2, org_a), offset_page(3, org_a), offset_page(3, org_a)]
    assert [skips(queries) for _, queries in walked] == [True, False, False]
    assert (
        client.get("/api/v1/candidates", {"page_size": 3, "page": 3})
        .json()["results"][0]["created_at"]
        .endswith("+05:30")
    )


def test_the_hourly_fold_keeps_one_row_per_organization_and_none_for_one_that_is_gone(org_a, org_b):
    from recruiting.models import Organization
    from recruiting.tasks import fold_candidate_list_changes

    for organization in (org_a, org_a, org_a, org_b):
        CandidateFactory(organization=organization)
    gone = Organization.objects.create(name="Gone Ltd", slug="gone-ltd")
    CandidateFactory(organization=gone)
    version_a = CandidateListChange.objects.filter(organization_id=org_a.pk).aggregate(v=Sum("changes"))["v"]
    gone.delete()

    assert fold_candidate_list_changes() == 1
    assert list(CandidateListChange.objects.values_list("organization_id", "changes").order_by("organization_id")) == [
        (org_a.pk, version_a),
        (org_b.pk, 1),
    ]
