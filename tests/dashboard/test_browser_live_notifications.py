"""The home page's notification badge follows the WebSocket stream, in real Chromium on Daphne.

The page is served by the same ASGI server as the socket (as `make run` serves it); the browser
signs in with the form, and the badge changes when the user is notified, without a reload.
"""

import pytest
from playwright.sync_api import expect
from rest_framework_simplejwt.tokens import RefreshToken

from integrations.services.notifications import notify_user
from recruiting import services
from recruiting.models import User
from tests.asgi_server import start_asgi_server
from tests.conftest import PASSWORD
from tests.dashboard.conftest import watched_page
from tests.dashboard.test_browser_flows import recruiter, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
__all__ = ["recruiter", "start_asgi_server"]  # fixtures, imported for this module's tests


@pytest.fixture
def fast_password_hashing():
    """Overrides the autouse cheap hasher: the server process checks the sign-in with the real ones."""


def test_the_badge_counts_up_live_when_a_notification_arrives(chromium, start_asgi_server, recruiter, settings):
    # The server process publishes and holds the socket; notifications are made through its API.
    admin = services.create_user(
        organization=recruiter.organization, email="ada@acme.test", password=PASSWORD, role=User.Role.ADMIN
    )
    candidate = services.create_candidate(
        organization=recruiter.organization, first_name="Zoë", last_name="O'Brien", email="zoe@example.ie"
    )
    server = start_asgi_server(extra_env={"SECURE_COOKIES": "0"})
    notify_user(user=recruiter, type="partner.message", title="Welcome aboard")
    context = chromium.new_context(base_url=server.url, viewport={"width": 1280, "height": 900})
    page = watched_page(context)
    try:
        sign_in(page, recruiter.email)
        badge = page.locator("[data-notification-badge]")
        expect(badge).to_have_text("1 unread")
        card = page.locator("[data-live-notifications]")
        expect(card).to_have_attribute("data-live", "connected")

        # An admin's integration notifies Riley through the API, served by the same process.
        answer = page.request.post(
            "/api/v1/notifications/send",
            data={
                "user_id": recruiter.pk,
                "title": "Interview moved",
                "message": "Zoë's interview is now 10:30, Berlin",
            },
            headers={"Authorization": f"Bearer {RefreshToken.for_user(admin).access_token}"},
        )
        assert answer.status == 201, answer.text()

        expect(badge).to_have_text("2 unread")
        expect(page.locator("[data-notification-feed] li").first).to_contain_text("Interview moved")
        expect(page.locator("[data-notification-feed] li").first).to_contain_text("Zoë's interview is now 10:30")

        # One about a candidate names them and links to their page, live and without a reload.
        answer = page.request.post(
            "/api/v1/notifications/send",
            data={
                "user_id": recruiter.pk,
                "title": "Zoë O'Brien applied for Data Engineer",
                "metadata": {"candidate_id": candidate.pk, "url": "javascript:alert(1)"},
            },
            headers={"Authorization": f"Bearer {RefreshToken.for_user(admin).access_token}"},
        )
        assert answer.status == 201, answer.text()
        expect(badge).to_have_text("3 unread")
        newest = page.locator("[data-notification-feed] li").first
        expect(newest.locator("time")).to_have_text("just now")
        newest.get_by_role("link", name="Zoë O'Brien applied for Data Engineer").click()
        expect(page).to_have_url(f"{server.url}/candidates/{candidate.pk}/")
        expect(page.get_by_role("heading", name="Zoë O'Brien")).to_be_visible()
    finally:
        context.close()
    assert page.problems == [], page.problems  # no CSP violation, no failed socket
