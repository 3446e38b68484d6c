"""Every bias flag offers the interviewer something to accept: a neutral rewording, or a removal that leaves
grammatical text and no longer raises the flag. The sentences here were written for this test, not taken from
the corpus."""

import re

import pytest

from recruiting.bias import check_bias

# Realistic feedback per category: accents, apostrophes, British spelling, texting style, long sentences.
FEEDBACK = {
    "age": [
        "Hired a young, energetic guy for the platform team last year and he's been brilliant.",
        "Strong on Postgres. He is 58 and probably close to retirement, which worries me a bit.",
        "Bit old for a junior role tbh, but the SQL was spot on.",
        "Solid Go skills, though she's a bit old for a junior role.",
        "A real digital native, picked up our tooling in an afternoon.",
        "Graduated in the nineties so the React knowledge might be shaky.",
        "Young and energetic, designed the job queue in Bogotá really well.",
        "We need a young, hungry guy for this.",
        "Honestly a lovely chap, must be nearly sixty, explained the caching layer clearly and answered every "
        "follow-up question on replication lag without notes.",
        "Too old to learn a new stack, I reckon.",
        "lol he's basically a grandad, knows COBOL inside out",
        "Not a spring chicken, but still quick on the whiteboard.",
        "Walked us through the billing migration. Must be close to retirement, mind. Answers on idempotency were "
        "the best we've had this quarter.",
    ],
    "gender": [
        "Honestly a lovely bloke, would be great with clients.",
        "A woman would get eaten alive by the vendors on this account.",
        "Very bossy in the pairing exercise, kept steering the keyboard.",
        "Man up and own the incident, that's what I'd tell him.",
        "Chairman of the architecture guild material, no doubt.",
        "The girl from the agency wouldn't cope with the on-call rota.",
    ],
    "race_ethnicity": [
        "Not a native English speaker.",
        "He has a thick accent but explained the design clearly.",
        "She wears a hijab; answers on the organisation's data model were crisp.",
        "Originally from Nigeria, asked sensible questions about the release process.",
        "Has a foreign-sounding name, might confuse the clients.",
        "José's not a native English speaker, so written reports could be slow.",
        "Has a strong Scottish accent, hard to follow on calls.",
        "Prays five times a day, would need breaks during sprints.",
    ],
    "disability": [
        "Uses a wheelchair, might struggle with the office on the third floor.",
        "Mentioned she has MS, not sure she could handle the travel.",
        "Seemed a bit manic, honestly; the design round itself went fine.",
        "He's on antidepressants, which could be a risk in a high-pressure role.",
        "Great debugging instincts, though he's partially sighted.",
        "Wheelchair user, office has no lift, so prob not.",
        "He's got ADHD, kept fidgeting, though the recursion answer was neat.",
    ],
    "appearance": [
        "Bit overweight but very sharp on distributed systems.",
        "Wears a lot of make-up, seemed more bothered about looks than the code.",
        "Very tall guy, towered over the panel.",
        "Tattoos all up his arms, not sure how clients would take it.",
        "Scruffy trainers and a hoodie, but the whiteboard session was excellent.",
        "Dreadlocks and a nose ring, not very corporate, but she knew her Terraform.",
        "Very pretty girl, clients will love her.",
    ],
    "family_status": [
        "She is married, should focus on family.",
        "Mother of two, so she probably wants a strict 9-to-5.",
        "She has kids, so travel may be hard. Strong SQL, rated 4.5 by the panel.",
        "Got a baby on the way, might not be around much next year.",
        "Newly married, so he'll probably want time off soon.",
        "Single, no kids, could easily relocate to Zürich.",
        "She’s pregnant, so the start date might slip.",
        "Recently divorced, might be distracted for a while.",
        "Her husband works for a competitor, which could be awkward.",
        "Great on Kafka. Has three kids under five, so on-call might be a stretch. Otherwise a strong yes.",
    ],
    "culture_fit": [
        "Great culture fit, solid Go skills.",
        "Not a culture fit for the squad, too quiet in stand-ups.",
    ],
}
ALL_FEEDBACK = [(category, text) for category, texts in FEEDBACK.items() for text in texts]

# Words that cannot end a sentence, or open one that followed a removed clause.
DANGLING_ENDINGS = {"and", "but", "or", "so", "is", "are", "was", "were", "has", "had", "a", "an", "the", "of", "to"}
DANGLING_OPENINGS = {"and", "but", "or", "so", "which", "because", "though", "although"}


def applied(text: str, flag: dict) -> str:
    edit = flag["edit"]
    return text[: edit["start"]] + edit["text"] + text[edit["end"] :]


def grammar_problems(original: str, text: str) -> list[str]:
    """Return what makes edited feedback read badly, by the rules the issue sets for a suggestion."""
    problems = []
    if "  " in text or re.search(r"\s[,;.!?]|[,;]\s*[,;.!?]|[.!?;,][^\W\d_]|^\s|\s$", text):
        problems.append("doubled space or dangling punctuation")
    if re.search(r"\b(?:is|was|are|were|has)\s+(?:should|would|could|might|may|will|can)\b", text, re.I):
        problems.append("dangling auxiliary")
    if re.search(r"\ba\s+[aeio]", text, re.I) or re.search(r"\ban\s+[bcdfgjklmnpqrstvwxyz]", text, re.I):
        problems.append("article does not agree")
    if re.search(r"\b(?:a|an|the)\s*[,.;]", text, re.I):
        problems.append("dangling article")
    if text and original.rstrip()[-1] in ".!?" and text[-1] not in ".!?":
        problems.append("final punctuation lost")
    for sentence in re.findall(r"[^.!?]+[.!?]*", text):
        words = re.findall(r"[\w'’-]+", sentence)
        if not words:
            continue
        if not (sentence.strip()[0].isupper() or sentence.strip()[0].isdigit()):
            problems.append(f"sentence starts in lower case: {sentence!r}")
        if words[0].lower() in DANGLING_OPENINGS or words[-1].lower() in DANGLING_ENDINGS:
            problems.append(f"dangling conjunction or auxiliary: {sentence!r}")
    return problems


def categories_around(text: str, position: int) -> set[str]:
    """Return the categories flagged in the sentence of `text` that holds `position`."""
    for match in re.finditer(r"[^.!?]+[.!?]*", text):
        if match.start() <= position <= match.end():
            return {flag["category"] for flag in check_bias(match.group()).flags}
    return set()


@pytest.mark.parametrize(("category", "text"), ALL_FEEDBACK, ids=[text[:40] for _, text in ALL_FEEDBACK])
def test_every_flag_offers_a_suggestion_that_reads_well_and_clears_the_flag(category, text):
    flags = check_bias(text).flags
    assert category in {flag["category"] for flag in flags}, f"{text!r} should be flagged as {category}"
    for flag in flags:
        assert flag["suggestion"], flag
        assert flag["suggestion_kind"] in {"replace", "remove"}
        edited = applied(text, flag)
        assert grammar_problems(text, edited) == [], (flag, edited)
        assert flag["category"] not in categories_around(edited, flag["edit"]["start"]), (flag, edited)
        if flag["suggestion_scope"] != "sentence":
            assert flag["suggestion_result"] in edited  # the page shows exactly what the click leaves


def only_flag(text: str) -> dict:
    flags = check_bias(text).flags
    assert len(flags) == 1, flags
    return flags[0]


@pytest.mark.parametrize(
    ("written", "category", "label", "after"),
    [
        # A clause cannot come out cleanly ("She is should…", "Should focus on family"): the sentence goes.
        ("She is married, should focus on family.", "family_status", "remove sentence", ""),
        # The inference is drawn from the family detail ("so…"): it goes with it.
        ("Mother of two, so she probably wants a strict 9-to-5.", "family_status", "remove sentence", ""),
        # Never "Not a fluent English speaker": a different claim. The sentence goes.
        ("Not a native English speaker.", "race_ethnicity", "remove sentence", ""),
        # The modifier goes and the article agrees: not "a, energetic guy", not "a energetic guy"; the gendered
        # noun the rules read in the new shape ("hired an energetic guy") is made neutral in the same step, so
        # the suggestion is the sentence to use, not "remove 'young'".
        ("Hired a young, energetic guy.", "age", "replace sentence", "Hired an energetic candidate."),
        ("Honestly a lovely bloke, would be great with clients.", "gender", "replace phrase",
         "Honestly a lovely candidate, would be great with clients."),
        ("He has a thick accent but explained the design clearly.", "race_ethnicity", "remove clause",
         "Explained the design clearly."),
        ("Solid Go skills, though she's a bit old for a junior role.", "age", "remove clause", "Solid Go skills."),
        ("A real digital native, picked up the tooling quickly.", "age", "replace phrase",
         "Comfortable with modern tools, picked up the tooling quickly."),
        ("Great culture fit, solid Go skills.", "culture_fit", "replace phrase",
         "Well aligned with how the team works, solid Go skills."),
        ("Not a culture fit for the squad, too quiet in stand-ups.", "culture_fit", "replace phrase",
         "Not aligned with how the team works for the squad, too quiet in stand-ups."),
        ("Bit old for a junior role tbh, but the SQL was spot on.", "age", "remove clause",
         "The SQL was spot on."),
        # What is left after a removed clause may not be an inference drawn from it.
        ("Mentioned she has MS, not sure she could handle the travel.", "disability", "remove sentence", ""),
        # A rules-file suggestion that is right is kept.
        ("Chairman of the board material.", "gender", "replace phrase", "Chair of the board material."),
        # One that was an instruction, not wording, is not offered: removal instead.
        ("Graduated in the nineties.", "age", "remove sentence", ""),
    ],
)  # fmt: skip
def test_hard_cases(written, category, label, after):
    flag = only_flag(written)
    assert flag["category"] == category
    assert f"{flag['suggestion_kind']} {flag['suggestion_scope']}" == label
    assert applied(written, flag) == after
    assert flag["suggestion_result"] == after


def test_removing_a_sentence_keeps_the_other_sentences_word_for_word():
    written = "She has kids, so travel may be hard. Strong SQL, rated 4.5 by the panel."
    flag = only_flag(written)
    assert (flag["suggestion_kind"], flag["suggestion_scope"]) == ("remove", "sentence")
    assert flag["suggestion"] == "She has kids, so travel may be hard."
    assert applied(written, flag) == "Strong SQL, rated 4.5 by the panel."
    last = "Strong SQL, rated 4.5 by the panel. She has kids, so travel may be hard."
    assert applied(last, only_flag(last)) == "Strong SQL, rated 4.5 by the panel."
    middle = "Strong SQL. She has kids, so travel may be hard. Rated 4.5 by the panel."
    assert applied(middle, only_flag(middle)) == "Strong SQL. Rated 4.5 by the panel."
    lines = "Strong SQL.\nShe has kids, so travel may be hard.\nRated 4.5 by the panel.\n"
    assert applied(lines, only_flag(lines)) == "Strong SQL.\nRated 4.5 by the panel.\n"
    last_line = "Strong SQL.\nShe has kids, so travel may be hard."
    assert applied(last_line, only_flag(last_line)) == "Strong SQL."


def test_removing_a_clause_in_a_later_sentence_keeps_the_space_between_sentences():
    written = "Strong SQL. She wears a hijab; answers were crisp."
    assert applied(written, only_flag(written)) == "Strong SQL. Answers were crisp."


def test_a_replacement_takes_the_case_of_the_phrase_it_replaces():
    assert only_flag("Young and energetic engineer.")["suggestion"] == "Motivated"
    assert only_flag("Keen, young and energetic engineer.")["suggestion"] == "motivated"


def test_nothing_is_suggested_for_clean_feedback():
    assert check_bias("Designed the job queue in São Paulo well; rated 4.5 by the panel.").flags == []
