"""Ranking candidates for a job: the best first, each match explaining itself."""

import numpy as np
import pytest

from matching.index import CandidateIndex
from matching.services import explain_match, job_profile, rank_candidates_for_job
from tests.factories import ApplicationFactory, CandidateFactory, JobFactory
from tests.matching.evaluation_set import EVALUATION_JOBS, _job_values, _pool_rows

FULL_STACK = ["Python", "PostgreSQL", "React", "Kubernetes"]


@pytest.fixture
def full_stack_job(org_a):
    return JobFactory(
        organization=org_a,
        required_skills=FULL_STACK,
        nice_to_have_skills=["TypeScript"],
        experience_level="mid",
        location="Berlin, Germany",
        remote_policy="hybrid",
    )


def _candidate(org, skills, years=5, location="Berlin, Germany", **extra):
    return CandidateFactory(organization=org, skills=skills, experience_years=years, location=location, **extra)


def test_candidate_with_variant_spellings_ranks_first_with_all_four_skills_matched(org_a, full_stack_job):
    _candidate(org_a, ["Python", "Django"])
    variants = _candidate(org_a, ["python3", "Postgres", "ReactJS", "k8s"], first_name="Grace")
    _candidate(org_a, ["Java", "Spring Boot"])

    ranking = rank_candidates_for_job(job=full_stack_job)

    best = ranking.matches[0]
    assert best["candidate_id"] == variants.pk
    assert best["matched_skills"] == FULL_STACK
    assert best["missing_skills"] == []
    assert best["skills_match"] == 100.0
    assert best["name"] == "Grace Lovelace"
    assert ranking.candidates_processed == 3


def test_java_gets_no_javascript_credit_and_javascript_no_java_credit(org_a):
    wants_js = JobFactory(organization=org_a, required_skills=["JavaScript"], nice_to_have_skills=[])
    wants_java = JobFactory(organization=org_a, required_skills=["Java"], nice_to_have_skills=[])
    java = _candidate(org_a, ["Java"])
    javascript = _candidate(org_a, ["JavaScript"])

    for_js = {m["candidate_id"]: m for m in rank_candidates_for_job(job=wants_js).matches}
    for_java = {m["candidate_id"]: m for m in rank_candidates_for_job(job=wants_java).matches}

    assert for_js[java.pk]["matched_skills"] == [] and for_js[java.pk]["missing_skills"] == ["JavaScript"]
    assert for_js[javascript.pk]["matched_skills"] == ["JavaScript"]
    assert for_java[javascript.pk]["matched_skills"] == [] and for_java[javascript.pk]["missing_skills"] == ["Java"]
    assert for_java[java.pk]["skills_match"] == 100.0
    assert for_js[javascript.pk]["score"] > for_js[java.pk]["score"]


def test_missing_skills_name_exactly_the_absent_required_skills_in_the_jobs_words(org_a, full_stack_job):
    _candidate(org_a, ["python", "React.js", "TypeScript"])
    match = rank_candidates_for_job(job=full_stack_job).matches[0]
    assert match["matched_skills"] == ["Python", "React"]
    assert match["missing_skills"] == ["PostgreSQL", "Kubernetes"]
    assert match["nice_to_have_matched"] == ["TypeScript"]
    assert match["skills_match"] == 50.0


def test_every_match_carries_the_explanation_fields_in_range(org_a, full_stack_job):
    _candidate(org_a, ["Python", "Postgres"], years=1, location="Remote")
    _candidate(org_a, [], years=None, location="")
    for match in rank_candidates_for_job(job=full_stack_job).matches:
        for part in ("score", "skills_match", "experience_match", "location_match"):
            assert 0 <= match[part] <= 100
        assert match["recommendation_strength"] in {"strong", "good", "fair", "weak"}
        assert match["reasoning"].endswith(".") and match["reasoning"].count(".") == 1


def test_reasoning_says_what_matched_what_is_missing_and_why(org_a, full_stack_job):
    _candidate(org_a, ["Python", "React"], years=2, location="London, UK")
    reasoning = rank_candidates_for_job(job=full_stack_job).matches[0]["reasoning"]
    assert "2 of 4 required skills (missing PostgreSQL, Kubernetes)" in reasoning
    assert "2 years of experience for a mid role (3+ expected)" in reasoning
    assert "based in London, UK, not Berlin, Germany" in reasoning


def test_reasoning_reads_as_english_for_one_year_and_an_on_site_role(org_a):
    on_site = JobFactory(
        organization=org_a, required_skills=["Python"], location="Sydney, Australia", remote_policy="onsite"
    )
    _candidate(org_a, ["Python"], years=1, location="Remote")
    reasoning = rank_candidates_for_job(job=on_site).matches[0]["reasoning"]
    assert "1 year of experience" in reasoning
    assert "wants remote work for an on-site role in Sydney, Australia" in reasoning


def test_same_inputs_give_the_same_scores_and_order_ties_by_candidate_id(org_a, full_stack_job):
    twins = [_candidate(org_a, ["Python", "Postgres"]) for _ in range(3)]
    first = rank_candidates_for_job(job=full_stack_job).matches
    again = rank_candidates_for_job(job=full_stack_job).matches
    strip = [{k: v for k, v in m.items()} for m in first]
    assert strip == again
    assert [m["candidate_id"] for m in first] == sorted(t.pk for t in twins)
    assert len({m["score"] for m in first}) == 1


def test_experience_and_location_break_skill_ties(org_a, full_stack_job):
    far_junior = _candidate(org_a, FULL_STACK, years=0.5, location="Sydney, Australia")
    local_mid = _candidate(org_a, FULL_STACK, years=4, location="Berlin, Germany")
    order = [m["candidate_id"] for m in rank_candidates_for_job(job=full_stack_job).matches]
    assert order == [local_mid.pk, far_junior.pk]


def test_limit_caps_the_matches(org_a, full_stack_job):
    for _ in range(5):
        _candidate(org_a, ["Python"])
    ranking = rank_candidates_for_job(job=full_stack_job, limit=2)
    assert len(ranking.matches) == 2
    assert ranking.candidates_processed == 5


def test_candidates_already_in_the_pipeline_can_be_left_out(org_a, full_stack_job):
    applied = _candidate(org_a, FULL_STACK)
    other = _candidate(org_a, ["Python"])
    ApplicationFactory(job=full_stack_job, candidate=applied)
    ranking = rank_candidates_for_job(job=full_stack_job, exclude_in_pipeline=True)
    assert [m["candidate_id"] for m in ranking.matches] == [other.pk]
    assert ranking.candidates_processed == 1
    assert rank_candidates_for_job(job=full_stack_job).matches[0]["candidate_id"] == applied.pk


def test_location_and_minimum_experience_filter_the_pool(org_a, full_stack_job):
    berlin_senior = _candidate(org_a, ["Python"], years=8, location="Berlin, Germany")
    _candidate(org_a, ["Python"], years=2, location="Berlin, Germany")
    _candidate(org_a, ["Python"], years=9, location="London, UK")
    _candidate(org_a, ["Python"], years=None, location="Berlin, Germany")
    ranking = rank_candidates_for_job(job=full_stack_job, location="berlin", min_experience=5)
    assert [m["candidate_id"] for m in ranking.matches] == [berlin_senior.pk]
    assert ranking.candidates_processed == 1


def test_another_organizations_candidates_are_never_ranked(org_a, org_b, full_stack_job):
    _candidate(org_b, FULL_STACK)
    mine = _candidate(org_a, ["Python"])
    ranking = rank_candidates_for_job(job=full_stack_job)
    assert [m["candidate_id"] for m in ranking.matches] == [mine.pk]


def test_ranking_reports_its_version_and_time(org_a, full_stack_job):
    ranking = rank_candidates_for_job(job=full_stack_job)
    assert ranking.matches == [] and ranking.candidates_processed == 0
    assert ranking.algorithm_version.startswith("match-1.0+taxonomy.")
    assert ranking.processing_time_ms >= 0


@pytest.mark.parametrize("job", EVALUATION_JOBS[:12], ids=lambda job: job.title)
def test_index_scores_equal_the_explained_scores(job):
    """The vectorised index and the one-candidate explanation compute the same number."""
    rows = _pool_rows(job)
    index = CandidateIndex.from_rows(rows)
    profile = job_profile(_job_values(job))
    scores = index.score_all(profile.query)
    for position, (_pk, skill_ids, years, seniority, location, _at) in enumerate(rows):
        explained = explain_match(
            profile, {"skill_ids": skill_ids, "experience_years": years, "seniority": seniority, "location": location}
        )
        assert explained["score"] == scores[position]
    assert np.all((scores >= 0) & (scores <= 100))


def test_a_limit_below_one_from_a_service_caller_returns_no_matches(org_a, full_stack_job):
    _candidate(org_a, ["Python"])
    ranking = rank_candidates_for_job(job=full_stack_job, limit=0)
    assert ranking.matches == [] and ranking.candidates_processed == 1
