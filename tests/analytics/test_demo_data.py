"""seed_demo spreads pipelines over the last year, so every Analytics chart has data to show."""

from __future__ import annotations

from django.core.management import call_command
from django.db.models.functions import TruncMonth
from django.utils import timezone

from analytics.metrics import MetricScope, dashboard_metrics
from recruiting.candidate_emails import render_template
from recruiting.models import Application, EmailTemplate, Interview, Job, Organization, User


def test_demo_data_fills_every_chart_over_twelve_months(db):
    call_command("seed_demo", candidates=200)
    demo = Organization.objects.get(name="Demo Corp")
    months = (
        Application.objects.for_org(demo).annotate(month=TruncMonth("applied_at")).values("month").distinct().count()
    )
    assert months >= 10
    metrics = dashboard_metrics(MetricScope(organization=demo))
    assert len(metrics["time_to_hire_trend"]) >= 6
    assert metrics["time_to_hire"]["median_days"] != metrics["time_to_hire"]["p90_days"]
    assert all(row["reached"] for row in metrics["funnel"])
    assert len(metrics["sources"]) >= 3
    assert len(metrics["interviewer_load"]) >= 2
    assert 0 < metrics["offer_acceptance"]["rate"] < 1
    assert any(row["flagged"] for row in metrics["bias_flags"]["by_month"])


def test_demo_interviews_are_in_working_hours_and_those_still_at_interview_are_coming_up(db):
    call_command("seed_demo", candidates=200)
    demo = Organization.objects.get(name="Demo Corp")
    interviews = list(Interview.objects.for_org(demo).select_related("application__stage"))
    upcoming = [i for i in interviews if i.application.stage.key == "interview"]
    held = [i for i in interviews if i.application.stage.key != "interview"]
    assert upcoming and held
    assert all(i.status == "scheduled" and i.scheduled_at > timezone.now() for i in upcoming)
    assert not any(i.scorecards.exists() for i in upcoming)
    assert all(i.status == "completed" and i.scheduled_at < timezone.now() for i in held)
    assert all(9 <= i.scheduled_at.hour <= 16 and i.scheduled_at.weekday() < 5 for i in interviews)


def test_a_demo_job_placed_remote_is_a_remote_job(db):
    call_command("seed_demo", candidates=50)
    jobs = Job.objects.for_org(Organization.objects.get(name="Demo Corp"))
    assert jobs.filter(location="Remote").exists()
    assert not jobs.filter(location="Remote").exclude(remote_policy="remote").exists()


def test_the_demo_has_e_mail_templates_that_fill_in_for_a_candidate(db):
    call_command("seed_demo", candidates=50)
    call_command("seed_demo", candidates=50)  # a second run adds none
    demo = Organization.objects.get(name="Demo Corp")
    templates = list(EmailTemplate.objects.for_org(demo))
    assert {t.name for t in templates} == {"Interview invitation", "Not moving forward", "Offer call"}
    application = Application.objects.for_org(demo).select_related("candidate", "job").first()
    sender = User.objects.get(email="recruiter@demo.test")
    for template in templates:
        subject, body = render_template(
            template=template, candidate=application.candidate, sender=sender, application=application
        )
        assert "{{" not in subject + body
        assert application.job.title in subject + body
