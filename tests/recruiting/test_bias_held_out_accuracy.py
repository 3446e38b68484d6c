"""The detector on text it was never developed against: the held-out part of the independently labelled
corpus, and the fresh held-out set written later by someone who had not seen the rules."""

import pytest

from recruiting.bias_evaluation import CORPUS_CATEGORIES, compute_heldout_ids, load_fresh_held_out, load_split, score

# The best figure measured so far per category (docs/bias-detection.md). Rules v6 (measured once, 2026-12-04)
# equalled the best earlier figure everywhere and raised disability precision to 1.00 (v5's last look had it too,
# but v5's rules changed after that look). A rule change that lowers any figure fails CI; floors are only ever
# raised, with one exception: v7 flags one more corpus held-out sentence as family status (precision 1.00 ->
# 0.94) while raising four figures on the fresh set and lowering none there, so v7 was kept (docs/bias-detection.md).
HELD_OUT_FLOOR = {
    "age": (0.93, 0.76),
    "gender": (0.92, 0.73),
    "race_ethnicity": (1.00, 0.82),
    "disability": (1.00, 0.71),
    "appearance": (0.87, 0.93),
    "family_status": (0.94, 1.00),
}
# Rules v8 on the fresh set, its one measurement for v8 (2026-12-04 21:22 UTC). Against v7 six figures rose
# (age, race/ethnicity and family recall, disability both, family precision) and one fell: age precision
# 0.97 -> 0.95, one more false positive beside one more sentence found, so v8 was kept with that floor lowered.
FRESH_FLOOR = {
    "age": (0.95, 0.87),
    "gender": (0.95, 0.91),
    "race_ethnicity": (0.95, 0.87),
    "disability": (0.96, 0.96),
    "appearance": (0.95, 0.82),
    "family_status": (0.93, 0.84),
}


def test_the_committed_split_is_the_one_the_recipe_produces():
    dev, held_out = load_split()
    assert sorted(s.sentence_id for s in held_out) == compute_heldout_ids()
    assert len(held_out) == 150
    assert not {s.sentence_id for s in held_out} & {s.sentence_id for s in dev}


@pytest.mark.parametrize(
    ("sentences", "floors"), [(lambda: load_split()[1], HELD_OUT_FLOOR), (load_fresh_held_out, FRESH_FLOOR)]
)
def test_held_out_precision_and_recall_do_not_regress(sentences, floors):
    scores = score(sentences())
    for category in CORPUS_CATEGORIES:
        precision, recall = floors[category]
        assert scores[category].precision >= precision - 0.005, category
        assert scores[category].recall >= recall - 0.005, category


@pytest.mark.xfail(strict=True, reason="rules v8 generalise only partly; see docs/bias-detection.md")
@pytest.mark.parametrize("sentences", [lambda: load_split()[1], load_fresh_held_out])
def test_held_out_meets_the_targets_per_category(sentences):
    scores = score(sentences())
    assert all(scores[c].precision >= 0.95 and scores[c].recall >= 0.90 for c in CORPUS_CATEGORIES)
