"""Free-text places as recruiters and candidates type them: a place named beside a work mode is
still that place, and what is named first decides."""

import pytest

from matching.scoring import LOCATION_PLACE, LOCATION_REMOTE, LOCATION_UNKNOWN, Place, parse_location
from matching.services import rank_candidates_for_job
from tests.factories import CandidateFactory, JobFactory


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Berlin, Germany", Place(LOCATION_PLACE, "berlin", "germany")),
        ("São Paulo, Brasil / remote-friendly", Place(LOCATION_PLACE, "são paulo", "brasil")),
        ("Lisbon, Portugal (open to remote)", Place(LOCATION_PLACE, "lisbon", "portugal")),
        ("Lisbon, Portugal - open to remote", Place(LOCATION_PLACE, "lisbon", "portugal")),
        ("London (hybrid)", Place(LOCATION_PLACE, "london", "london")),
        ("Hybrid, London", Place(LOCATION_PLACE, "london", "london")),
        ("Baden-Baden, Germany", Place(LOCATION_PLACE, "baden-baden", "germany")),
        ("Côte d'Ivoire", Place(LOCATION_PLACE, "côte d'ivoire", "côte d'ivoire")),
        ("Köln, NRW, Deutschland", Place(LOCATION_PLACE, "köln", "deutschland")),
        ("Remote", Place(LOCATION_REMOTE, "", "")),
        ("Remote - EU", Place(LOCATION_REMOTE, "", "")),
        ("remote (EU time zones)", Place(LOCATION_REMOTE, "", "")),
        ("Remote, US", Place(LOCATION_REMOTE, "", "")),
        ("Anywhere", Place(LOCATION_REMOTE, "", "")),
        ("Hybrid", Place(LOCATION_UNKNOWN, "", "")),
        ("On-site", Place(LOCATION_UNKNOWN, "", "")),
        ("   ", Place(LOCATION_UNKNOWN, "", "")),
    ],
)
def test_a_free_text_place_is_read_as_people_write_it(text, place):
    assert parse_location(text) == place


@pytest.mark.django_db
def test_an_on_site_job_whose_place_mentions_remote_work_still_names_its_place(org_a):
    job = JobFactory(
        organization=org_a,
        required_skills=["Python"],
        location="São Paulo, Brasil / remote-friendly",
        remote_policy="onsite",
    )
    CandidateFactory(organization=org_a, skills=["Python"], experience_years=4, location="São Paulo, Brasil")
    CandidateFactory(organization=org_a, skills=["Python"], experience_years=4, location="Porto, Portugal")
    near, far = rank_candidates_for_job(job=job).matches
    assert "the job names no location" not in near["reasoning"]
    assert near["reasoning"].endswith("based in São Paulo, Brasil.")
    assert "based in Porto, Portugal, not São Paulo, Brasil / remote-friendly" in far["reasoning"]
    assert near["location_match"] > far["location_match"]
