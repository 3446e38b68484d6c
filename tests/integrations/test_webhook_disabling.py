"""A webhook is disabled only after its deliveries have failed for days, with a warning a day in.

A short receiver outage during a burst of events makes dozens of failed attempts in seconds; that
must never disable the endpoint (Stripe and Svix also count time, not attempts). The clock is
driven by moving `failing_since` back, as beat's retries hours away would.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from integrations.models import Notification, Webhook, WebhookDelivery
from integrations.services.delivery import attempt_delivery, sweep_due_deliveries
from integrations.services.webhooks import update_webhook
from tests.factories import CandidateFactory
from tests.integrations.conftest import Reply, open_deliveries_due_now


def a_burst_of_new_candidates(org, count, django_capture_on_commit_callbacks):
    for n in range(count):
        with django_capture_on_commit_callbacks(execute=True):
            CandidateFactory(organization=org, first_name=f"Zoë {n}", last_name="O'Connor")


def retry_every_open_delivery() -> None:
    open_deliveries_due_now()
    for delivery in WebhookDelivery.objects.filter(status=WebhookDelivery.Status.RETRYING):
        attempt_delivery(delivery_id=delivery.pk, expected_attempt=delivery.attempt_count)


def fail_once_more(org, webhook, django_capture_on_commit_callbacks, *, failing_for: timedelta) -> Webhook:
    Webhook.objects.filter(pk=webhook.pk).update(failing_since=timezone.now() - failing_for)
    a_burst_of_new_candidates(org, 1, django_capture_on_commit_callbacks)
    webhook.refresh_from_db()
    return webhook


def test_a_short_outage_during_a_burst_of_thirty_events_keeps_the_webhook_enabled(
    org_a, admin_a, webhook_a, receiver, eager_tasks, django_capture_on_commit_callbacks
):
    receiver.respond = lambda request: Reply(status=503, body=b"deploying")
    a_burst_of_new_candidates(org_a, 30, django_capture_on_commit_callbacks)
    retry_every_open_delivery()  # the 5-second retries, still inside the outage
    webhook_a.refresh_from_db()
    assert webhook_a.consecutive_failures == 60
    assert webhook_a.is_active is True
    assert not Notification.objects.exists()

    receiver.respond = lambda request: Reply(status=200)
    retry_every_open_delivery()
    webhook_a.refresh_from_db()
    assert WebhookDelivery.objects.filter(status=WebhookDelivery.Status.SUCCESS).count() == 30
    assert (webhook_a.is_active, webhook_a.consecutive_failures, webhook_a.failing_since) == (True, 0, None)


def test_admins_are_warned_once_after_a_day_of_failures_and_the_webhook_is_disabled_after_three(
    org_a, admin_a, recruiter_a, webhook_a, receiver, eager_tasks, django_capture_on_commit_callbacks, mailoutbox
):
    receiver.respond = lambda request: Reply(status=500)
    webhook = fail_once_more(org_a, webhook_a, django_capture_on_commit_callbacks, failing_for=timedelta(hours=23))
    assert webhook.is_active is True
    assert not Notification.objects.exists()

    webhook = fail_once_more(org_a, webhook, django_capture_on_commit_callbacks, failing_for=timedelta(hours=25))
    assert webhook.is_active is True
    [warning] = Notification.objects.all()
    assert (warning.user, warning.type) == (admin_a, "webhook.failing")
    assert "will be disabled" in warning.message
    assert [m.to for m in mailoutbox] == [[admin_a.email]]

    webhook = fail_once_more(org_a, webhook, django_capture_on_commit_callbacks, failing_for=timedelta(hours=48))
    assert webhook.is_active is True
    assert Notification.objects.count() == 1  # warned once per run of failures

    webhook = fail_once_more(org_a, webhook, django_capture_on_commit_callbacks, failing_for=timedelta(hours=73))
    assert webhook.is_active is False
    assert "failed since" in webhook.disabled_reason
    assert list(Notification.objects.order_by("created_at").values_list("type", flat=True)) == [
        "webhook.failing",
        "webhook.disabled",
    ]
    # The open deliveries wait for the endpoint to be enabled again; they are not thrown away.
    assert sweep_due_deliveries(now=timezone.now() + timedelta(days=1)) == 0

    receiver.respond = lambda request: Reply(status=200)
    update_webhook(webhook=webhook, is_active=True)
    retry_every_open_delivery()
    webhook.refresh_from_db()
    assert (webhook.is_active, webhook.failing_since, webhook.failure_warning_sent_at) == (True, None, None)
    assert not WebhookDelivery.objects.exclude(status=WebhookDelivery.Status.SUCCESS).exists()


def test_the_spans_come_from_settings(
    settings, org_a, admin_a, webhook_a, receiver, eager_tasks, django_capture_on_commit_callbacks
):
    settings.WEBHOOK_DISABLE_AFTER_FAILING_HOURS = 5 * 24
    receiver.respond = lambda request: Reply(status=500)

    webhook = fail_once_more(org_a, webhook_a, django_capture_on_commit_callbacks, failing_for=timedelta(days=4))
    assert webhook.is_active is True
    webhook = fail_once_more(org_a, webhook, django_capture_on_commit_callbacks, failing_for=timedelta(days=5))
    assert webhook.is_active is False
