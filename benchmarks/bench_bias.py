"""Bias detector: precision and recall per category on the fresh held-out set, the corpus's held-out
part and the dev part, and speed."""

from recruiting.bias import DATA_VERSION, load_rules
from recruiting.bias_evaluation import (
    CORPUS_CATEGORIES,
    load_fresh_held_out,
    load_split,
    score,
    seconds_per_thousand,
)


def main() -> None:
    dev, held_out = load_split()
    fresh = load_fresh_held_out()
    print(
        f"rules {DATA_VERSION}; fresh held-out {len(fresh)} sentences, corpus held-out {len(held_out)}, "
        f"dev {len(dev)} (targets P>=0.95, R>=0.90 on text the rules were not developed against)"
    )
    parts = {"fresh": fresh, "held-out": held_out, "dev": dev}
    scores = {name: score(sentences) for name, sentences in parts.items()}
    print(f"{'category':<16}" + "".join(f"{name + ' P':>13}{'R':>6}" for name in parts))
    for category in CORPUS_CATEGORIES:
        print(
            f"{category:<16}"
            + "".join(f"{scores[n][category].precision:>13.2f}{scores[n][category].recall:>6.2f}" for n in parts)
        )
    load_rules(DATA_VERSION)  # compile outside the timing
    sentences = (dev + held_out + fresh) * 5
    print(f"time per 1,000 sentences: {seconds_per_thousand(sentences) * 1000:.1f} ms")
