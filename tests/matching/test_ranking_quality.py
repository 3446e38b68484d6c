"""Ranking quality on the labelled evaluation set: NDCG@10 of the ranker against exact keywords."""

from tests.matching.evaluation_set import (
    EVALUATION_JOBS,
    baseline_order,
    mean_ndcg,
    ndcg_at,
    ranker_order,
)


def test_the_evaluation_set_has_at_least_30_graded_jobs_with_variants_and_near_misses():
    assert len(EVALUATION_JOBS) >= 30
    for job in EVALUATION_JOBS:
        grades = {candidate.grade for candidate in job.pool}
        assert {0, 3} <= grades, job.title
    every_skill = {skill.casefold() for job in EVALUATION_JOBS for c in job.pool for skill in c.skills}
    assert {"postgres", "k8s", "reactjs", "golang", "python3", "java", "r", "c#"} <= every_skill


def test_ranker_reaches_ndcg_at_10_of_at_least_0_90_and_beats_exact_keywords():
    ranker, baseline = mean_ndcg(ranker_order), mean_ndcg(baseline_order)
    assert ranker >= 0.90
    assert ranker > baseline


def test_ndcg_is_1_for_an_ideal_order_and_lower_for_a_reversed_one():
    assert ndcg_at([3, 2, 1, 0]) == 1.0
    assert ndcg_at([0, 1, 2, 3]) < 0.6
