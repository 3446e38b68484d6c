"""The careers page in real Chromium: a person finds an open job, applies with a resume and is thanked."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from recruiting import services
from recruiting.models import Application, Candidate, Document, OutboxEvent
from tests.documents.corpus import PEOPLE, as_pdf


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_the_browser_a_person_applies_with_a_resume(browser_page, tmp_path, settings):
    settings.CAREERS_MIN_FORM_SECONDS = 0
    organization = services.create_organization(name="Acme Talent")
    job = services.create_job(
        organization=organization,
        title="Backend Engineer",
        department="Engineering",
        location="Lyon, France",
        remote_policy="remote",
        description="Build the platform.",
        status="open",
    )
    services.create_job(organization=organization, title="Secret draft", status="draft")
    resume = tmp_path / "Zoë O'Brien.pdf"
    resume.write_bytes(as_pdf(PEOPLE[5]))

    page = browser_page
    page.goto(f"/careers/{organization.slug}/")
    jobs = page.get_by_test_id("careers-jobs")
    expect(jobs).to_contain_text("Engineering · Lyon, France · Remote")
    expect(jobs).not_to_contain_text("Secret draft")
    jobs.get_by_role("link", name="Backend Engineer").click()
    expect(page.get_by_role("heading", name="Backend Engineer")).to_be_visible()
    page.get_by_label("First name").fill("Zoë")
    page.get_by_label("Last name").fill("O'Brien")
    page.get_by_label("E-mail").fill("not-an-email")
    page.get_by_label("Why are you interested in this role?").fill("Distributed systems, and the team in Lyon.")
    page.get_by_role("button", name="Send application").click()
    # A mistake is shown on the form, with what was typed kept.
    expect(page.locator(".field-error")).to_contain_text("valid email")
    page.get_by_label("E-mail").fill("zoe.obrien@example.com")
    page.get_by_label("Phone (optional)").fill("+33 6 12 34 56 78")
    page.get_by_label("Resume (optional)").set_input_files(str(resume))
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_test_id("careers-thanks")).to_contain_text("Thank you, Zoë!")
    page.screenshot(path=str(tmp_path / "careers-thanks.png"), full_page=True)

    candidate = Candidate.objects.get(organization=organization, email="zoe.obrien@example.com")
    assert (candidate.last_name, candidate.source) == ("O'Brien", "careers site")
    assert Application.objects.get(candidate=candidate, job=job).stage == services.first_stage(organization)
    assert Document.objects.get(candidate=candidate).original_filename.endswith(".pdf")
    assert OutboxEvent.objects.filter(organization=organization, name="candidate.applied").count() == 1
