"""Phrase-level bias detection for interview feedback: flags, a severity and a sanitized text.

The rules live in versioned data files (recruiting/bias_data/v<N>.json) so wording can be reviewed
and extended without code changes. Each rule is a case-insensitive regular expression matched on
word boundaries, with lookaheads for context ("attractive" is flagged, "attractive offer" is not);
spans covered by a neutral pattern ("native iOS app", "he/him pronouns") are never flagged.
Since v5 a term may also have to be said of the candidate (a judgement frame: "he's short", "seemed a bit
manic", "a towering guy"), and a health term owned by a relative ("his mother has dementia") is family status.
Since v6 a term listed with modifiers of a technical noun, or said of a technical subject ("the codebase is two
years old"), keeps the technical sense. Since v7 a gendered group noun ("the guys", "men") counts only when judged
in its own clause or in a judgement of belonging, and a term naming who a product is for ("an app for diabetics")
keeps the technical sense. Since v8 a relative the candidate cares for is theirs without a possessive ("caring for an
elderly father with Parkinson's" is family status).
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path

from recruiting import bias_suggestions

DATA_DIR = Path(__file__).resolve().parent / "bias_data"
DATA_VERSION = "v8"
SEVERITIES = ("none", "low", "medium", "high")
CATEGORIES = ("age", "gender", "race_ethnicity", "disability", "appearance", "family_status", "culture_fit")
# What a recruiter reads on a page; the codes stay stable for the API and stored flags.
CATEGORY_LABELS = {
    "age": "Age",
    "gender": "Gender",
    "race_ethnicity": "Race or ethnicity",
    "disability": "Disability or health",
    "appearance": "Appearance",
    "family_status": "Family status",
    "culture_fit": "Coded 'culture fit' language",
}


@dataclass
class BiasReport:
    flags: list[dict] = field(default_factory=list)
    severity: str = "none"
    sanitized_text: str = ""
    bias_filtered: bool = False

    def as_dict(self) -> dict:
        return {
            "flags": self.flags,
            "severity": self.severity,
            "sanitized_text": self.sanitized_text,
            "bias_filtered": self.bias_filtered,
        }


@dataclass(frozen=True)
class Rule:
    category: str
    pattern: re.Pattern
    suggestion: str
    severity: str
    # "always"; "about_a_person" (a person is named near it or is the implied subject); "predicated" (the term
    # is said of the person: "he's short", "seemed a bit manic", "a towering guy"); "experienced" (a health
    # word the person has, takes or uses: "had surgery", "uses a cane", or predicated); "judged" (a gendered
    # noun in a sentence that judges or predicts: "a woman would…", not "the woman from the agency").
    gate: str = "always"


# Words that cannot be a modifier between a term and a technical noun ("too old for our team" is about a person).
_FUNCTION_WORDS = (
    "for|to|in|on|at|with|of|and|or|but|so|as|is|was|are|were|be|he|she|they|his|her|their|him|them|who|which|"
    "that|the|a|an|not|no|would|will|could|might|may|can|if|than|when|because|about|over|around|like|by|from|"
    "into|up|out|during|after|before|has|had|have|very|too|really|quite"
)


def _technical_nouns(data: dict) -> str:
    """Return the alternation of a rules version's technical nouns (with plurals, rules v7 on: "the schemas")."""
    nouns = "|".join(data.get("technical_nouns", [])) or "(?!)"
    return rf"(?:{nouns})(?:s|es)?" if data.get("technical_noun_plurals") else rf"(?:{nouns})"


def _technical_follower(nouns: str, coordinated: bool = False, non_modifiers: tuple[str, ...] = ()) -> str:
    """Return a pattern for a technical noun right after a term (after an article and up to two modifiers).

    With `coordinated` (rules v6 on) the term may also be one of a list of modifiers of that noun: "young and
    old generations", "Short, crisp answers". `non_modifiers` (rules v7) are more words that cannot stand in
    such a list: pronouns, modals and auxiliaries ("Wears a kippah, we should check…" is a new clause).
    """
    function_words = "|".join((_FUNCTION_WORDS, *(re.escape(word) for word in non_modifiers)))
    modifier = rf"(?!(?:{function_words})\b)[\w-]+ "
    listed = ""
    if coordinated:
        # No article after the comma or "and": "he's old and the codebase is new" is two clauses.
        listed = rf"|(?:, |,? (?:and|or|&) )(?:(?!(?:{function_words})(?![\w-]))[\w-]+,? ){{1,2}}{nouns}(?![\w-])"
    return (
        rf"(?:'s|')?[ -](?:(?:the|a|an|our|its|their|this|that|two|three|both|all|each) )?(?:{modifier}){{0,2}}"
        rf"{nouns}(?![\w-]){listed}"
    )


@lru_cache(maxsize=4)
def _technical_after(version: str) -> re.Pattern:
    """Compile, once per rules version, the technical noun that puts any term before it in its technical sense.

    Checked after a term matched rather than as a lookahead inside every rule: a copy of this alternation in each
    of several hundred rules made compiling the rules take seconds, and the first check after a restart with it.
    """
    data = _data(version)
    follower = _technical_follower(
        _technical_nouns(data),
        data.get("coordinated_technical_sense", False),
        tuple(data.get("non_modifiers", ())),
    )
    return re.compile(follower, re.IGNORECASE)


@lru_cache(maxsize=4)
def _technical_audience(version: str) -> re.Pattern:
    """Compile "<technical noun> for [a modifier]" at the end of the text before a term (rules v7 on).

    The term names who a product is for, not the candidate: "a health app for diabetics", "tools for blind users".
    """
    data = _data(version)
    if not data.get("technical_audience"):
        return _NEVER
    linkers = "|".join(data["technical_audience"])
    return re.compile(
        rf"(?<![\w-]){_technical_nouns(data)}\s+(?:{linkers})\s+(?:(?:the|a|an|all)\s+)?(?:[\w-]+\s+)?$",
        re.IGNORECASE,
    )


def _compile(pattern: str) -> re.Pattern:
    # Word boundaries that also treat hyphens as part of a word, so "non-native" is not "native".
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=4)
def load_rules(version: str = DATA_VERSION) -> tuple[tuple[Rule, ...], tuple[re.Pattern, ...]]:
    """Return the rules and the neutral word senses of a rules version."""
    data = _data(version)
    rules = tuple(
        Rule(
            category=category,
            pattern=_compile(rule["pattern"]),
            # A placeholder was a partner redaction, not wording an interviewer could use: no suggestion.
            suggestion="" if "{placeholder}" in rule["suggestion"] else rule["suggestion"],
            severity=rule.get("severity", spec["severity"]),
            gate=rule.get("gate", "always"),
        )
        for category, spec in data["categories"].items()
        for rule in spec["rules"]
    )
    # Term classes: "always" terms are biased wherever they stand; "about_a_person" terms have an everyday
    # or technical sense too ("hot partitions", "trimmed the fat"), so they count only in a sentence about someone.
    rules += tuple(
        Rule(
            category=category,
            pattern=_term_class_pattern(terms),
            suggestion="",
            severity=data["categories"][category]["severity"],
            gate=kind,
        )
        for category, classes in data.get("term_classes", {}).items()
        for kind, terms in classes.items()
        if terms
    )
    neutral = tuple(_compile(pattern) for pattern in data["neutral_patterns"])
    return rules, neutral


@lru_cache(maxsize=4)
def _data(version: str) -> dict:
    return json.loads((DATA_DIR / f"{version}.json").read_text(encoding="utf-8"))


# Inflections of a term-class stem, so "retire" also catches "retiring" and "retirees" without a rule each.
_INFLECTIONS = "(?:s|es|ed|d|ing|ly|er|ers|ee|ees)?"


def _term_class_pattern(terms: list[str]) -> re.Pattern:
    stems = "|".join(term.strip() for term in sorted(terms, key=len, reverse=True))
    # "-looking"/"-sounding" compounds keep the term's sense: "frail-looking", "Indian-sounding".
    return re.compile(
        rf"(?<![\w-])(?:{stems}){_INFLECTIONS}(?:[- ](?:looking|sounding))?(?![\w-])",
        re.IGNORECASE,
    )


# Shown beside a flag so the interviewer knows why the phrase matters, not just that it was caught.
CATEGORY_WHY = {
    "age": "Age and its proxies (graduation year, generation, retirement) are not evidence of skill.",
    "gender": "Judging by gender or gender-coded traits is not evidence of how the candidate will do the job.",
    "race_ethnicity": "Origin, accent, native language, religion and religious dress say nothing about job skills.",
    "disability": "Health and disability are private and may not be used to judge a candidate.",
    "appearance": "Looks, build, hair and clothing are not part of the role's criteria.",
    "family_status": "Marriage, pregnancy, children and caregiving must not be weighed in a hiring decision.",
    "culture_fit": "'Culture fit' is vague and often hides bias; name the behaviour or value you observed.",
}
_SENTENCE = bias_suggestions.SENTENCE


def withheld_sentence_marker(categories: list[str]) -> str:
    """Return the marker that stands in for a sentence withheld from partners."""
    labels = " and ".join(dict.fromkeys(CATEGORY_LABELS[c].lower() for c in categories))
    return f"[Sentence withheld: it commented on {labels}.]"


def sanitize_for_partners(text: str, flags: list[dict]) -> str:
    """Withhold every flagged sentence whole, so partners never get a reworded or broken claim.

    Removing a phrase mid-sentence produced "She is should focus on ..." and turned "not a native
    speaker" into a different claim; a whole sentence with a marker is always grammatical and honest.
    """
    pieces: list[str] = []
    for match in _SENTENCE.finditer(text):
        start, end = match.span()
        hit = [flag["category"] for flag in flags if flag["start"] < end and flag["end"] > start]
        sentence = match.group().strip()
        if sentence:
            pieces.append(withheld_sentence_marker(hit) if hit else sentence)
    return " ".join(pieces)


_NEVER = re.compile("(?!)")  # a frame a rules version does not have: matches nothing


@dataclass(frozen=True)
class PersonFrames:
    """Patterns that tell whether a term is said about someone, from the rules file."""

    reference: re.Pattern  # he, her, candidate, guy, lad…
    implied_subject: re.Pattern  # a terse note with the candidate as implied subject: "Seemed…", "Wears…"
    predicate_before: re.Pattern  # "he's", "she seemed a bit", "the candidate looks very" right before a term
    predicate_after: re.Pattern  # what may follow a predicated term: punctuation, "and", "which"…
    person_noun_after: re.Pattern  # a person noun right after the term: "a towering guy", "polished-looking candidate"
    relative_owner: re.Pattern  # "his mother", "her son's", right before a term about health
    relative_after: re.Pattern  # a relative right after the term: "his disabled sister"
    experiencer: re.Pattern  # "has", "is recovering from", "takes", "uses a" right before a health term
    judgement: re.Pattern  # a word that judges or predicts: "too", "would", "fit", "clients", "seriously"…
    # A technical or organisational subject and a copula right before a term: "the codebase is two years old",
    # "our team is young" (rules v6 on); the term is said of that thing, not of the candidate.
    technical_subject: re.Pattern = _NEVER
    # Rules v7: a gendered group noun is judged only in its own clause ("the men who built it had left, so she would
    # own it" is not a judgement of men), or where the sentence weighs belonging ("…rowdy, she might not be
    # comfortable").
    clause_break: re.Pattern | None = None
    belonging: re.Pattern = _NEVER


@lru_cache(maxsize=4)
def _person_frames(version: str) -> PersonFrames:
    """Compile the person frames of a rules version."""
    data = _data(version)
    words = "|".join(sorted((re.escape(word) for word in data["person_references"]), key=len, reverse=True))
    reference = re.compile(rf"(?<![\w-])(?:{words})(?![\w-])", re.IGNORECASE)
    if "person_frames" not in data:  # rules before v5: a person reference nearby is the only frame
        never = _NEVER
        return PersonFrames(reference, never, never, never, never, never, never, never, never, never)
    frames = data["person_frames"]
    nouns = "|".join(sorted(frames["person_nouns"], key=len, reverse=True))
    copulas = "|".join(sorted(frames["copulas"], key=len, reverse=True))
    # At the start of a terse note the copula has no subject: "Seemed a bit manic", "Is very tall".
    bare_copulas = "|".join(c.strip() for c in sorted(frames["copulas"], key=len, reverse=True) if c[0] == " ")
    modifiers = rf"(?:\s+(?:{'|'.join(frames['modifiers'])}|\w+ly),?)*"
    openers = "|".join(sorted(frames["implied_subject_openers"], key=len, reverse=True))
    interjections = "|".join(frames["interjections"])
    lead = rf"^\s*(?:(?:{interjections})[,:]?\s+)*"
    relatives = "|".join(data["relatives"])
    # Rules v8: a relative the candidate cares for is theirs without a possessive ("caring for an elderly father
    # with Parkinson's"), so the health term is caregiving (family status), not the candidate's disability.
    caregiving = "".join(rf"|(?:{verb})\s+(?:an?|the|his|her|their)" for verb in data.get("caregiving_owners", ()))
    return PersonFrames(
        reference=reference,
        implied_subject=re.compile(rf"{lead}(?:{openers})(?![\w-])", re.IGNORECASE),
        predicate_before=re.compile(
            rf"(?:(?<![\w-])(?:{words}|{nouns})\s*(?:{copulas})|{lead}(?:(?:{bare_copulas})(?![\w-]))?){modifiers}\s*$",
            re.IGNORECASE,
        ),
        predicate_after=re.compile(
            rf"^(?:[- ]looking)?(?:\s*(?:[,;:.!?()—–]|$)|\s+(?:{'|'.join(frames['predicate_followers'])})(?![\w-]))",
            re.IGNORECASE,
        ),
        person_noun_after=re.compile(rf"^(?:[- ]looking)?\s+(?:[\w-]+\s+)?(?:{nouns})(?![\w-])", re.IGNORECASE),
        relative_owner=re.compile(
            rf"(?<![\w-])(?:(?:his|her|their|the candidate's|candidate's){caregiving})\s+(?:[\w-]+\s+)?(?:{relatives})"
            rf"(?:'s)?(?![\w-])[^,;.!?]{{0,30}}$",
            re.IGNORECASE,
        ),
        relative_after=re.compile(rf"^\s+(?:{relatives})(?![\w-])", re.IGNORECASE),
        experiencer=re.compile(rf"(?<![\w-]){frames.get('experiencer', '(?!)')}", re.IGNORECASE),
        judgement=re.compile(
            rf"(?<![\w-])(?:{'|'.join(frames.get('judgement_cues', ['(?!)']))})(?![\w-])", re.IGNORECASE
        ),
        technical_subject=_technical_subject(data),
        clause_break=re.compile(frames["clause_breaks"], re.IGNORECASE) if "clause_breaks" in frames else None,
        belonging=re.compile(rf"(?<![\w-])(?:{'|'.join(frames.get('belonging_cues', ['(?!)']))})", re.IGNORECASE),
    )


def _technical_subject(data: dict) -> re.Pattern:
    """Compile "<technical noun> <copula> [up to two words]" at the end of the text before a term."""
    copulas = data["person_frames"].get("technical_subject_copulas")
    if not copulas:
        return _NEVER
    nouns = _technical_nouns(data)
    # Rules v7: no preposition between the copula and the term ("the client is looking for native speakers" is
    # about the people sought, not a thing).
    gap_excludes = "|".join(data["person_frames"].get("technical_subject_gap_excludes", ())) or "(?!)"
    return re.compile(
        rf"(?<![\w-]){nouns}\s*(?:{'|'.join(copulas)})\s+(?:(?!(?:{gap_excludes})\s)[\w-]+\s+){{0,2}}$",
        re.IGNORECASE,
    )


# How many characters either side of a term a person reference may stand and still be what the term is about.
_PERSON_WINDOW = 40


@lru_cache(maxsize=8)
def _sentence_starts(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    spans = [match.span() for match in _SENTENCE.finditer(text)]
    return tuple(span[0] for span in spans), tuple(span[1] for span in spans)


def _sentence_span(text: str, start: int) -> tuple[int, int]:
    """Return the span of the sentence holding `start` (found once per text, then by bisection)."""
    starts, ends = _sentence_starts(text)
    i = bisect_right(starts, start) - 1
    if i >= 0 and start < ends[i]:
        return starts[i], ends[i]
    return start, start


# How far back in its sentence a term's subject, copula and modifiers may stand ("the candidate seemed a bit…").
_PREDICATE_WINDOW = 120


def _is_about_a_person(text: str, start: int, end: int, frames: PersonFrames) -> bool:
    """Return whether a person is named near the term in its sentence, or is the note's implied subject."""
    s_start, s_end = _sentence_span(text, start)
    window = text[max(s_start, start - _PERSON_WINDOW) : min(s_end, end + _PERSON_WINDOW)]
    # The term may itself open the note ("Prays five times a day…").
    opening = text[s_start : min(max(start, end), s_start + _PREDICATE_WINDOW)]
    return bool(frames.reference.search(window) or frames.implied_subject.match(opening))


def _is_predicated(text: str, start: int, end: int, frames: PersonFrames) -> bool:
    """Return whether the term is said of a person: its complement ("he's short") or a person noun's modifier."""
    s_start, s_end = _sentence_span(text, start)
    # A leading space lets the modifiers of a terse note match from its very start ("Very striking…"); a
    # window cut inside a long sentence starts with a mark that no sentence opening matches.
    window_start = max(s_start, start - _PREDICATE_WINDOW)
    before = (" " if window_start == s_start else "\x00") + text[window_start:start]
    after = text[end : min(s_end, end + _PREDICATE_WINDOW)]
    if frames.person_noun_after.match(after):
        return True
    return bool(frames.predicate_before.search(before) and frames.predicate_after.match(after))


def _is_experienced(text: str, start: int, end: int, frames: PersonFrames) -> bool:
    """Return whether a person has, takes or uses what the term names ("had surgery", "uses a cane")."""
    s_start, _ = _sentence_span(text, start)
    before = text[max(s_start, start - 60) : start]
    experienced = frames.experiencer.search(before)
    # A note that opens with the experience has the candidate as its subject: "Back from a hospital stay".
    if experienced and start - s_start <= 60 and not before[: experienced.start()].strip():
        return True
    if experienced and _is_about_a_person(text, start, end, frames):
        return True
    return _is_predicated(text, start, end, frames)


def _is_judged(text: str, start: int, end: int, frames: PersonFrames) -> bool:
    """Return whether the term stands in a sentence that judges or predicts ("a woman would…", "for a guy")."""
    s_start, s_end = _sentence_span(text, start)
    return bool(frames.judgement.search(text, s_start, s_end))


def _is_group_judged(text: str, start: int, end: int, frames: PersonFrames) -> bool:
    """Return whether a gendered group noun is judged in its own clause, or the sentence weighs belonging.

    "The men who built it had left, so she would own it" names people; "men in this role need a spine" and "the
    guys on the team r rowdy, she might not be comfortable" judge by gender (rules v7, gate `grouped`).
    """
    s_start, s_end = _sentence_span(text, start)
    if frames.clause_break is None:
        return bool(frames.judgement.search(text, s_start, s_end))
    if frames.belonging.search(text, s_start, s_end):
        return True
    breaks_before = [m.end() for m in frames.clause_break.finditer(text, s_start, start)]
    after = frames.clause_break.search(text, end, s_end)
    return bool(
        frames.judgement.search(
            text, breaks_before[-1] if breaks_before else s_start, after.start() if after else s_end
        )
    )


def _category_for_whom(
    text: str, start: int, end: int, category: str, relative_roles: dict, frames: PersonFrames
) -> str:
    """Return the category of a term as it applies: a relative's health is the candidate's caregiving."""
    if category not in relative_roles:
        return category
    s_start, _ = _sentence_span(text, start)
    before = text[max(s_start, start - _PREDICATE_WINDOW) : start]
    owned = frames.relative_owner.search(before) or frames.relative_after.match(text[end : end + 40])
    return relative_roles[category] if owned else category


def _without_bare_head_nouns(
    text: str, chosen: list[tuple[int, int, Rule]], described_by: frozenset[str]
) -> list[tuple[int, int, Rule]]:
    """Drop a gendered noun that only heads an age or origin flag: "an older Black man" is about age and race.

    The noun names who the age or origin term describes (rules v7 on, `head_noun_adds_no_category` lists those
    categories). After a judgement-laden term ("pregnant women shouldn't…", "a glamorous woman") or in a judgement
    of its own ("a woman would get eaten alive") it stays.
    """
    kept: list[tuple[int, int, Rule]] = []
    for start, end, rule in chosen:
        previous = kept[-1] if kept else None
        if (
            rule.gate in ("judged", "grouped")
            and previous is not None
            and previous[2].category in described_by
            and not text[previous[1] : start].strip()
        ):
            continue
        kept.append((start, end, rule))
    return kept


@lru_cache(maxsize=512)
def _sentence_flags(sentence: str, version: str) -> tuple[dict, ...]:
    """Return the flags of one sentence without suggestions: suggestions re-check the sentences they edit."""
    return tuple(check_bias(sentence, version=version, suggest=False).flags)


def check_bias(text: str, *, version: str = DATA_VERSION, suggest: bool = True) -> BiasReport:
    """Flag biased phrases in `text` and return the copy partners may see.

    Each flag carries a suggestion the interviewer may accept (recruiting/bias_suggestions.py); `suggest=False`
    skips them (re-checking an edited sentence).
    """
    text = text or ""
    rules, neutral = load_rules(version)
    frames = _person_frames(version)
    # Every rule, not only term classes, reads a following technical noun as the technical sense
    # ("divorced the billing module", "a hospital scheduling system", "native app", "parent process").
    technical_after = _technical_after(version)
    technical_audience = _technical_audience(version)
    protected = [(m.start(), m.end()) for pattern in neutral for m in pattern.finditer(text)]
    candidates: list[tuple[int, int, Rule]] = []
    for rule in rules:
        for match in rule.pattern.finditer(text):
            start, end = match.span()
            if start == end or any(start < p_end and p_start < end for p_start, p_end in protected):
                continue
            if technical_after.match(text, end):
                continue
            if technical_audience.search(text, max(0, start - _PERSON_WINDOW), start):
                continue
            # "the codebase is two years old": said of a thing. Not for gendered nouns, which name the people a
            # group is made of ("the team is all blokes, she might feel out of place").
            if rule.gate not in ("judged", "grouped") and frames.technical_subject.search(
                text, max(0, start - _PERSON_WINDOW), start
            ):
                continue
            if rule.gate == "about_a_person" and not _is_about_a_person(text, start, end, frames):
                continue
            if rule.gate == "predicated" and not _is_predicated(text, start, end, frames):
                continue
            if rule.gate == "experienced" and not _is_experienced(text, start, end, frames):
                continue
            if rule.gate == "judged" and not _is_judged(text, start, end, frames):
                continue
            if rule.gate == "grouped" and not _is_group_judged(text, start, end, frames):
                continue
            candidates.append((start, end, rule))
    # Longest match wins where rules overlap; then left to right.
    candidates.sort(key=lambda item: (item[0], -(item[1] - item[0])))
    chosen: list[tuple[int, int, Rule]] = []
    for start, end, rule in sorted(candidates, key=lambda item: (-(item[1] - item[0]), item[0])):
        # The very same words may carry two categories ("grey hair": age and appearance); a word inside a
        # longer flag does not add its own ("man" in "man bun", "wife" in "separated from his wife").
        if all(
            end <= c_start or start >= c_end or ((start, end) == (c_start, c_end) and c_rule.category != rule.category)
            for c_start, c_end, c_rule in chosen
        ):
            chosen.append((start, end, rule))
    chosen.sort(key=lambda item: item[0])
    if heads_of := _data(version).get("head_noun_adds_no_category"):
        chosen = _without_bare_head_nouns(text, chosen, frozenset(heads_of))

    relative_roles = _data(version).get("relative_roles", {})
    flags = [
        {
            "category": (category := _category_for_whom(text, start, end, rule.category, relative_roles, frames)),
            "label": CATEGORY_LABELS[category],
            "why": CATEGORY_WHY[category],
            "phrase": text[start:end],
            "start": start,
            "end": end,
            "suggestion": rule.suggestion or None,
            "severity": rule.severity,
        }
        for start, end, rule in chosen
    ]
    if suggest:
        recheck = partial(_sentence_flags, version=version)
        for flag, (_, _, rule) in zip(flags, chosen, strict=True):
            flag.update(bias_suggestions.suggest(text, flag, flags, rule.suggestion, recheck))
    sanitized = sanitize_for_partners(text, flags) if flags else text
    severity = max((flag["severity"] for flag in flags), key=SEVERITIES.index, default="none")
    if len(flags) >= 3 and severity == "low":
        severity = "medium"
    return BiasReport(flags=flags, severity=severity, sanitized_text=sanitized, bias_filtered=sanitized != text)
