"""Rules v7: business senses of looks words, audiences of products, gender-coded roles, gender identity named
indirectly, origin verbs, age idioms, and the hard negatives the corpus names."""

import pytest

from recruiting.bias import check_bias


def categories(text: str) -> set[str]:
    return {flag["category"] for flag in check_bias(text).flags}


@pytest.mark.parametrize(
    "text",
    [
        # "Attractive" of an offer or a profile, or attractive *to* someone, is the business sense.
        "He's an attractive hire given the Rust experience.",
        "The offer looked attractive to her given the equity, she asked good questions.",
        "Attractive candidate on paper given the Kafka depth, let's move to onsite.",
        # The term names who a product is for, not the candidate.
        "He worked on a health app for diabetics.",
        "She designed an app for wheelchair users.",
        # An organisation named by origin.
        "She led the Indian engineering office for the last employer.",
        # Technical nouns in the plural keep the technical sense of a marriage verb.
        "Merged the two customer tables and married the schemas with a view layer.",
        # Idioms and technical uses next to the new structures.
        "Needs a thicker skin with code review, otherwise strong.",
        "The SDK's native language is C, she wrapped it in Rust.",
        "We'll wind down the legacy cluster next quarter, he planned it.",
        "His last job before this was at a payments startup.",
        "Great body of work on distributed tracing.",
        "The assistant role reports to the office manager.",
        "She'd make a better tech lead than half our current leads.",
        "Asked what pronouns the UI copy should use; would change the i18n keys.",
        # The hard negatives the issue names (and hard negatives of the v7 structures above pass on v6 too).
        "Built a native iOS app and rebased it onto the master branch.",
        "Killed the parent process cleanly, then did black-box testing of the gateway.",
        "Senior engineer, led the migration of the legacy monolith.",
        "Worked at a young startup where she owned the whole billing stack.",
    ],
)
def test_business_technical_and_audience_senses_are_not_flagged(text):
    assert categories(text) == set()


@pytest.mark.parametrize(
    "text, expected",
    [
        # A gender-coded support role set against a lead role, said of her, or as someone's "type".
        ("She would be a better fit as an assistant than as an architect.", {"gender"}),
        ("She'd honestly be happier in an admin job than leading the platform team.", {"gender"}),
        ("Receptionist type, lovely but not an engineer.", {"gender"}),
        # Gender identity named indirectly, in a judgement.
        ("Pronouns in the email signature... might be a bit much for our traditional clients.", {"gender"}),
        ("Goes by they/them, the client team might find that confusing.", {"gender"}),
        ("Wasn't sure whether to say he or she, the candidate presents quite androgynous.", {"gender"}),
        # Gendered group nouns in casual use, in a judgement.
        ("guys on the team r pretty rowdy, she might not be comfortable tbh", {"gender"}),
        ("Bit of a sissy, backed down immediately.", {"gender"}),
        # Age: retirement idioms, life stage, era memories.
        ("Is he going to be around in five years or will he be on a golf course?", {"age"}),
        ("She's of a certain age, might not keep up.", {"age"}),
        ("Remembers punch cards lol.", {"age"}),
        ("Kids these days can't focus, and he's very much one of them.", {"age"}),
        ("Just out of college, still a baby.", {"age"}),
        # Origin: where someone was born, raised or whose family is from; first language; religious dress.
        ("Raised in Eastern Europe, very direct.", {"race_ethnicity"}),
        ("From somewhere in Eastern Europe, hard worker type.", {"race_ethnicity"}),
        ("First language isn't English, some phrasing issues.", {"race_ethnicity"}),
        ("Wears a kippah, we should check he's OK with Friday evening releases.", {"race_ethnicity"}),
        ("Not from a Western background so the informal vibe here could be a stretch.", {"race_ethnicity"}),
        ("Her skin is quite dark, which the client in Dubai might have views on.", {"appearance", "race_ethnicity"}),
        # Appearance and family.
        ("Stunning smile, instantly likeable.", {"appearance"}),
        ("He's a stay-at-home-dad type, soft-spoken, maybe not assertive enough for sales.", {"family_status"}),
    ],
)
def test_structures_v6_missed_are_flagged(text, expected):
    assert categories(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # Caught by v6 through other words; the v7 structures (origin verbs, idioms, gendered groups) must keep them.
        ("Presents as quite masculine, not sure how she'd fit with the sales team.", {"gender"}),
        ("The blokes on site would never listen to her.", {"gender"}),
        ("Winding down towards retirement, I'd guess.", {"age"}),
        ("Old enough to remember dial-up, lol.", {"age"}),
        ("In her fifties, worried she won't keep up.", {"age"}),
        ("Born in Ghana, so the culture here may take adjusting.", {"race_ethnicity"}),
        ("Broken English, might not be client-facing.", {"race_ethnicity"}),
        ("Wears a bindi, clients in the north might stare.", {"race_ethnicity"}),
        ("Bad teeth, not client-ready.", {"appearance"}),
        ("No dependants, so she'll travel.", {"family_status"}),
    ],
)
def test_wordings_the_new_structures_also_cover_stay_flagged(text, expected):
    assert categories(text) == expected


def test_a_person_noun_heading_an_origin_or_age_term_adds_no_gender():
    assert categories("He's an older Black man; some clients may find him intimidating.") == {"age", "race_ethnicity"}


def test_a_gendered_noun_after_a_judgement_laden_term_stays():
    assert categories("Pregnant women shouldn't be on the on-call rota, it's just not fair on her.") == {
        "family_status",
        "gender",
    }


def test_an_age_word_before_looking_is_age_not_appearance():
    assert categories("Very young-looking, the client might not trust her.") == {"age"}


@pytest.mark.parametrize(
    "text",
    [
        # A gendered group noun that names people doing something, with a judgement only in another clause.
        "The guys on the panel agreed she's strong, would hire.",
        "The men who built the original system had left, so she would own it.",
        "The boys in marketing asked about the launch; she answered well.",
        "Girls Who Code mentor for two years, would be a strong lead.",
        "Her team was mostly men; she ran the on-call rota.",
    ],
)
def test_a_gendered_group_noun_that_only_names_people_is_not_flagged(text):
    assert categories(text) == set()


@pytest.mark.parametrize(
    "text",
    [
        "Men are just better at negotiating these vendor contracts, so he has the edge.",
        "The lads here are a rowdy bunch, she might not fit in.",
        "She'd be the only woman, the guys might not take her seriously.",
        "Chatty like most girls, distracted the panel.",
        "She might be too nice to push back on the sales VP, women often are.",
    ],
)
def test_a_gendered_group_noun_judged_in_its_clause_or_in_a_belonging_judgement_is_flagged(text):
    assert "gender" in categories(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        # A preposition after the copula: the people sought, not a thing said of the client.
        ("The client is looking for native English speakers and he isn't one.", {"race_ethnicity"}),
        # Physical ability as a terse note about the candidate; build as a noun.
        ("Couldn't climb the stairs to the meeting room, needed the lift.", {"disability"}),
        ("He's a big unit, might intimidate the juniors.", {"appearance"}),
        ("Great for a mum, surprisingly technical.", {"gender"}),
    ],
)
def test_late_v7_structures_are_flagged(text, expected):
    assert categories(text) == expected
