"""Split the labelled feedback corpus once and score the bias detector per category on each part.

The corpus (recruiting/bias_data/corpus/bias_dev_corpus.jsonl) was labelled by someone who never
saw the rules. It is split deterministically: each sentence's id is the first 12 hex digits of the
SHA-256 of its text; within each stratum (its first category, or "neutral") sentences are ordered
by id and every sentence whose position modulo 10 is 0, 3 or 6 is held out (~30%). The held-out
ids are written down in corpus/heldout_ids.txt; rules are developed against the dev part only.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

from recruiting.bias import CATEGORIES, check_bias

# The corpus labels six categories; coded "culture fit" language is flagged but not labelled there.
CORPUS_CATEGORIES = CATEGORIES[:6]

CORPUS_DIR = Path(__file__).resolve().parent / "bias_data" / "corpus"
CORPUS_FILE = CORPUS_DIR / "bias_dev_corpus.jsonl"
HELDOUT_FILE = CORPUS_DIR / "heldout_ids.txt"
EXTRA_DEV_FILE = CORPUS_DIR / "extra_dev_sentences.jsonl"
# Written on 2026-12-04 by someone who had not seen the rules (corpus/fresh_held_out.md): for one
# measurement per rules version, never for development.
FRESH_HELD_OUT_FILE = CORPUS_DIR / "fresh_held_out.jsonl"
HELDOUT_POSITIONS = (0, 3, 6)


@dataclass(frozen=True)
class LabelledSentence:
    sentence_id: str
    text: str
    categories: frozenset[str]


def sentence_id(text: str) -> str:
    """Return the stable id of a corpus sentence."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _read(path: Path) -> list[LabelledSentence]:
    if not path.exists():
        return []
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [LabelledSentence(sentence_id(row["text"]), row["text"], frozenset(row["cats"])) for row in rows]


def compute_heldout_ids() -> list[str]:
    """Recompute the held-out ids from the corpus (used once to write heldout_ids.txt, and by a test)."""
    strata: dict[str, list[str]] = {}
    for sentence in _read(CORPUS_FILE):
        stratum = min(sentence.categories) if sentence.categories else "neutral"
        strata.setdefault(stratum, []).append(sentence.sentence_id)
    held = [
        ids[i] for ids in (sorted(v) for v in strata.values()) for i in range(len(ids)) if i % 10 in HELDOUT_POSITIONS
    ]
    return sorted(held)


def load_split() -> tuple[list[LabelledSentence], list[LabelledSentence]]:
    """Return (dev, held_out); the dev part includes the sentences we added ourselves."""
    heldout_ids = {line.split()[0] for line in HELDOUT_FILE.read_text().splitlines() if line and line[0] != "#"}
    corpus = _read(CORPUS_FILE)
    dev = [s for s in corpus if s.sentence_id not in heldout_ids] + _read(EXTRA_DEV_FILE)
    return dev, [s for s in corpus if s.sentence_id in heldout_ids]


def load_fresh_held_out() -> list[LabelledSentence]:
    """The fresh held-out set: measured, never developed against."""
    return _read(FRESH_HELD_OUT_FILE)


@dataclass(frozen=True)
class CategoryScore:
    category: str
    precision: float
    recall: float
    true_positives: int
    false_positives: int
    false_negatives: int


def score(sentences: list[LabelledSentence]) -> dict[str, CategoryScore]:
    """Return precision and recall per category of check_bias on labelled sentences."""
    counts = {category: [0, 0, 0] for category in CORPUS_CATEGORIES}
    for sentence in sentences:
        found = {flag["category"] for flag in check_bias(sentence.text, suggest=False).flags}
        for category in CORPUS_CATEGORIES:
            if category in found and category in sentence.categories:
                counts[category][0] += 1
            elif category in found:
                counts[category][1] += 1
            elif category in sentence.categories:
                counts[category][2] += 1
    return {
        category: CategoryScore(
            category,
            precision=tp / (tp + fp) if tp + fp else 1.0,
            recall=tp / (tp + fn) if tp + fn else 1.0,
            true_positives=tp,
            false_positives=fp,
            false_negatives=fn,
        )
        for category, (tp, fp, fn) in counts.items()
    }


def seconds_per_thousand(sentences: list[LabelledSentence]) -> float:
    """Return the wall time per 1,000 sentences of what the scorecard page pays: flags with their suggestions."""
    texts = [s.text for s in sentences]
    started = time.perf_counter()
    for text in texts:
        check_bias(text)
    return (time.perf_counter() - started) * 1000 / len(texts)
