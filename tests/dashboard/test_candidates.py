"""Candidates: search, count-free pagination, the candidate page, adding to a pipeline, notes."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from recruiting import services
from recruiting.models import Application, Candidate, Note
from tests.factories import (
    ApplicationFactory,
    CandidateFactory,
    InterviewFactory,
    JobFactory,
    ScorecardFactory,
)


def test_candidates_are_searched_by_name_email_skills_location_experience_and_source(page_as, recruiter_a, org_a):
    ada = CandidateFactory(organization=org_a, first_name="Ada", last_name="Byron", skills=["Python", "Go"])
    CandidateFactory(
        organization=org_a,
        first_name="Grace",
        location="Berlin",
        experience_years=12,
        skills=["COBOL"],
        source="agency",
    )
    client = page_as(recruiter_a)

    def names(query):
        return [c.first_name for c in client.get(f"/candidates/?{query}").context["page"]]

    assert names("q=ada+byron") == ["Ada"]
    assert names(f"q={ada.email}") == ["Ada"]
    assert names("skills=python") == ["Ada"]
    assert names("location=berl") == ["Grace"]
    assert names("experience_min=10") == ["Grace"]
    assert names("source=agency") == ["Grace"]
    assert names("skills=rust") == []
    assert "No candidates match" in client.get("/candidates/?skills=rust").content.decode()


def test_candidate_list_pages_without_counting_all_rows(page_as, recruiter_a, org_a):
    for _ in range(30):
        CandidateFactory(organization=org_a)
    client = page_as(recruiter_a)
    with CaptureQueriesContext(connection) as queries:
        first = client.get("/candidates/").context["page"]
    # The total is a capped count (recruiting/counting.py): never a COUNT(*) over every row.
    counts = [query["sql"].upper() for query in queries.captured_queries if "COUNT(" in query["sql"].upper()]
    assert counts and all("LIMIT" in sql for sql in counts), counts
    assert len(first.object_list) == 25 and first.has_next and first.num_pages is None
    second = client.get("/candidates/?page=2").context["page"]
    assert len(second.object_list) == 5 and not second.has_next and second.has_previous
    newest = Candidate.objects.for_org(org_a).order_by("-id").first()
    assert first.object_list[0] == newest


def test_candidate_list_runs_the_same_queries_for_a_full_page(page_as, count_queries, recruiter_a, org_a):
    client = page_as(recruiter_a)
    CandidateFactory(organization=org_a)
    few = count_queries(client, "/candidates/?skills=python")
    for _ in range(30):
        CandidateFactory(organization=org_a)
    assert count_queries(client, "/candidates/?skills=python") == few


def test_candidate_page_shows_applications_history_interviews_scorecards_notes(page_as, recruiter_a, org_a):
    candidate = CandidateFactory(organization=org_a, skills=["Rust", "Kafka"])
    job = JobFactory(organization=org_a, title="Systems Engineer")
    application = ApplicationFactory(job=job, candidate=candidate, actor=recruiter_a)
    interview = InterviewFactory(application=application, interviewers=[recruiter_a])
    ScorecardFactory(interview=interview, interviewer=recruiter_a, feedback="Designed a clean consumer group.")
    services.add_note(candidate=candidate, body="Prefers remote.", author=recruiter_a)
    services.add_feedback(candidate=candidate, text="Great take-home.", rating=5, reviewer="Partner ATS")
    html = page_as(recruiter_a).get(f"/candidates/{candidate.pk}/").content.decode()
    for expected in [
        "Systems Engineer",
        "Rust",
        "Designed a clean consumer group.",
        "Prefers remote.",
        "Great take-home.",
        "Partner ATS",
        "Technical",
        "submitted a scorecard",
    ]:
        assert expected in html, expected


def test_candidate_page_runs_fixed_queries_however_much_history(page_as, count_queries, recruiter_a, org_a):
    candidate = CandidateFactory(organization=org_a)
    client = page_as(recruiter_a)

    def add_application():
        application = ApplicationFactory(job=JobFactory(organization=org_a), candidate=candidate)
        interview = InterviewFactory(application=application, interviewers=[recruiter_a])
        ScorecardFactory(interview=interview, interviewer=recruiter_a)
        services.add_note(candidate=candidate, body="note", author=recruiter_a)

    add_application()
    few = count_queries(client, f"/candidates/{candidate.pk}/")
    for _ in range(6):
        add_application()
    assert count_queries(client, f"/candidates/{candidate.pk}/") == few


def test_adding_a_candidate_to_a_pipeline_from_their_page(page_as, recruiter_a, org_a, candidate_a, job_a):
    response = page_as(recruiter_a).post(
        "/applications/new/", {"candidate": candidate_a.pk, "job": job_a.pk, "next": f"/candidates/{candidate_a.pk}/"}
    )
    assert response["Location"] == f"/candidates/{candidate_a.pk}/"
    application = Application.objects.get(candidate=candidate_a, job=job_a)
    assert application.stage.key == "applied"
    assert application.history.get().changed_by == recruiter_a


def test_adding_a_candidate_twice_says_so_and_changes_nothing(page_as, recruiter_a, application_a):
    client = page_as(recruiter_a)
    response = client.post(
        "/applications/new/", {"candidate": application_a.candidate_id, "job": application_a.job_id}, follow=True
    )
    assert "already in the pipeline" in response.content.decode()
    assert Application.objects.filter(candidate_id=application_a.candidate_id).count() == 1


def test_adding_a_candidate_records_them_and_shows_field_errors(page_as, recruiter_a, org_a):
    client = page_as(recruiter_a)
    bad = client.post("/candidates/new/", {"first_name": "Lin", "last_name": "", "email": "not-an-email"})
    assert bad.status_code == 200
    assert set(bad.context["form"].errors) == {"last_name", "email"}
    assert not Candidate.objects.for_org(org_a).exists()
    good = client.post(
        "/candidates/new/",
        {"first_name": "Lin", "last_name": "Qiao", "email": "lin@example.com", "skills": "PyTorch, CUDA"},
    )
    candidate = Candidate.objects.for_org(org_a).get(email="lin@example.com")
    assert good["Location"] == f"/candidates/{candidate.pk}/"
    assert candidate.skill_keys == ["pytorch", "cuda"]


def test_notes_are_added_by_the_signed_in_user(page_as, manager_a, candidate_a):
    page_as(manager_a).post(f"/candidates/{candidate_a.pk}/notes/", {"body": "Strong referral."})
    note = Note.objects.get(candidate=candidate_a)
    assert (note.body, note.author) == ("Strong referral.", manager_a)


def test_viewer_cannot_add_notes(page_as, viewer_a, candidate_a):
    assert page_as(viewer_a).post(f"/candidates/{candidate_a.pk}/notes/", {"body": "x"}).status_code == 403
    assert not Note.objects.exists()
