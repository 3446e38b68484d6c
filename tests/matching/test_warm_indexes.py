"""A starting server process builds the match indexes of the largest organizations before it takes
requests, so the first ranking of a fresh process does not pay for a build."""

from __future__ import annotations

import pytest

from matching import services
from recruiting import services as recruiting
from tests.factories import CandidateFactory, JobFactory


@pytest.fixture
def counted_builds(monkeypatch):
    built = []
    original = services.build_candidate_index

    def counting(*, organization):
        built.append(organization.name)
        return original(organization=organization)

    monkeypatch.setattr(services, "build_candidate_index", counting)
    services.forget_candidate_indexes()
    yield built
    services.forget_candidate_indexes()


@pytest.mark.django_db
def test_warming_builds_the_largest_organizations_and_their_first_ranking_builds_nothing(counted_builds):
    large = recruiting.create_organization(name="Émilie's Large Ltd")
    small = recruiting.create_organization(name="Small Co")
    recruiting.create_organization(name="Empty Co")
    CandidateFactory.create_batch(3, organization=large)
    CandidateFactory.create_batch(1, organization=small)

    warmed = services.warm_indexes(organizations=1)

    assert (warmed.organizations, warmed.candidates) == (1, 3)
    assert counted_builds == ["Émilie's Large Ltd"]
    ranked = services.rank_candidates_for_job(job=JobFactory(organization=large), limit=10)
    assert counted_builds == ["Émilie's Large Ltd"], "the warmed index was used, not rebuilt"
    assert ranked.candidates_processed == 3
    services.rank_candidates_for_job(job=JobFactory(organization=small), limit=10)
    assert counted_builds == ["Émilie's Large Ltd", "Small Co"], "an organization not warmed builds on demand"


@pytest.mark.django_db(transaction=True)
def test_a_gunicorn_worker_warms_before_it_takes_requests(tmp_path):
    from django.db import connection

    from tests.ats import stack
    from tests.processes import database_url

    organization = recruiting.create_organization(name="Warm Ltd")
    CandidateFactory.create_batch(4, organization=organization)
    env = stack.process_env(database_url(connection), tmp_path, MATCHING_WARM_ORGANIZATIONS="8")

    with stack.gunicorn(env, tmp_path, workers=1):
        log = "".join(path.read_text() for path in tmp_path.glob("gunicorn-*.log"))

    assert "warmed the match indexes of 1 organizations (4 candidates)" in log, log
