"""Top matches on the job page and matching jobs on the candidate page, from matching.services."""

from recruiting.models import Application
from tests.factories import ApplicationFactory, CandidateFactory, JobFactory


def _job(org):
    return JobFactory(
        organization=org,
        title="Data Engineer",
        required_skills=["Python", "Spark", "SQL"],
        nice_to_have_skills=["dbt"],
        remote_policy="remote",
        experience_level="mid",
    )


def test_job_page_lists_top_matches_best_first_with_skills_and_reasoning(page_as, recruiter_a, org_a, org_b):
    job = _job(org_a)
    strong = CandidateFactory(
        organization=org_a, first_name="Strong", skills=["Python", "Spark", "SQL", "dbt"], experience_years=6
    )
    partial = CandidateFactory(organization=org_a, first_name="Partial", skills=["Python"], experience_years=2)
    CandidateFactory(organization=org_b, first_name="Elsewhere", skills=["Python", "Spark", "SQL", "dbt"])
    response = page_as(recruiter_a).get(f"/jobs/{job.pk}/")
    matches = response.context["top_matches"]
    names = [match["name"] for match in matches]
    assert names.index(strong.full_name) < names.index(partial.full_name)
    assert not any(name.startswith("Elsewhere") for name in names)
    best = matches[0]
    assert best["candidate_id"] == strong.pk
    assert set(best["matched_skills"]) == {"Python", "Spark", "SQL"} and best["missing_skills"] == []
    html = response.content.decode()
    assert best["reasoning"] in html
    assert "✗ Spark" in html  # the partial match's missing skill is shown
    assert f"Add {strong.full_name} to pipeline" in html


def test_candidates_already_in_the_pipeline_are_not_suggested(page_as, recruiter_a, org_a):
    job = _job(org_a)
    inside = CandidateFactory(organization=org_a, skills=["Python", "Spark", "SQL"])
    ApplicationFactory(job=job, candidate=inside)
    matches = page_as(recruiter_a).get(f"/jobs/{job.pk}/").context["top_matches"]
    assert inside.pk not in [match["candidate_id"] for match in matches]


def test_adding_a_match_puts_them_in_the_pipeline_and_out_of_the_matches(page_as, recruiter_a, org_a):
    job = _job(org_a)
    candidate = CandidateFactory(organization=org_a, skills=["Python", "Spark"])
    client = page_as(recruiter_a)
    response = client.post(
        "/applications/new/", {"candidate": candidate.pk, "job": job.pk, "next": f"/jobs/{job.pk}/"}, follow=True
    )
    assert Application.objects.get(job=job, candidate=candidate).stage.key == "applied"
    assert candidate.pk not in [match["candidate_id"] for match in response.context["top_matches"]]


def test_viewers_see_matches_but_no_add_button(page_as, viewer_a, org_a):
    job = _job(org_a)
    candidate = CandidateFactory(organization=org_a, skills=["Python"])
    html = page_as(viewer_a).get(f"/jobs/{job.pk}/").content.decode()
    assert candidate.full_name in html
    assert f"Add {candidate.full_name} to pipeline" not in html


def test_candidate_page_lists_matching_open_jobs(page_as, recruiter_a, org_a):
    job = _job(org_a)
    JobFactory(organization=org_a, title="Closed role", status="closed", required_skills=["Python"])
    candidate = CandidateFactory(organization=org_a, skills=["Python", "Spark", "SQL"])
    response = page_as(recruiter_a).get(f"/candidates/{candidate.pk}/")
    jobs = response.context["matching_jobs"]
    assert [match["job_id"] for match in jobs] == [job.pk]
    assert "Matching jobs" in response.content.decode()
