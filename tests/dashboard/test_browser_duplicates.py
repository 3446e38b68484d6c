"""Duplicates in real Chromium: the add form warns, the list badges the record, the card merges it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from recruiting import services
from recruiting.models import Candidate, User
from tests.conftest import PASSWORD


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_in_the_browser_a_second_zoe_is_caught_flagged_and_merged(browser_page, tmp_path):
    organization = services.create_organization(name="Acme Talent")
    recruiter = services.create_user(
        organization=organization, email="riley@acme.test", password=PASSWORD, role=User.Role.RECRUITER
    )
    first = services.create_candidate(
        organization=organization,
        first_name="Zoë",
        last_name="O'Brien",
        email="zoe.obrien@example.com",
        location="Berlin, Germany",
    )

    page = browser_page
    page.goto("/accounts/login/?next=/candidates/new/")
    page.get_by_label("Email address").fill(recruiter.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name=re.compile("sign in", re.I)).click()

    page.get_by_label("First name").fill("Zoe")
    page.get_by_label("Last name").fill("OBrien")
    page.get_by_label("Email").fill("Zoe.OBrien@Example.com")
    page.get_by_role("button", name="Add candidate").click()
    warning = page.get_by_test_id("possible-duplicates")
    expect(warning).to_contain_text("Zoë O'Brien")
    page.screenshot(path=str(tmp_path / "duplicate-warning.png"), full_page=True)
    assert Candidate.objects.count() == 1

    page.get_by_label("Add anyway: this is a different person").check()
    page.get_by_role("button", name="Add candidate").click()
    card = page.get_by_test_id("duplicate-card")
    expect(card).to_contain_text("Possible duplicate")
    second = Candidate.objects.exclude(pk=first.pk).get()

    page.goto("/candidates/?possible_duplicates=true")
    expect(page.locator("tbody tr")).to_have_count(1)
    expect(page.locator("tbody")).to_contain_text("Possible duplicate")

    page.goto(f"/candidates/{second.pk}/")
    page.get_by_role("button", name=re.compile("Merge into Zoë O'Brien")).click()
    expect(page.locator(".flash-success")).to_contain_text("Merged")
    page.screenshot(path=str(tmp_path / "merged.png"), full_page=True)
    assert list(Candidate.objects.values_list("pk", flat=True)) == [first.pk]

    page.goto(f"/candidates/{second.pk}/")  # the old address still leads to Zoë
    expect(page).to_have_url(re.compile(rf"/candidates/{first.pk}/$"))
