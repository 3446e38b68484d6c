"""Flagging an import's possible duplicates reads each identity key's index once per batch of
values: the queries do not grow with the rows, and each row points at the oldest earlier match."""

from __future__ import annotations

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from recruiting import duplicates, identity
from recruiting.models import Candidate
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


def arrivals(organization, count: int, *, start: int) -> list[Candidate]:
    made = []
    for number in range(start, start + count):
        candidate = CandidateFactory.build(
            organization=organization,
            email=f"Zoë.O'Brien+{number}@Example.ie",
            phone=f"+353 1 234 {number:04d}",
            linkedin_url="",
        )
        candidate.set_identity_keys()
        candidate.save()
        made.append(candidate)
    return made


def test_the_queries_stay_the_same_for_ten_or_forty_rows(org_a):
    arrivals(org_a, 40, start=0)  # the organization's earlier records
    few = arrivals(org_a, 10, start=0)
    many = arrivals(org_a, 40, start=0)

    with CaptureQueriesContext(connection) as for_few:
        assert duplicates.flag_possible_duplicates_in(Candidate.objects.filter(pk__in=[c.pk for c in few])) == 10
    with CaptureQueriesContext(connection) as for_many:
        assert duplicates.flag_possible_duplicates_in(Candidate.objects.filter(pk__in=[c.pk for c in many])) == 40

    assert len(for_many) == len(for_few)


def test_each_row_points_at_the_oldest_earlier_record_by_any_key(org_a, org_b):
    by_email = arrivals(org_a, 1, start=1)[0]
    by_phone = CandidateFactory(organization=org_a, email="other@example.com", phone="+353 1 234 0002")
    by_phone.set_identity_keys()
    by_phone.save()
    CandidateFactory(organization=org_b, email="zoë.o'brien+2@example.ie")  # another organization: never a match
    newer = arrivals(org_a, 2, start=1)

    duplicates.flag_possible_duplicates_in(Candidate.objects.filter(pk__in=[c.pk for c in newer]))

    assert Candidate.objects.get(pk=newer[0].pk).possible_duplicate_of_id == by_email.pk
    assert Candidate.objects.get(pk=newer[1].pk).possible_duplicate_of_id == by_phone.pk
    by_email.refresh_from_db()
    assert by_email.possible_duplicate_of_id is None, "the oldest record is never flagged against a newer one"


def lookup_plans(sql_statements: list[str]) -> dict[str, str]:
    """{identity column: the plan of the lookup reading it}, sequential scans priced out."""
    plans = {}
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            # Index reads priced as on a server whose table is cached (a few thousand rows here, where
            # production has 100,000 and the index wins at default prices).
            cursor.execute("SET LOCAL random_page_cost = 1.1")
        for sql in sql_statements:
            column = next(name for name in Candidate.IDENTITY_FIELDS if f'"{name}"' in sql.split(" FROM ")[0])
            cursor.execute(f"EXPLAIN {sql}" if connection.vendor == "postgresql" else f"EXPLAIN QUERY PLAN {sql}")
            plans[column] = "\n".join(str(row[-1]) for row in cursor.fetchall())
    return plans


def test_an_import_of_hundreds_of_phones_and_profiles_looks_them_up_through_their_own_indexes(org_a):
    # The phone and LinkedIn indexes hold only non-empty keys. PostgreSQL cannot prove "not empty"
    # from a list of more than 100 values, so the lookup must say it, or it reads every record of
    # the organization and compares each with the whole list.
    rows = [
        (
            10_000 + number,
            org_a.pk,
            identity.email_key(f"Zoë.O'Brien+{number}@Example.ie"),
            identity.phone_key(f"+353 1 234 {number:04d}"),
            identity.linkedin_key(f"https://www.linkedin.com/in/zoe-obrien-{number}/"),
        )
        for number in range(120)
    ]
    # Records on file, with statistics, so the planner prices the indexes as on a real table.
    stored = []
    for number in range(3000):
        candidate = CandidateFactory.build(
            organization=org_a,
            email=f"Łukasz.Nowak+{number}@Example.pl",
            phone=f"+48 22 555 {number:04d}",
            linkedin_url=f"https://www.linkedin.com/in/lukasz-nowak-{number}/" if number % 2 else "",
        )
        candidate.set_identity_keys()
        stored.append(candidate)
    Candidate.objects.bulk_create(stored)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Candidate._meta.db_table}")

    with CaptureQueriesContext(connection) as captured:
        duplicates.possible_duplicates_among(rows)

    plans = lookup_plans([q["sql"] for q in captured.captured_queries])
    assert "candidate_phone_key_idx" in plans["phone_key"], plans["phone_key"]
    assert "candidate_linkedin_key_idx" in plans["linkedin_key"], plans["linkedin_key"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the index is chosen by PostgreSQL's planner")
def test_deleting_a_record_clears_the_flags_pointing_at_it_through_the_index_of_flagged_rows(org_a):
    # The foreign key has no index of all rows: nearly every row is unflagged, and each written
    # row would add an entry. Its reads (`= x`, `IN (...)`) imply "flagged" and use the partial one.
    older = CandidateFactory(organization=org_a, first_name="Siobhán", last_name="O'Brien", email="siobhan@example.ie")
    newer = CandidateFactory(organization=org_a, first_name="Siobhan", last_name="O'Brien", email="siobhan@example.ie")
    Candidate.objects.filter(pk=newer.pk).update(possible_duplicate_of=older)

    with CaptureQueriesContext(connection) as captured:
        older.delete()

    newer.refresh_from_db()
    assert newer.possible_duplicate_of_id is None
    [clearing] = [q["sql"] for q in captured.captured_queries if 'SET "possible_duplicate_of_id" = NULL' in q["sql"]]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {clearing}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "candidate_possible_dup_ref_idx" in plan, plan
