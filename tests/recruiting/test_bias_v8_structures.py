"""Rules v8: birth years and ages read off looks, height as a measure, build as a noun, mental-illness slang, health
trouble of a body part, caregiving without a possessive, origin through a family's move, religious and ethnic
dress, new parenthood, sick leave for stress; and the hard negatives of each new structure."""

import pytest

from recruiting.bias import check_bias


def categories(text: str, version: str | None = None) -> set[str]:
    flags = check_bias(text, version=version, suggest=False).flags if version else check_bias(text).flags
    return {flag["category"] for flag in flags}


# Each of these is missed by rules v7 (checked below), so the test fails without the v8 structures.
V7_MISSED = [
    # Age: a birth year in any notation, an age read off looks or guessed, a generation's technology.
    ("CV says born 1968, that's not a long runway before he stops working.", "age"),
    ("DOB '71 on the form, so probably not after a long career with us.", "age"),
    ("Looks a good ten years younger than the CV says.", "age"),
    ("Must be fifty-ish, I doubt he wants to be on call.", "age"),
    ("Doesn't look a day over 30 but apparently has two decades in banking.", "age"),
    ("She's just 21, a bit naive.", "age"),
    ("Grew up with smartphones so she'll pick up the mobile work fast.", "age"),
    ("Been coding since the 80s, might not adapt to our pace.", "age"),
    ("Probably near the end of her working life.", "age"),
    ("Fresh graduate vibes, needs a lot of hand-holding.", "age"),
    ("Bit of an old fogey about tooling.", "age"),
    # Appearance: height as a measure of the person or against the room, build as a noun, a body type.
    ("Towers over everyone at six foot five, could feel intimidating to the juniors.", "appearance"),
    ("At six foot six he'd fill the whole meeting room.", "appearance"),
    ("Stocky build, looks more like a rugby player than a developer.", "appearance"),
    ("Slight frame, not sure she'd hold her own with the ops team.", "appearance"),
    ("Big-boned guy, might not fit in our little pods.", "appearance"),
    ("Really overdressed for a startup, almost gaunt too.", "appearance"),
    ("Nicely turned out, but too much bling for our clients.", "appearance"),
    # Disability: mental-illness slang, a body part's health trouble, sick leave for stress, tremor.
    ("Bit of a nutcase if I'm honest, very intense energy.", "disability"),
    ("Struggles with his weight and his knees, won't manage the data centre stairs.", "disability"),
    ("Mentioned his blood pressure, so the on-call rota worries me.", "disability"),
    ("Signed off for three months last year with stress.", "disability"),
    ("Quite a severe tremor in his hands while typing.", "disability"),
    ("Has some kind of eating disorder I think, very thin.", "disability"),
    # Race/ethnicity: a family's move, religious and ethnic dress.
    ("Her family came over from Vietnam when she was a kid.", "race_ethnicity"),
    ("Her family came from Vietnam, so the client dinners could be awkward.", "race_ethnicity"),
    ("Her sari was lovely but not really office wear.", "race_ethnicity"),
    # Family status: new parenthood, choosing no children, a young family.
    ("Just had twins, might be sleep-deprived for a while.", "family_status"),
    ("Recently became a dad, seemed exhausted.", "family_status"),
    ("Childfree by choice, so she'll work the hours.", "family_status"),
    ("He's got a young family so he won't want to relocate.", "family_status"),
    # Round three: an age in words or with "and still…" (not a list before a technical noun), slang for an older
    # engineer, body words that look like family words, dress subcultures, hairstyles, names, leave, limbs, sleep.
    ("He's 62 and still coding, fair play but will he keep up?", "age"),
    ("Has the energy of a twenty-year-old, great for a startup.", "age"),
    ("Bit of a grey-beard, lots of war stories.", "age"),
    ("Bit of a dad bod, not very sporty looking for a fitness app company.", "appearance"),
    ("Looks like a biker, leather jacket and all.", "appearance"),
    ("He was sporting a mohawk, kind of unprofessional.", "appearance"),
    ("She's got one of those names nobody can spell, might be an issue on calls.", "race_ethnicity"),
    ("She just came back from mat leave, probably rusty.", "family_status"),
    ("Empty nester, finally has time for a career.", "family_status"),
    ("Lost a leg in an accident, wouldn't manage the stairs.", "disability"),
    ("Has sleep apnea, dozed off during the system design.", "disability"),
    ("Nervous tic, blinking constantly.", "disability"),
    # Round four: cities of origin, descent named by a demonym, nationality as a degree of manner, regional slang,
    # step-children, a first child expected, colloquial spouses, adoption, clothes that fit badly, body hair, a face
    # judged for a role, starting before an era's technology.
    ("Doubt the Texan clients would get on with someone from Mumbai.", "race_ethnicity"),
    ("Sounds like he's straight off the plane from Lagos.", "race_ethnicity"),
    ("Gypsy background, not sure about trust with the cash systems.", "race_ethnicity"),
    ("Not very British in her manners, a bit forward.", "race_ethnicity"),
    ("Very much a Scouser, might not play well in London.", "race_ethnicity"),
    ("Got three step-kids apparently, busy house.", "family_status"),
    ("Expecting her first in August.", "family_status"),
    ("Wants to be home for bedtime every night, so no evening calls.", "family_status"),
    ("His missus doesn't want him travelling.", "family_status"),
    ("Just adopted a child, will need a lot of time off.", "family_status"),
    ("Wore a suit that was two sizes too big.", "appearance"),
    ("Hairy arms and a hairy chest on show, open shirt.", "appearance"),
    ("She's quite plain, not a face for sales.", "appearance"),
    ("Looked exhausted, dark circles under his eyes.", "appearance"),
    ("Graduated before the web existed.", "age"),
    ("Started his career on mainframes, clearly from another time.", "age"),
    # Round five: vague health nouns after an organ, allergies, devices and conditions by name, life stage in idioms and
    # ordinals, school years, dressing up, revealing or stained clothes, a family put first, family abroad.
    ("He's got a heart thing, mentioned a pacemaker.", "disability"),
    ("She has a lot of allergies, might be off a lot.", "disability"),
    ("Has dwarfism, might struggle with standard desks.", "disability"),
    ("Wears a back brace and winced sitting down.", "disability"),
    ("Way past his sell-by date for a startup.", "age"),
    ("He's in his sixth decade, so not a long-term bet.", "age"),
    ("She could be my daughter, honestly.", "age"),
    ("Looks like she's still in sixth form.", "age"),
    ("Way too glammed up for an engineering interview.", "appearance"),
    ("Wore a crop top to the panel.", "appearance"),
    ("Sweaty palms and a stained tie.", "appearance"),
    ("Family comes first for him, he said it twice.", "family_status"),
    ("Sends money home to his family in Ghana, so he needs the salary.", "race_ethnicity"),
    # Round six: devices and conditions by name, sign language, euphemisms for the mind, a long career, the age of the
    # interviewer's own parents, tribe, a culture's humour, raising siblings, a relative who needs care, clothes by taste.
    ("He's got a stoma, mentioned it casually.", "disability"),
    ("Uses sign language, we'd need an interpreter.", "disability"),
    ("Admitted to being on the sick for a year.", "disability"),
    ("Looked like he was on drugs.", "disability"),
    ("A bit special, if you know what I mean.", "disability"),
    ("Clearly has some issues upstairs.", "disability"),
    ("Has a 30-year career behind him, not sure he'll adapt.", "age"),
    ("Probably the age of my parents.", "age"),
    ("She's in the wrong decade for a grad role.", "age"),
    ("He kept mentioning his tribe, bit odd in an interview.", "race_ethnicity"),
    ("I wasn't sure if he'd understand our British humour.", "race_ethnicity"),
    ("You can tell English isn't what they speak at home.", "race_ethnicity"),
    ("She's the eldest of nine and still helps raise her siblings.", "family_status"),
    ("Mother-in-law lives with them and needs looking after.", "family_status"),
    ("Horrible shoes, and he knew it.", "appearance"),
    # Round seven: a career longer than the interviewer's life, working before an era's landmark, a stated graduation
    # year, type 1, paralysis, former addiction, grooming tools, body parts praised, hair roots, parenthood soon,
    # marriage idioms, a demonym before a person noun, holidays not celebrated, a man called a girl.
    ("He said he's been doing this longer than I've been alive.", "age"),
    ("He was already working when Windows 95 came out.", "age"),
    ("Her graduation year was 2023, so she's only just started out.", "age"),
    ("Has type 1, needs to eat at fixed times.", "disability"),
    ("He's partially paralysed on one side.", "disability"),
    ("Ex-addict, worried about relapse.", "disability"),
    ("Obviously doesn't own an iron.", "appearance"),
    ("Nice legs, if I'm allowed to say that.", "appearance"),
    ("Her roots need doing.", "appearance"),
    ("Looked like he just rolled out of bed.", "appearance"),
    ("Soon to be a father, he said.", "family_status"),
    ("Getting hitched next spring.", "family_status"),
    ("One of the Polish lads from the warehouse, apparently.", "race_ethnicity"),
    ("Doesn't celebrate Christmas, so might feel left out.", "race_ethnicity"),
    ("He's a bit of a girl about deadlines.", "gender"),
    # Round eight: an age "where…", learning disorders by name, walking frames, vertigo, hats and nightwear, a face
    # compared with a ghost, a feature judged, step-parents, another child, religious schooling and denominations.
    ("Still at the age where she thinks she knows everything.", "age"),
    ("She's got some kind of learning thing, dyscalculia maybe.", "disability"),
    ("Uses a walking frame, the office is a no.", "disability"),
    ("Suffers from vertigo, so the rooftop office might not work.", "disability"),
    ("Wore a fedora, enough said.", "appearance"),
    ("Looked like a Victorian ghost, so pale.", "appearance"),
    ("Big nose, hard not to stare.", "appearance"),
    ("Recently became a stepdad, a lot going on.", "family_status"),
    ("Planning to have a second kid soon.", "family_status"),
    ("Went to a madrassa as a kid, said so.", "race_ethnicity"),
    ("She's a Jehovah's Witness, no birthdays at work then.", "race_ethnicity"),
]


@pytest.mark.parametrize(("text", "expected"), V7_MISSED, ids=[text[:40] for text, _ in V7_MISSED])
def test_structures_v7_missed_are_flagged(text, expected):
    assert expected not in categories(text, "v7")
    assert expected in categories(text)


@pytest.mark.parametrize(
    ("text", "expected", "not_expected"),
    [
        # A relative the candidate cares for is theirs without "his"/"her": caregiving, not the candidate's health.
        ("Caring for an elderly father with Parkinson's, so travel would be hard.", "family_status", "disability"),
        ("Cares for a mother with dementia, said she can't travel.", "family_status", "disability"),
        # "A young family" is about children, not the candidate's age.
        ("He's got a young family so he won't want to relocate.", "family_status", "age"),
        # "When she was a kid" is childhood, not an age judgement; the origin is still read.
        ("Her family came over from Vietnam when she was a kid.", "race_ethnicity", "age"),
        # A body word is appearance, not family status, though it names a parent.
        ("Bit of a dad bod, not very sporty looking for a fitness app company.", "appearance", "family_status"),
        # Hair roots are hair, not origin.
        ("Her roots need doing.", "appearance", "race_ethnicity"),
    ],
)
def test_whose_characteristic_it_is_decides_the_category(text, expected, not_expected):
    found = categories(text)
    assert expected in found
    assert not_expected not in found


@pytest.mark.parametrize(
    "text",
    [
        # Software artefacts that are fat, heavy or huge.
        "The bundle is fat because of vendored dependencies; he proposed a way to trim it.",
        "The binary is fat because of static linking, he suggested stripping symbols.",
        "Our payload is heavy, she proposed compressing it.",
        # Build as a software build, a frame rate, heights of things.
        "Found the slight build regression in the CI logs quickly.",
        "The rack is six feet from the wall, so cabling was the hard part.",
        # Looks and ages of things, quantities after a copula.
        "The dashboard looks older than the API behind it, he said, and proposed a redesign.",
        "Must be 40 services in that mesh, and she knew each one.",
        "He looked about 20 minutes into the profile before spotting the leak.",
        "She's about 20 minutes away from the office by bike.",
        "He's only 25% done with the take-home but the code is clean.",
        # Career history in years is experience, not age; eras as metaphors.
        "Working since 2015 on payments, so the domain is solid.",
        "The CV starts in 2012 with a data role at a bank.",
        "Raised with the internet bubble's lessons, he avoids over-engineering.",
        # Caregiving verbs and family words about code and teams.
        "Cares for the on-call runbook like it's her own.",
        "Supported the parent team on the migration.",
        "Looks after the build pipeline and the release train.",
        "The new parent process handles the signals correctly now.",
        "The young family of services needs better observability, she noted.",
        # Words of the new structures in a technical or figurative sense.
        "She made the joint venture's API integration work in a week.",
        "The tremor in the metrics was caused by a noisy neighbour.",
        "Built a jewellery marketplace in Django, handled payments well.",
        "When I was a kid I used BASIC too, nice anecdote from her about it.",
        "The fat tail of latency was his focus, p99 dropped by half.",
        "Has a strong accent on testing — nearly everything was TDD.",
        "Lost an eye for detail after hour three, but that's normal.",
        "She's still coding daily as a manager, great sign.",
        "The twenty-year-old codebase was her first big refactor.",
        "Nervous about the live coding at first but settled quickly.",
        "She led the team that moved the data centre from Mumbai to Frankfurt.",
        "The docs are too American in spelling for the UK client, she flagged it herself.",
        "The error messages were very English, she said, and proposed i18n keys.",
        "Wrote the step-function orchestration for the billing workflow.",
        "The logs were two sizes too big for the free tier, he trimmed them.",
        "The service looked unwell in Grafana, he traced it to a leaking pool.",
        "He inked the deal with the vendor in his last role, good negotiator.",
        "Expecting the first results by Friday, she said, and delivered.",
        "The UI felt clearly from another era, so she rebuilt it in React.",
        "Built the allergy filter for the recipe app, nice data model.",
        "The pacemaker telemetry dashboard was his last project.",
        "The library is past its sell-by date, she proposed replacing it.",
        "Customer family comes first in the product's data model, she explained the account hierarchy.",
        "He worked on drugs, specifically the pharmacovigilance pipeline at a pharma company.",
        "The UI needs to handle what users speak at home, she suggested locale detection.",
        "The parent service needs looking after more than the child jobs, he said.",
        "Thirty-year career of the COBOL system ends next year; he's leading the migration.",
        "Cultural thing at her last company was blameless postmortems, she liked it.",
        "A bit special-cased, that parser, but he explained why.",
        "Sign-language recognition model for her thesis, nicely explained.",
        "Type 1 and type 2 errors were explained clearly.",
        "The system has type 2 slowly changing dimensions, she modelled them well.",
        "The graduation year field in the alumni app was his migration.",
        "Paralysis by analysis was his phrase for the old team, and he explained how he fixed it.",
        "Tied the knot between the two services with a saga, clever.",
        "The pipeline doesn't do Christmas freeze exceptions, he explained the policy.",
        "As a kid project he built a Minecraft mod, fun story.",
        "The walking skeleton approach he used for the MVP was smart.",
        "The zombie processes looked like a ghost town in htop, he joked, then fixed them.",
        "Custody chain for evidence data was her domain at the police contract.",
        # The hard negatives the issue names.
        "Shipped a native iOS app and merged the feature branch into master after rebasing cleanly.",
        "Cleaned up the orphaned child processes the parent process left behind, then did black-box testing.",
        "He's a senior engineer at a payments company; the codebase is young, so she'd set the conventions.",
        "The team's culture of code review came up, and she asked good questions about it.",
    ],
)
def test_technical_and_figurative_senses_are_not_flagged(text):
    assert categories(text) == set()


def test_a_flagged_mental_illness_slang_offers_a_suggestion_that_clears_it():
    text = "Bit of a nutcase if I'm honest, very intense energy."
    (flag,) = check_bias(text).flags
    assert flag["category"] == "disability"
    assert flag["suggestion"]
    edited = text[: flag["edit"]["start"]] + flag["edit"]["text"] + text[flag["edit"]["end"] :]
    assert "disability" not in categories(edited)
