"""Health checks: history and uptime, refresh-once on an expired token, state changes as events,
and beat running them on each integration's interval."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from django_celery_beat.schedulers import DatabaseScheduler

from config.celery import app as celery_app
from integrations import selectors, tasks
from integrations.models import Integration, IntegrationHealthCheck, Notification
from integrations.services.health import run_health_check
from integrations.services.integrations import create_integration
from recruiting.models import OutboxEvent
from tests.integrations.conftest import Receiver, Reply

BASE = "/api/v1/integrations"


@pytest.fixture
def careers_site(org_a, receiver, allow_loopback):
    return create_integration(
        organization=org_a, name="Careers site", provider="http", config={"health_url": receiver.url("/health")}
    )


def test_a_check_records_history_and_the_health_endpoint_reports_it(api_as, admin_a, careers_site, receiver):
    client = api_as(admin_a)
    assert client.get(f"{BASE}/{careers_site.pk}/health").json()["status"] == "unknown"

    checked = client.post(f"{BASE}/{careers_site.pk}/health/check")
    assert checked.status_code == 200
    body = checked.json()
    assert body["status"] == "healthy"
    assert body["last_error"] == ""
    assert body["response_time_ms"] is not None
    assert body["uptime_24h"] == 100.0
    assert receiver.requests[0].path == "/health"

    receiver.respond = lambda request: Reply(status=503, body=b"down for maintenance")
    body = client.post(f"{BASE}/{careers_site.pk}/health/check").json()
    assert body["status"] == "unhealthy"
    assert body["last_error"].startswith("HTTP 503")
    assert body["uptime_24h"] == 50.0
    assert body["uptime_7d"] == 50.0
    assert client.get(f"{BASE}/{careers_site.pk}/health").json() == body
    assert IntegrationHealthCheck.objects.filter(integration=careers_site).count() == 2


def test_uptime_counts_only_checks_inside_the_window(careers_site):
    now = timezone.now()
    for hours_ago, status in [(1, "healthy"), (2, "unhealthy"), (30, "unhealthy"), (200, "unhealthy")]:
        IntegrationHealthCheck.objects.create(
            organization=careers_site.organization,
            integration=careers_site,
            status=status,
            checked_at=now - timedelta(hours=hours_ago),
        )
    health = selectors.integration_health(integration=careers_site)
    assert health["uptime_24h"] == 50.0
    assert health["uptime_7d"] == pytest.approx(33.33)


def test_a_slow_answer_is_degraded_and_still_counts_as_up(careers_site):
    # Every answer is slower than -1 ms: the threshold is driven instead of slowing the receiver.
    careers_site.settings = {"degraded_after_ms": -1}
    careers_site.save()
    check = run_health_check(integration=careers_site)
    assert check.status == "degraded"
    assert check.error.startswith("Slow response")
    assert selectors.integration_health(integration=careers_site)["uptime_24h"] == 100.0


def test_becoming_unhealthy_and_recovering_emit_events_and_notify_admins(
    org_a, admin_a, recruiter_a, careers_site, receiver, eager_tasks, django_capture_on_commit_callbacks, mailoutbox
):
    receiver.respond = lambda request: Reply(status=500)
    with django_capture_on_commit_callbacks(execute=True):
        run_health_check(integration=careers_site)
        run_health_check(integration=careers_site)  # still down: no second event
    receiver.respond = lambda request: Reply(status=200)
    with django_capture_on_commit_callbacks(execute=True):
        run_health_check(integration=careers_site)

    assert list(OutboxEvent.objects.order_by("occurred_at").values_list("name", flat=True)) == [
        "integration.unhealthy",
        "integration.recovered",
    ]
    notices = Notification.objects.order_by("created_at")
    assert [(n.user.email, n.type) for n in notices] == [
        ("admin@acme.test", "integration.unhealthy"),
        ("admin@acme.test", "integration.recovered"),
    ]
    assert notices[0].metadata["integration_id"] == str(careers_site.pk)
    assert [m.to for m in mailoutbox] == [["admin@acme.test"], ["admin@acme.test"]]


def test_an_expired_token_is_refreshed_once_before_calling_the_integration_unhealthy(org_a, oauth_server):
    calendar = create_integration(organization=org_a, name="Calendar", provider="google_calendar", auth_type="oauth2")
    calendar.access_token = "access-0"
    calendar.refresh_token = "refresh-1"
    calendar.token_expires_at = timezone.now() - timedelta(minutes=1)
    calendar.save()

    assert run_health_check(integration=calendar).status == "healthy"
    calendar.refresh_from_db()
    assert calendar.access_token == "access-1"
    assert len(oauth_server.token_requests()) == 1


def test_a_failed_refresh_leaves_the_integration_unhealthy_after_one_try(org_a, oauth_server):
    calendar = create_integration(organization=org_a, name="Calendar", provider="google_calendar", auth_type="oauth2")
    calendar.access_token = "revoked"
    calendar.refresh_token = "revoked-refresh"
    calendar.save()

    check = run_health_check(integration=calendar)
    assert check.status == "unhealthy"
    assert "Refreshing the token failed" in check.error
    assert len(oauth_server.token_requests()) == 1


def test_beat_checks_only_active_integrations_whose_interval_has_passed(
    org_a, receiver, allow_loopback, eager_tasks, django_capture_on_commit_callbacks
):
    def site(name, **fields):
        return create_integration(
            organization=org_a, name=name, provider="http", config={"health_url": receiver.url(f"/{name}")}, **fields
        )

    due = site("due")
    later = site("later")
    paused = site("paused", status=Integration.Status.INACTIVE)
    Integration.objects.filter(pk=later.pk).update(next_check_at=timezone.now() + timedelta(minutes=3))

    # Beat's task, run here; its on-commit queueing runs the checks inline.
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.check_due_integrations.apply().get() == 1
    assert [request.path for request in receiver.requests] == ["/due"]
    due.refresh_from_db()
    assert due.health_status == "healthy"
    assert timezone.now() + timedelta(seconds=290) <= due.next_check_at <= timezone.now() + timedelta(seconds=300)
    assert IntegrationHealthCheck.objects.filter(integration__in=[later, paused]).count() == 0


def test_celery_beat_runs_health_checks_and_webhook_sweeps_with_no_manual_step(transactional_db):
    # django-celery-beat's DatabaseScheduler copies CELERY_BEAT_SCHEDULE into its tables at start
    # (it manages its own connections, hence a transactional test).
    DatabaseScheduler(app=celery_app, lazy=False)
    scheduled = dict(PeriodicTask.objects.filter(enabled=True).values_list("task", "interval__every"))
    assert scheduled["integrations.check_due_integrations"] == 60
    assert scheduled["integrations.sweep_due_deliveries"] == 5
    assert scheduled["integrations.relay_pending_events"] == 15
    import integrations.tasks  # noqa: F401

    assert {"integrations.check_due_integrations", "integrations.sweep_due_deliveries"} <= set(celery_app.tasks)


@pytest.mark.parametrize(
    "auth_type, config, credentials, credential_header",
    [
        ("api_key", {}, "sk_live_Zoë-secret", "Authorization"),
        ("api_key", {"api_key_header": "X-Api-Key"}, "sk_live_Zoë-secret", "X-Api-Key"),
        ("basic", {}, "zoe.oconnor:pa'ss wörd", "Authorization"),
    ],
)
def test_a_health_check_redirected_to_another_host_does_not_carry_the_credentials_there(
    org_a, receiver, allow_loopback, auth_type, config, credentials, credential_header
):
    elsewhere = Receiver(host="127.0.0.2")
    try:
        receiver.respond = lambda request: Reply(status=302, headers={"Location": elsewhere.url("/landing")})
        integration = create_integration(
            organization=org_a,
            name="Careers site of José Álvarez",
            provider="http",
            auth_type=auth_type,
            credentials=credentials,
            config={"health_url": receiver.url("/health"), **config},
        )

        result = run_health_check(integration=integration)

        assert result.status == "healthy"
        assert credential_header in receiver.requests[0].headers
        assert [r.path for r in elsewhere.requests] == ["/landing"]
        assert credential_header not in elsewhere.requests[0].headers
        assert "Authorization" not in elsewhere.requests[0].headers
    finally:
        elsewhere.stop()


def test_a_health_check_redirected_on_the_same_host_keeps_the_credentials(org_a, receiver, allow_loopback):
    receiver.respond = lambda request: (
        Reply(status=302, headers={"Location": "/ready"}) if request.path == "/health" else Reply()
    )
    integration = create_integration(
        organization=org_a,
        name="Careers site",
        provider="http",
        auth_type="api_key",
        credentials="sk_live_secret",
        config={"health_url": receiver.url("/health")},
    )

    run_health_check(integration=integration)

    assert [r.path for r in receiver.requests] == ["/health", "/ready"]
    assert receiver.requests[1].headers["Authorization"] == "Bearer sk_live_secret"
