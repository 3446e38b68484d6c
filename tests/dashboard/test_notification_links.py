"""Notifications name the candidate and link to their page, on Home and in the live message."""

from datetime import UTC, datetime

from integrations.models import Notification
from integrations.services.notifications import notify_user
from integrations.services.relay import relay_event
from recruiting import services
from recruiting.models import OutboxEvent, PipelineStage, User
from tests.conftest import PASSWORD
from tests.factories import CandidateFactory, JobFactory


def relay_all() -> None:
    for event_id in OutboxEvent.objects.filter(relayed_at__isnull=True).values_list("pk", flat=True):
        relay_event(event_id=event_id)


def test_an_interviewer_hears_whom_they_meet_when_in_their_zone_and_where_to_look(org_a, recruiter_a):
    zoe = services.create_user(
        organization=org_a, email="zoe@acme.test", password=PASSWORD, first_name="Zoë", role=User.Role.HIRING_MANAGER
    )
    zoe.time_zone = "America/St_Johns"
    zoe.save()
    candidate = CandidateFactory(organization=org_a, first_name="Renée", last_name="D'Aubigné")
    application = services.create_application(
        job=JobFactory(organization=org_a, title="Data Engineer, Payments"), candidate=candidate, actor=recruiter_a
    )
    services.schedule_interview(
        application=application, scheduled_at=datetime(2031, 3, 4, 14, 0, tzinfo=UTC), interviewers=[zoe]
    )
    relay_all()
    notification = Notification.objects.get(user=zoe, type="interview.scheduled")
    assert notification.title == "Interview with Renée D'Aubigné for Data Engineer, Payments"
    assert notification.message == "Technical, Tue 4 Mar 2031, 10:30 (America/St Johns)"
    assert notification.link == f"/candidates/{candidate.pk}/"


def test_admins_hear_who_was_hired_for_which_job(org_a, admin_a, recruiter_a):
    candidate = CandidateFactory(organization=org_a, first_name="Bjørn", last_name="Ødegård")
    application = services.create_application(
        job=JobFactory(organization=org_a, title="Site Reliability Engineer"), candidate=candidate, actor=recruiter_a
    )
    hired = PipelineStage.objects.for_org(org_a).get(kind=PipelineStage.Kind.HIRED)
    services.move_application_to_stage(application=application, stage=hired, actor=recruiter_a)
    relay_all()
    notification = Notification.objects.get(user=admin_a, type="application.hired")
    assert notification.title == "Bjørn Ødegård was hired for Site Reliability Engineer"
    assert notification.link == f"/candidates/{candidate.pk}/"


def test_home_links_each_notification_to_its_candidate(page_as, org_a, recruiter_a):
    candidate = CandidateFactory(organization=org_a, first_name="Siobhán", last_name="O'Brien")
    notify_user(
        user=recruiter_a,
        type="note.mentioned",
        title="Ada mentioned you in a note on Siobhán O'Brien",
        metadata={"candidate_id": candidate.pk},
    )
    page = page_as(recruiter_a).get("/").content.decode()
    assert f'<a href="/candidates/{candidate.pk}/">Ada mentioned you in a note on Siobhán O&#x27;Brien</a>' in page


def test_a_link_is_built_from_ids_never_from_a_url_a_partner_wrote(page_as, org_a, recruiter_a):
    sent = [
        {"url": "javascript:alert(1)"},
        {"url": "https://phish.example/login"},
        {"candidate_id": "../../admin/"},
        {"candidate_id": True},
    ]
    for metadata in sent:
        notify_user(user=recruiter_a, type="partner.message", title="Bonjour", metadata=metadata)
    assert [n.link for n in Notification.objects.filter(user=recruiter_a)] == ["", "", "", ""]
    page = page_as(recruiter_a).get("/").content.decode()
    assert "javascript:" not in page and "phish.example" not in page


def test_an_integration_notification_links_to_the_integrations_page(org_a, admin_a):
    notify_user(
        user=admin_a,
        type="integration.unhealthy",
        title="Integration Slack is unhealthy",
        metadata={"integration_id": 7},
    )
    assert Notification.objects.get(user=admin_a).link == "/settings/integrations/"
