"""Bias detector: precision and recall per category on the held-out and dev parts, and speed."""

from recruiting.bias import DATA_VERSION, load_rules
from recruiting.bias_evaluation import CORPUS_CATEGORIES, load_split, score, seconds_per_thousand


def main() -> None:
    dev, held_out = load_split()
    print(f"rules {DATA_VERSION}; dev {len(dev)} sentences, held-out {len(held_out)} (targets P>=0.95, R>=0.90)")
    scores = {"held-out": score(held_out), "dev": score(dev)}
    print(f"{'category':<16}{'held-out P':>11}{'R':>7}{'dev P':>9}{'R':>7}")
    for category in CORPUS_CATEGORIES:
        held, dev_score = scores["held-out"][category], scores["dev"][category]
        print(
            f"{category:<16}{held.precision:>11.2f}{held.recall:>7.2f}{dev_score.precision:>9.2f}{dev_score.recall:>7.2f}"
        )
    load_rules(DATA_VERSION)  # compile outside the timing
    sentences = (dev + held_out) * 5
    print(f"time per 1,000 sentences: {seconds_per_thousand(sentences) * 1000:.1f} ms")
