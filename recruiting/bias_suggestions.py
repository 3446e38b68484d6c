"""A suggestion for every bias flag: a neutral rewording, or the removal of the flagged words, clause or sentence.

The interviewer sees each suggestion beside its flag and decides; nothing here changes what is saved. A flag gets,
in this order, the first of these that leaves grammatical text in which its sentence no longer raises the flag's
category:

1. a replacement that keeps the interviewer's job-relevant claim (`bias_data/suggestions.json`, then the rules
   file's own suggestion unless it is withdrawn there): "energetic guy" → "energetic candidate";
2. removing the flagged modifier before a noun: "a young, energetic guy" → "an energetic guy";
3. removing the flagged clause: "Wears a hijab; answers were crisp." → "Answers were crisp.";
4. removing the whole sentence, which is always clean.

Each suggestion carries the exact edit (`start`, `end`, `text`: replace text[start:end] with text), so the page
applies precisely what it showed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

SUGGESTIONS_FILE = Path(__file__).resolve().parent / "bias_data" / "suggestions.json"

# What a sentence is, for flags, partners' sanitized text and suggestions alike (recruiting.bias uses it too).
SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|$)")
# Words that cannot end a clause or a sentence: a conjunction, an auxiliary, an article or a preposition left over.
_DANGLING_END = {
    "and", "but", "or", "so", "nor", "yet", "because", "though", "although", "while", "which", "that", "who",
    "is", "are", "was", "were", "be", "been", "being", "am", "has", "have", "had", "do", "does", "did",
    "a", "an", "the", "of", "than", "very", "quite",
    "really", "his", "her", "their", "its", "my", "our", "not", "no", "too",
}  # fmt: skip
# Openers that tie a clause to the one before it: what is left after removing that one makes no sense alone.
_CONSEQUENCE_OPENERS = {
    "so", "therefore", "hence", "thus", "which", "because", "meaning", "since", "then", "that", "who", "whose",
    "consequently", "as", "otherwise", "whereas",
}  # fmt: skip
# Openers that only join two claims; the remaining claim stands alone once they are dropped.
_JOINING_OPENERS = {"and", "but", "though", "although", "yet", "while", "however", "also", "plus"}
# A clause opening with a modal or a hedge after a removed clause is an inference drawn from it
# ("Uses a wheelchair, might struggle with the office"): it goes with that clause.
_INFERENCE_OPENERS = {
    "might", "may", "could", "would", "should", "will", "can", "must", "probably", "likely", "possibly", "maybe",
    "perhaps", "not", "unsure", "doubt", "worried", "concerned", "wonder", "wont", "won't", "can't", "cannot", "wouldn't", "shouldn't", "might've", "prob", "def",
}  # fmt: skip
_AUXILIARIES = r"is|are|was|were|be|been|am|has|have|had|isn't|wasn't|'s|'re"
_MODALS = r"should|would|could|might|may|will|can|must|shall"
_BROKEN = re.compile(
    rf"\s{{2,}}|\s[,;:.!?]|[,;:]\s*[,;:.!?]|^[\s,;:.!?—–-]|(?<![\w-])(?:{_AUXILIARIES})\s+(?:{_MODALS})(?![\w-])"
    rf"|(?<![\w-])(?:a|an|the)\s+(?:a|an|the|and|or|but|of|to|is|was|{_MODALS})(?![\w-])",
    re.IGNORECASE,
)
# Clause boundaries inside a sentence: punctuation, or a conjunction that opens the next clause.
_CLAUSE_BREAK = re.compile(
    r"\s*[,;:]\s+|\s+[—–-]\s+|\s+(?=(?:but|though|although|so|because|which|while|whereas|and then|and)\s)",
    re.IGNORECASE,
)
_LISTED_MODIFIER = re.compile(r"(?<![\w-])(?:a|an|the|such a|such an)\s+[\w-]+$", re.IGNORECASE)
_DETERMINER_BEFORE = re.compile(r"(?<![\w-])(a|an|the|this|that|such a|such an)\s+$", re.IGNORECASE)
_MODIFIER_AFTER = re.compile(r"(?:,\s+|\s+and\s+|\s+)(?=[\w-])", re.IGNORECASE)
_FUNCTION_WORD = re.compile(
    rf"(?:and|or|but|so|of|to|in|on|at|with|for|is|was|are|were|be|the|a|an|who|which|that|than|as|{_MODALS})(?![\w-])",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads(SUGGESTIONS_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _replacements() -> dict[str, list[tuple[re.Pattern, re.Pattern | None, str]]]:
    return {
        category: [
            (
                re.compile(rf"(?:{entry['pattern']})", re.IGNORECASE),
                re.compile(entry["before"], re.IGNORECASE) if entry.get("before") else None,
                entry["replacement"],
            )
            for entry in entries
        ]
        for category, entries in _data()["replacements"].items()
    }


def withdrawn(suggestion: str) -> bool:
    """Return whether a rules file's suggestion is not wording an interviewer can use (see suggestions.json)."""
    return suggestion in _data()["withdrawn_rule_suggestions"]["suggestions"]


def _sentence_span(text: str, position: int) -> tuple[int, int]:
    """Return the span of the sentence holding `position`, without the whitespace before it."""
    for match in SENTENCE.finditer(text):
        if match.start() <= position < match.end():
            start = match.start() + len(match.group()) - len(match.group().lstrip())
            return min(start, position), match.end()
    return position, position


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _with_case_of(replacement: str, phrase: str) -> str:
    return _capitalised(replacement) if phrase[:1].isupper() else replacement


def _article_agreeing(text: str, s_start: int, start: int, new: str, end: int) -> tuple[int, str]:
    """Return the edit's start and text with the article right before it agreeing ("a energetic" → "an energetic")."""
    article = re.search(r"(?<![\w-])(an?)\s+$", text[s_start:start], re.IGNORECASE)
    following = re.match(r"\s*([\w-]+)", new + text[end:])
    if not article or not following:
        return start, new
    word = following.group(1).lower()
    vowel = word[0] in "aeio" or word.startswith(("hour", "honest")) or (word[0] == "u" and not word.startswith("uni"))
    wanted = "an" if vowel and not word.startswith(("use", "one", "eu")) else "a"
    if wanted == article.group(1).lower():
        return start, new
    wanted = wanted.capitalize() if article.group(1)[0].isupper() else wanted
    at = s_start + article.start(1)
    return at, wanted + text[at + len(article.group(1)) : start] + new


def is_clean_sentence(sentence: str) -> bool:
    """Return whether a sentence left by an edit reads as a whole sentence (the rules the tests hold it to)."""
    body = sentence.strip()
    if not body:
        return True
    words = re.findall(r"[\w'’-]+", body)
    if (
        len(words) < 2
        or re.match(r"\W*[\w'’-]+\s*[;:]", body)
        or not (body[0].isupper() or body[0].isdigit())
        or _BROKEN.search(sentence)
    ):
        return False
    stripped = body.rstrip(".!?")
    last = stripped.rsplit(None, 1)[-1].strip(",;:").lower() if stripped else ""
    return last not in _DANGLING_END and words[0].lower() not in _CONSEQUENCE_OPENERS | _JOINING_OPENERS


def _clauses(sentence: str, offset: int) -> list[tuple[int, int]]:
    """Return the spans (in the whole text) of a sentence's clauses, each with the separator before it."""
    body_end = len(sentence.rstrip().rstrip(".!?"))
    # A comma after "a young" lists modifiers of one noun ("a young, hungry guy"): not a clause boundary.
    cuts = [0] + [
        m.start()
        for m in _CLAUSE_BREAK.finditer(sentence, 0, body_end)
        if not (m.group().strip() == "," and _LISTED_MODIFIER.search(sentence, 0, m.start()))
    ]
    cuts.append(body_end)
    return [(offset + a, offset + b) for a, b in zip(cuts, cuts[1:], strict=False) if b > a]


def _data_replacements(text: str, flag: dict, s_start: int):
    """Yield (start, end, words) for the replacements in suggestions.json that fit the flag, best first."""
    start, end = flag["start"], flag["end"]
    for pattern, before, replacement in _replacements().get(flag["category"], []):
        match = pattern.fullmatch(text[start:end])
        if not match:
            continue
        lead = before.search(text[s_start:start]) if before else None
        if before and not lead:
            continue
        at = s_start + lead.start() if lead else start
        yield at, end, _with_case_of(match.expand(replacement), text[at:end])


def _settled(sentence: str, category: str, allowed: set[str], recheck: Callable[[str], Sequence[dict]]) -> str | None:
    """Return the edited sentence once it raises no flag of `category` and nothing new, or None if it cannot.

    An edit can expose wording the rules read only in its new shape ("Hired a young, energetic guy" → "Hired an
    energetic guy"); a neutral replacement of that wording is made in the same step ("an energetic candidate").
    """
    for attempt in range(2):
        flags = recheck(sentence)
        if any(flag["category"] == category for flag in flags):
            return None
        new = [flag for flag in flags if flag["category"] not in allowed]
        if not new:
            return sentence
        if attempt:
            return None
        for flag in sorted(new, key=lambda flag: flag["start"], reverse=True):
            replacement = next(_data_replacements(sentence, flag, 0), None)
            if replacement is None:
                return None
            at, stop, words = replacement
            at, words = _article_agreeing(sentence, 0, at, words, stop)
            sentence = sentence[:at] + words + sentence[stop:]
    return None  # pragma: no cover


def _clause_removals(text: str, start: int, end: int, s_start: int, s_end: int):
    """Yield removals of the clauses that hold the flag, fewest clauses first, never the whole sentence."""
    clauses = _clauses(text[s_start:s_end], s_start)
    first = next(i for i, (_, c_end) in enumerate(clauses) if start < c_end)
    last = next((i for i, (_, c_end) in enumerate(clauses) if end <= c_end), len(clauses) - 1)
    for size in range(last - first + 1, len(clauses)):
        for i in range(max(0, last - size + 1), first + 1):
            j = i + size - 1
            if j >= len(clauses):
                continue
            # What follows must stand alone: not a consequence or an inference drawn from what was removed.
            rest_start = clauses[j][1]
            if j + 1 < len(clauses):
                rest_start += len(text[rest_start:s_end]) - len(text[rest_start:s_end].lstrip(" ,;:—–-"))
            opener = re.match(r"[\w'’-]+", text[rest_start:s_end])
            word = opener.group().lower() if opener else ""
            if word in _CONSEQUENCE_OPENERS or word in _INFERENCE_OPENERS:
                continue
            if i > 0:
                yield (
                    "remove",
                    "clause",
                    clauses[i][0],
                    clauses[j][1],
                    "",
                    text[clauses[i][0] : clauses[j][1]].lstrip(" ,;:"),
                )
                continue
            # The next clause opens the sentence: drop a joining word ("but", "though") and capitalise it.
            if word in _JOINING_OPENERS:
                rest_start += len(word)
                rest_start += len(text[rest_start:s_end]) - len(text[rest_start:s_end].lstrip(" ,"))
            following = text[rest_start:s_end]
            yield "remove", "clause", s_start, rest_start + 1, _capitalised(following[:1]), text[s_start:rest_start]


def _edits(text: str, flag: dict, rule_suggestion: str):
    """Yield candidate edits (kind, scope, start, end, new text, the words shown) for a flag, best first."""
    start, end, phrase = flag["start"], flag["end"], flag["phrase"]
    s_start, s_end = _sentence_span(text, start)
    for at, stop, cased in _data_replacements(text, flag, s_start):
        yield "replace", "phrase", at, stop, cased, cased
    if rule_suggestion and not withdrawn(rule_suggestion):
        cased = _with_case_of(rule_suggestion, phrase)
        yield "replace", "phrase", start, end, cased, cased
    # A modifier before a noun: "a young, energetic guy" → "an energetic guy".
    after = _MODIFIER_AFTER.match(text, end)
    if (
        " " not in phrase.strip()
        and _DETERMINER_BEFORE.search(text, s_start, start)
        and after
        and not _FUNCTION_WORD.match(text, after.end())
        and after.end() < s_end
    ):
        yield "remove", "words", start, after.end(), "", text[start:end]
    yield from _clause_removals(text, start, end, s_start, s_end)
    # The whole sentence, with the space or line break that separated it from the next (or the previous) one.
    cut_start, cut_end = s_start, s_end
    if text[s_end:].strip():
        cut_end += len(text[s_end:]) - len(text[s_end:].lstrip())
    else:
        cut_start -= len(text[:s_start]) - len(text[:s_start].rstrip())
    yield "remove", "sentence", cut_start, cut_end, "", text[s_start:s_end].strip()


def suggest(
    text: str, flag: dict, flags: list[dict], rule_suggestion: str, recheck: Callable[[str], Sequence[dict]]
) -> dict:
    """Return the suggestion fields of one of the text's `flags`: `suggestion`, its kind, scope, result and `edit`.

    `recheck` returns the flags of a sentence (without suggestions); an edit counts only if the sentence it leaves
    reads cleanly, raises no flag of the flag's category and no category the sentence did not raise before.
    """
    s_start, s_end = _sentence_span(text, flag["start"])
    allowed = {other["category"] for other in flags if other["start"] < s_end and other["end"] > s_start}
    allowed.discard(flag["category"])
    for kind, scope, start, end, new, words in _edits(text, flag, rule_suggestion):
        if scope == "sentence":
            return _fields(kind, scope, start, end, new, words, "")
        start, new = _article_agreeing(text, s_start, start, new, end)
        edited = text[:start] + new + text[end:]
        _, e_end = _sentence_span(edited, s_start)
        result = _settled(edited[s_start:e_end].strip(), flag["category"], allowed, recheck)
        # A clause left on its own must say something ("I reckon." does not).
        if result is None or not is_clean_sentence(result) or (scope == "clause" and len(result.split()) < 3):
            continue
        if result != edited[s_start:e_end].strip():
            start, end, new = _trimmed(
                text, s_start, s_end, edited[s_start:e_end].replace(edited[s_start:e_end].strip(), result, 1)
            )
            # More changed than the flagged words (a noun made neutral too): offered as the sentence to use,
            # so the button does not say "Remove 'young'" for an edit that also rewrites "guy".
            return _fields("replace", "sentence", start, end, new, result, result)
        return _fields(kind, scope, start, end, new, words, result)
    raise AssertionError("removing the sentence is always possible")  # pragma: no cover


def _trimmed(text: str, start: int, end: int, new: str) -> tuple[int, int, str]:
    """Return the smallest edit that turns text[start:end] into `new`."""
    old = text[start:end]
    prefix = 0
    while prefix < min(len(old), len(new)) and old[prefix] == new[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(old), len(new)) - prefix and old[-1 - suffix] == new[-1 - suffix]:
        suffix += 1
    return start + prefix, end - suffix, new[prefix : len(new) - suffix]


def _fields(kind: str, scope: str, start: int, end: int, new: str, words: str, result: str) -> dict:
    return {
        # Replace: the words to use. Remove: the words that go (the whole sentence for scope "sentence").
        "suggestion": words,
        "suggestion_kind": kind,
        "suggestion_scope": scope,  # phrase, words, clause or sentence
        "suggestion_result": result,  # the sentence as it reads after the edit ("" when it goes)
        "edit": {"start": start, "end": end, "text": new},
    }
