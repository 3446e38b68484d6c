"""A filtered list builds its filter set from filters prepared once per class (recruiting.filters.PlatformFilterSet),
not from a deep copy of every declared filter and a new form class per request; each filter set still filters
with its own parameters, and refuses what it refused before."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from recruiting.filters import CandidateFilter
from recruiting.models import Candidate
from tests.factories import CandidateFactory
from tests.realistic import save_candidates

pytestmark = pytest.mark.django_db


def test_filter_sets_of_one_class_share_their_form_class_and_fields():
    first = CandidateFilter(QueryDict("location=berlin"), queryset=Candidate.objects.all())
    second = CandidateFilter(QueryDict("q=o'connor"), queryset=Candidate.objects.all())

    assert first.get_form_class() is second.get_form_class()
    assert first.filters["location"].field is second.filters["location"].field
    assert first.filters["location"] is not second.filters["location"]


def test_each_filter_set_filters_with_its_own_parameters(org_a):
    save_candidates(org_a)
    both = CandidateFactory(organization=org_a, first_name="Zoë", skills=["Python", "Go"])
    candidates = Candidate.objects.for_org(org_a)
    # Built one after the other, as two requests of one worker would: `skills_match` is read from each set's data.
    any_skill = CandidateFilter(QueryDict("skills=python,go&skills_match=any"), queryset=candidates)
    all_skills = CandidateFilter(QueryDict("skills=python,go&skills_match=all"), queryset=candidates)

    assert any_skill.is_valid() and all_skills.is_valid()
    assert set(all_skills.qs) == {both}
    assert both in set(any_skill.qs) and len(set(any_skill.qs)) > 1


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ("skills_match=most", "skills_match"),
        ("experience_min=six", "experience_min"),
        ("updated_since=yesterday", "updated_since"),
    ],
)
def test_an_invalid_filter_value_is_still_a_400_naming_it(admin_a, api_as, params, field):
    client = api_as(admin_a)
    for _ in range(2):  # the second request uses the prepared filters
        response = client.get(f"/api/v1/candidates?{params}")
        assert response.status_code == 400
        assert response.json()["code"] == "VALIDATION_ERROR"
        assert set(response.json()["errors"]) == {field}
