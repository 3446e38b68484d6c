"""Flagging an import's possible duplicates reads each identity key's index once per batch of
values: the queries do not grow with the rows, and each row points at the oldest earlier match."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recruiting import duplicates
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
