"""The Resumes card in real Chromium: upload a PDF, see what was read, accept it into the profile."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from recruiting import services
from recruiting.models import Candidate, User
from tests.conftest import PASSWORD
from tests.documents.corpus import PEOPLE, as_pdf


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_the_browser_a_resume_is_uploaded_read_and_accepted(browser_page, tmp_path, eager_tasks):
    organization = services.create_organization(name="Acme Talent")
    recruiter = services.create_user(
        organization=organization, email="riley@acme.test", password=PASSWORD, role=User.Role.RECRUITER
    )
    candidate = services.create_candidate(
        organization=organization, first_name="P", last_name="R", email="p@example.com"
    )
    person = PEOPLE[5]  # Priya Raman
    resume = tmp_path / "Priya Raman.pdf"
    resume.write_bytes(as_pdf(person))

    page = browser_page
    page.goto(f"/accounts/login/?next=/candidates/{candidate.pk}/")
    page.get_by_label("Email address").fill(recruiter.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()
    card = page.get_by_test_id("resumes-card")
    card.locator('input[type="file"]').set_input_files(str(resume))
    card.get_by_role("button", name="Upload resume").click()
    card = page.get_by_test_id("resumes-card")
    expect(card).to_contain_text("Priya Raman.pdf")
    expect(card).to_contain_text("+919876543210")
    card.get_by_role("button", name="Accept parsed fields").click()
    expect(page.locator("dl.props").first).to_contain_text("Bengaluru, India")
    page.screenshot(path=str(tmp_path / "resumes.png"), full_page=True)
    assert Candidate.objects.get(pk=candidate.pk).email == person.email
