"""Sources read in the recruiter's words on every page that lists them: "Job board", not "job_board"."""

import pytest

from recruiting.choices import source_label
from tests.factories import ApplicationFactory, CandidateFactory, JobFactory


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("job_board", "Job board"),
        ("careers_site", "Careers site"),
        ("linkedin", "LinkedIn"),
        ("csv_import", "CSV import"),
        ("ats:1", "ATS 1"),
        ("São Paulo office", "São Paulo office"),
        ("", ""),
    ],
)
def test_a_stored_source_reads_as_people_say_it(stored, shown):
    assert source_label(stored) == shown


@pytest.mark.parametrize("page", ["/", "/analytics/"])
def test_home_and_analytics_name_sources_in_words(page, page_as, org_a, recruiter_a):
    job = JobFactory(organization=org_a)
    for source in ("job_board", "careers_site", "linkedin"):
        ApplicationFactory(job=job, candidate=CandidateFactory(organization=org_a), source=source)
    html = page_as(recruiter_a).get(page).content.decode()
    assert "Job board" in html and "Careers site" in html and "LinkedIn" in html
    assert "job_board" not in html and "careers_site" not in html
