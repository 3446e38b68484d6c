"""Skills are normalised to canonical ids from a shipped, versioned taxonomy."""

import pytest

from recruiting.skills import (
    FUZZY_CUTOFF,
    UNKNOWN_PREFIX,
    parse_taxonomy,
    resolve_skill,
    resolve_skills,
    taxonomy,
)


def test_taxonomy_is_versioned_and_has_at_least_500_skills_with_variants():
    shipped = taxonomy()
    assert shipped.version
    assert len(shipped.skills) >= 500
    assert sum(1 for skill in shipped.skills.values() if skill.variants) >= 300


@pytest.mark.parametrize(
    ("spellings", "skill_id"),
    [
        (["Postgres", "PostgreSQL", "postgresql", "postgres sql"], "postgresql"),
        (["JS", "JavaScript", "javascript", "ECMAScript"], "javascript"),
        (["React.js", "ReactJS", "React", "react js"], "react"),
        (["k8s", "Kubernetes", "kube"], "kubernetes"),
        (["ML", "Machine Learning", "machine-learning"], "machine-learning"),
        (["C#", "csharp", "C Sharp"], "csharp"),
        (["Python 3", "python3", "Python 3.11", "Python"], "python"),
        (["golang", "Go"], "go"),
        (["Vue 3", "vue.js", "VueJS"], "vue"),
    ],
)
def test_common_variants_resolve_to_one_canonical_skill(spellings, skill_id):
    assert {resolve_skill(spelling) for spelling in spellings} == {skill_id}


@pytest.mark.parametrize(
    ("first", "second"),
    [("Java", "JavaScript"), ("C", "C#"), ("C", "C++"), ("C#", "C++"), ("R", "React"), ("Preact", "React")],
)
def test_similar_looking_skills_stay_different(first, second):
    assert resolve_skill(first) != resolve_skill(second)


@pytest.mark.parametrize(
    ("typo", "skill_id"),
    [("kubernets", "kubernetes"), ("javscript", "javascript"), ("Typescipt", "typescript"), ("anguler", "angular")],
)
def test_misspellings_are_resolved_by_fuzzy_matching(typo, skill_id):
    assert resolve_skill(typo) == skill_id


@pytest.mark.parametrize("near_miss", ["Jav", "Lava", "Javas cript framework thing", "Reactive", "Scale"])
def test_near_misses_are_not_merged_into_a_known_skill(near_miss):
    assert resolve_skill(near_miss).startswith(UNKNOWN_PREFIX)


def test_short_spellings_never_go_through_fuzzy_matching():
    # "Javs" is one edit from "Java" but four letters are too few to guess safely.
    assert resolve_skill("Javs") == f"{UNKNOWN_PREFIX}javs"
    assert FUZZY_CUTOFF >= 85


def test_unknown_skills_keep_a_stable_id_that_matches_other_spellings_of_it():
    assert resolve_skill("Quantum Basket Weaving") == resolve_skill("quantum-basket  weaving")


def test_resolving_a_list_keeps_order_and_drops_repeats_and_blanks():
    assert resolve_skills(["Postgres", "python3", "PostgreSQL", " ", "k8s"]) == ["postgresql", "python", "kubernetes"]


def test_a_spelling_claimed_by_two_skills_is_refused():
    with pytest.raises(ValueError, match="already a spelling"):
        parse_taxonomy("# version: 1\njava | Java | js\njavascript | JavaScript | js\n")


def test_a_taxonomy_without_a_version_is_refused():
    with pytest.raises(ValueError, match="version"):
        parse_taxonomy("python | Python | py\n")
