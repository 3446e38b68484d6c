"""What partners get: biased sentences withheld whole with a marker, the rest untouched and grammatical."""

import re

import pytest

from recruiting.bias import check_bias

SAMPLES = [
    "She is pregnant, so she should focus on her family. Strong Go and SQL.",
    "Young, energetic guy from São Paulo, Brazil; great systems answers.",
    "Not a native English speaker. Explained the cache design clearly.",
    "Zoë O'Connor was calm under pressure. Very attractive, clients will love her. Rated 4.5 overall.",
    "José Álvarez has kids and a wife, so travel is out. His Rust is excellent, really.",
    "Bit of an old-timer; culture fit could be a problem.",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_sanitized_text_has_no_doubled_spaces_dangling_commas_or_auxiliaries(text):
    sanitized = check_bias(text).sanitized_text
    assert "  " not in sanitized
    assert not re.search(r"(^|[.!?]\s),|,\s*[.,;!?]|\s[,.;]", sanitized)
    assert not re.search(r"\b(?:is|are|was|were|has|have)\s+(?:should|would|could|will|can|is|are)\b", sanitized)
    # Every sentence left is either the interviewer's own sentence or a withheld marker.
    for sentence in re.findall(r"[^.!?\]]+[.!?]\]?", sanitized):
        assert sentence.strip() in text or sentence.strip().startswith("[Sentence withheld: it commented on ")


def test_clean_sentences_survive_word_for_word():
    report = check_bias("She is pregnant, so maybe not. Strong Go and SQL.")
    assert report.sanitized_text == "[Sentence withheld: it commented on family status.] Strong Go and SQL."
    assert report.bias_filtered is True


def test_not_a_native_speaker_is_withheld_never_turned_into_another_claim():
    report = check_bias("Not a native English speaker.")
    assert report.sanitized_text == "[Sentence withheld: it commented on race or ethnicity.]"
    assert "fluent" not in report.sanitized_text


def test_the_marker_names_every_category_of_the_sentence_in_words():
    sanitized = check_bias("Attractive and a great culture fit.").sanitized_text
    assert sanitized == "[Sentence withheld: it commented on appearance and coded 'culture fit' language.]"
