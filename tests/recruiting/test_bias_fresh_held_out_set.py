"""The fresh held-out set is well-formed data the bench can score: six categories, labels from the guide."""

from recruiting.bias_evaluation import CORPUS_CATEGORIES, load_fresh_held_out, load_split


def test_the_fresh_set_has_every_category_and_neutral_sentences_and_no_dev_sentence():
    fresh = load_fresh_held_out()
    assert len(fresh) == 419
    assert all(sentence.categories <= set(CORPUS_CATEGORIES) for sentence in fresh)
    counts = {category: sum(category in sentence.categories for sentence in fresh) for category in CORPUS_CATEGORIES}
    assert counts == {**dict.fromkeys(CORPUS_CATEGORIES, 45), "appearance": 44}
    assert sum(not sentence.categories for sentence in fresh) == 181
    dev, held_out = load_split()
    assert not {s.sentence_id for s in fresh} & {s.sentence_id for s in dev + held_out}
