"""Notifications: each user sees and marks their own; admins (and partner keys) notify a user of their organization."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from integrations.api.views import SendNotificationView
from integrations.models import Notification
from integrations.services.notifications import notify_user
from recruiting.models import User
from tests.factories import ApplicationFactory, CandidateFactory, InterviewFactory, JobFactory

BASE = "/api/v1/notifications"


def notice(user, title="Interview tomorrow", **fields):
    return notify_user(user=user, type="reminder", title=title, **fields)


def test_a_user_lists_only_their_own_notifications(api_as, recruiter_a, admin_a, admin_b):
    mine = notice(recruiter_a, metadata={"interview_id": 4})
    notice(admin_a, title="Not yours")
    notice(admin_b, title="Other organization")
    body = api_as(recruiter_a).get(BASE).json()
    assert [n["id"] for n in body["results"]] == [mine.pk]
    assert body["results"][0] | {"created_at": None} == {
        "id": mine.pk,
        "type": "reminder",
        "title": "Interview tomorrow",
        "message": "",
        "metadata": {"interview_id": 4},
        "is_read": False,
        "read_at": None,
        "created_at": None,
    }


def test_marking_read_one_and_all(api_as, viewer_a):
    first, second, third = notice(viewer_a), notice(viewer_a), notice(viewer_a)
    client = api_as(viewer_a)
    response = client.post(f"{BASE}/{first.pk}/read")
    assert response.status_code == 200
    assert response.json()["is_read"] is True
    assert [n["id"] for n in client.get(f"{BASE}?unread=true").json()["results"]] == [third.pk, second.pk]
    assert client.post(f"{BASE}/read-all", {}, format="json").json() == {"marked": 2}
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_another_users_notification_is_404_and_stays_unread(api_as, recruiter_a, admin_a, admin_b):
    theirs = notice(admin_a)
    other_org = notice(admin_b)
    for target in (theirs, other_org):
        assert api_as(recruiter_a).get(f"{BASE}/{target.pk}").status_code == 404
        assert api_as(recruiter_a).post(f"{BASE}/{target.pk}/read").status_code == 404
    for ids in ([theirs.pk], [other_org.pk]):
        response = api_as(recruiter_a).post(f"{BASE}/read-all", {"ids": ids}, format="json")
        assert response.status_code == 400
        assert response.json()["errors"] == {"ids": [f"Notification {ids[0]} not found."]}
    assert Notification.objects.filter(read_at__isnull=True).count() == 2


def test_an_admin_sends_a_notification_to_a_member_by_email_too(
    api_as, admin_a, recruiter_a, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(admin_a).post(
            f"{BASE}/send",
            {"user_id": recruiter_a.pk, "title": "Offer approved", "message": "Send it today.", "email": True},
            format="json",
        )
    assert response.status_code == 201
    assert response.json()["title"] == "Offer approved"
    assert Notification.objects.get().user == recruiter_a
    [mail] = mailoutbox
    assert (mail.to, mail.subject, mail.body) == (["recruiter@acme.test"], "Offer approved", "Send it today.")


def test_a_title_pasted_with_a_line_break_still_goes_out_by_email_on_one_line(
    api_as, admin_a, recruiter_a, mailoutbox, django_capture_on_commit_callbacks
):
    title = "Entretien confirmé :\r\nZoë O'Brien, jeudi 14 h"
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(admin_a).post(
            f"{BASE}/send", {"user_id": recruiter_a.pk, "title": title, "email": True}, format="json"
        )
    assert response.status_code == 201
    assert response.json()["title"] == title  # the notification keeps what was written
    [mail] = mailoutbox
    assert mail.subject == "Entretien confirmé : Zoë O'Brien, jeudi 14 h"


def test_send_declares_the_partner_scope():
    assert SendNotificationView.required_scopes == {"POST": "notifications:write"}


def test_a_user_of_another_organization_cannot_be_notified(api_as, admin_a, admin_b):
    response = api_as(admin_a).post(f"{BASE}/send", {"user_id": admin_b.pk, "title": "Hello"}, format="json")
    assert response.status_code == 400
    assert "user_id" in response.json()["errors"]
    assert not Notification.objects.exists()


def test_recruiters_cannot_send_notifications(api_as, recruiter_a, admin_a):
    response = api_as(recruiter_a).post(f"{BASE}/send", {"user_id": admin_a.pk, "title": "Hi"}, format="json")
    assert response.status_code == 403
    assert not Notification.objects.exists()


def test_a_scheduled_interview_notifies_its_interviewers(
    org_a, recruiter_a, manager_a, eager_tasks, django_capture_on_commit_callbacks, mailoutbox
):
    application = ApplicationFactory(job=JobFactory(organization=org_a), candidate=CandidateFactory(organization=org_a))
    with django_capture_on_commit_callbacks(execute=True):
        InterviewFactory(
            application=application, interviewers=[manager_a], scheduled_at=timezone.now() + timedelta(days=1)
        )
    assert list(Notification.objects.values_list("user__email", "type")) == [
        ("manager@acme.test", "interview.scheduled")
    ]
    assert [m.to for m in mailoutbox] == [["manager@acme.test"]]


def test_hires_notify_admins_in_app(org_a, admin_a, eager_tasks, django_capture_on_commit_callbacks):
    from recruiting import services as recruiting_services
    from recruiting.models import PipelineStage

    application = ApplicationFactory(job=JobFactory(organization=org_a), candidate=CandidateFactory(organization=org_a))
    hired = PipelineStage.objects.for_org(org_a).get(key="hired")
    with django_capture_on_commit_callbacks(execute=True):
        recruiting_services.move_application_to_stage(application=application, stage=hired)
    assert list(Notification.objects.values_list("user__role", "type")) == [(User.Role.ADMIN, "application.hired")]
