"""Home: the organization's recruiting figures, charts and recent activity."""

from datetime import timedelta

from django.utils import timezone

from analytics import selectors
from recruiting import services
from recruiting.models import Application, PipelineStage
from tests.factories import ApplicationFactory, CandidateFactory, InterviewFactory, JobFactory, ScorecardFactory


def _stage(org, key):
    return PipelineStage.objects.get(organization=org, key=key)


def test_home_counts_open_jobs_active_candidates_and_new_applications(page_as, recruiter_a, org_a, org_b):
    job = JobFactory(organization=org_a)
    JobFactory(organization=org_a, status="draft")
    JobFactory(organization=org_b)
    hired, active, old = (CandidateFactory(organization=org_a) for _ in range(3))
    ApplicationFactory(job=job, candidate=active)
    hire = ApplicationFactory(job=job, candidate=hired)
    services.move_application_to_stage(application=hire, stage=_stage(org_a, "hired"), actor=recruiter_a)
    stale = ApplicationFactory(job=job, candidate=old)
    Application.objects.filter(pk=stale.pk).update(applied_at=timezone.now() - timedelta(days=30))

    page = page_as(recruiter_a).get("/")
    assert page.status_code == 200
    assert page.context["open_jobs"] == 1
    assert page.context["active_candidates"] == 2
    assert page.context["new_applications"] == 2
    funnel = {stage.key: stage.count for stage in page.context["funnel"]}
    assert funnel == {"applied": 2, "screening": 0, "interview": 0, "offer": 0, "hired": 1, "rejected": 0}
    assert b'data-kpi="open-jobs">1<' in page.content


def test_time_to_hire_on_home_is_the_median_and_p90_the_analytics_page_and_api_show(org_a, recruiter_a, page_as):
    assert b'data-kpi="time-to-hire">\xe2\x80\x94<' in page_as(recruiter_a).get("/").content
    job = JobFactory(organization=org_a)
    for days in (10, 20, 60):
        application = ApplicationFactory(job=job, candidate=CandidateFactory(organization=org_a))
        Application.objects.filter(pk=application.pk).update(applied_at=timezone.now() - timedelta(days=days))
        services.move_application_to_stage(application=application, stage=_stage(org_a, "hired"), actor=recruiter_a)

    page = page_as(recruiter_a).get("/")
    assert page.context["time_to_hire"] == {"hires": 3, "median_days": 20.0, "p90_days": 52.0}
    assert b'data-kpi="time-to-hire">20.0<small> days</small>' in page.content
    assert b"p90 52.0 days" in page.content


def test_source_effectiveness_counts_interviews_and_hires_per_source(org_a, recruiter_a):
    job = JobFactory(organization=org_a)
    referral = [ApplicationFactory(job=job, candidate=CandidateFactory(organization=org_a), source="referral")]
    board = [
        ApplicationFactory(job=job, candidate=CandidateFactory(organization=org_a), source="job_board")
        for _ in range(3)
    ]
    services.move_application_to_stage(application=referral[0], stage=_stage(org_a, "hired"), actor=recruiter_a)
    services.move_application_to_stage(application=board[0], stage=_stage(org_a, "interview"), actor=recruiter_a)
    rows = {row.source: row for row in selectors.source_effectiveness(organization=org_a)}
    assert (rows["job_board"].applications, rows["job_board"].interviewed, rows["job_board"].hired) == (3, 1, 0)
    assert (rows["referral"].applications, rows["referral"].interviewed, rows["referral"].hired) == (1, 1, 1)
    assert rows["referral"].hire_rate == 1.0


def test_recent_activity_lists_moves_and_scorecards_newest_first(page_as, org_a, recruiter_a, application_a):
    services.move_application_to_stage(application=application_a, stage=_stage(org_a, "interview"), actor=recruiter_a)
    interview = InterviewFactory(application=application_a, interviewers=[recruiter_a])
    ScorecardFactory(interview=interview, interviewer=recruiter_a)
    activity = page_as(recruiter_a).get("/").context["activity"]
    assert activity[0].text.startswith("submitted a scorecard")
    assert activity[1].text.startswith(f"moved {application_a.candidate.full_name} to Interview")


def test_home_runs_the_same_queries_with_ten_times_the_data(page_as, count_queries, org_a, recruiter_a):
    def grow(n):
        job = JobFactory(organization=org_a)
        for _ in range(n):
            application = ApplicationFactory(job=job, candidate=CandidateFactory(organization=org_a), source="x")
            services.move_application_to_stage(application=application, stage=_stage(org_a, "screening"))

    client = page_as(recruiter_a)
    grow(2)
    few = count_queries(client, "/")
    grow(20)
    assert count_queries(client, "/") == few
    # 17 for the page, plus one for the sidebar's saved searches (on every page).
    assert few <= 18


def test_home_without_data_says_what_to_do_next(page_as, admin_a):
    page = page_as(admin_a).get("/").content.decode()
    assert "No applications yet" in page
    assert "Create a job" in page


def test_home_shows_integration_health_and_unread_notifications(page_as, admin_a, recruiter_a, org_a, org_b):
    from django.utils import timezone

    from integrations.models import Integration, Notification
    from integrations.services.notifications import notify_user

    Integration.objects.create(organization=org_a, name="Careers site", provider="http", health_status="unhealthy")
    Integration.objects.create(organization=org_a, name="Calendar", provider="http", health_status="healthy")
    Integration.objects.create(organization=org_b, name="Globex chat", provider="http", health_status="healthy")
    notify_user(user=admin_a, type="integration.unhealthy", title="Careers site is down")
    Notification.objects.create(organization=org_a, user=admin_a, type="x", title="Old news", read_at=timezone.now())
    Notification.objects.create(organization=org_a, user=recruiter_a, type="x", title="For Riley")

    client = page_as(admin_a)
    page = client.get("/")
    assert [item.name for item in page.context["integrations"]] == ["Careers site", "Calendar"]
    assert [note.title for note in page.context["unread"]] == ["Careers site is down"]
    assert page.context["unread_total"] == 1
    html = page.content.decode()
    assert "Globex chat" not in html and "For Riley" not in html

    client.post("/notifications/read/")
    assert page_as(admin_a).get("/").context["unread_total"] == 0
    assert Notification.objects.filter(user=recruiter_a, read_at__isnull=True).count() == 1
