"""Signing in by email, signing out, and resetting a forgotten password."""

import re

from django.core import mail
from django.test import Client

from tests.conftest import PASSWORD


def test_sign_in_with_email_and_password_opens_home(client, recruiter_a):
    response = client.post("/accounts/login/", {"username": "Recruiter@Acme.test", "password": PASSWORD}, follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert response.context["user"] == recruiter_a


def test_wrong_password_shows_an_error_and_stays_signed_out(client, recruiter_a):
    response = client.post("/accounts/login/", {"username": recruiter_a.email, "password": "wrong"})
    assert "did not match" in response.content.decode()
    assert client.get("/").status_code == 302


def test_sign_in_returns_to_the_page_asked_for(client, recruiter_a):
    response = client.post(
        "/accounts/login/?next=/jobs/", {"username": recruiter_a.email, "password": PASSWORD, "next": "/jobs/"}
    )
    assert response["Location"] == "/jobs/"


def test_sign_out_is_a_post_and_ends_the_session(page_as, recruiter_a):
    client = page_as(recruiter_a)
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_login_form_is_csrf_protected(recruiter_a):
    client = Client(enforce_csrf_checks=True)
    assert client.post("/accounts/login/", {"username": recruiter_a.email, "password": PASSWORD}).status_code == 403


def test_password_reset_emails_a_link_that_sets_a_new_password(client, recruiter_a):
    client.post("/accounts/password_reset/", {"email": recruiter_a.email})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/reset/\S+)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    client.post(set_url, {"new_password1": "a-brand-new-passphrase", "new_password2": "a-brand-new-passphrase"})
    assert Client().login(email=recruiter_a.email, password="a-brand-new-passphrase")


def test_session_and_csrf_cookies_are_secure_outside_debug(settings):
    from config import settings as config_settings

    assert config_settings.DEBUG is False
    assert config_settings.SESSION_COOKIE_SECURE is True
    assert config_settings.CSRF_COOKIE_SECURE is True
    assert config_settings.SESSION_COOKIE_HTTPONLY is True
