"""Settings → Tags: an admin renames, merges and deletes the tags recruiters made, in the page."""

import re

import pytest
from playwright.sync_api import expect

from recruiting import services, tags
from recruiting.errors import DomainError
from recruiting.models import Tag, User
from tests.conftest import PASSWORD
from tests.dashboard.conftest import watched_page
from tests.factories import CandidateFactory


@pytest.fixture
def tagged(org_a):
    zoe = CandidateFactory(organization=org_a, first_name="Zoë", last_name="O'Brien")
    jose = CandidateFactory(organization=org_a, first_name="José", last_name="Álvarez")
    nadia = CandidateFactory(organization=org_a, first_name="Nadia", last_name="Haddad")
    german, _ = tags.tag_candidates(organization=org_a, candidates=[zoe, jose], name="Speaks German")
    typo, _ = tags.tag_candidates(organization=org_a, candidates=[jose, nadia], name="speaks  germn")
    return {"german": german, "typo": typo, "people": (zoe, jose, nadia)}


def test_renaming_fixes_the_spelling_and_keeps_who_carries_it(tagged):
    renamed = tags.rename_tag(tag=tagged["typo"], name="  Spricht   Deutsch ")
    assert renamed.pk == tagged["typo"].pk
    assert renamed.name == "Spricht Deutsch"
    assert renamed.candidates.count() == 2


def test_renaming_to_another_tags_name_in_any_case_merges_the_two(tagged):
    zoe, jose, nadia = tagged["people"]

    kept = tags.rename_tag(tag=tagged["typo"], name="speaks GERMAN")

    assert kept.pk == tagged["german"].pk and kept.name == "Speaks German"
    assert not Tag.objects.filter(pk=tagged["typo"].pk).exists()
    assert set(kept.candidates.all()) == {zoe, jose, nadia}  # José carried both and carries it once


def test_a_blank_or_too_long_name_is_refused_and_nothing_changes(tagged):
    for name in ("   ", "x" * 61):
        with pytest.raises(DomainError):
            tags.rename_tag(tag=tagged["german"], name=name)
    tagged["german"].refresh_from_db()
    assert tagged["german"].name == "Speaks German"


def test_deleting_takes_the_tag_off_everyone_and_keeps_the_candidates(tagged):
    assert tags.delete_tag(tag=tagged["german"]) == 2
    assert not Tag.objects.filter(name="Speaks German").exists()
    assert all(person.pk for person in tagged["people"])
    assert tagged["people"][0].tags.count() == 0


def test_the_page_lists_tags_with_their_counts_for_admins_only(tagged, admin_a, recruiter_a, page_as):
    page = page_as(admin_a).get("/settings/tags/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Speaks German" in text and "speaks germn" in text
    assert [(tag.name, tag.candidates_total) for tag in page.context["tags"]] == [
        ("Speaks German", 2),
        ("speaks germn", 2),
    ]
    assert page_as(recruiter_a).get("/settings/tags/").status_code == 403
    rename = f"/settings/tags/{tagged['german'].pk}/rename/"
    assert page_as(recruiter_a).post(rename, {"name": "Taken over"}).status_code == 403


def test_another_organizations_tag_or_an_unknown_action_is_a_404(tagged, admin_b, admin_a, page_as):
    german = tagged["german"]
    assert page_as(admin_b).post(f"/settings/tags/{german.pk}/rename/", {"name": "Mine"}).status_code == 404
    assert page_as(admin_b).post(f"/settings/tags/{german.pk}/delete/").status_code == 404
    assert page_as(admin_a).post(f"/settings/tags/{german.pk}/merge-everything/").status_code == 404
    assert page_as(admin_a).post("/settings/tags/999999/delete/").status_code == 404
    german.refresh_from_db()
    assert german.name == "Speaks German"


def test_a_refused_rename_says_why_on_the_page(tagged, admin_a, page_as):
    answer = page_as(admin_a).post(f"/settings/tags/{tagged['german'].pk}/rename/", {"name": ""}, follow=True)
    assert answer.status_code == 200
    assert "was not renamed: Type a tag." in answer.content.decode()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_an_admin_merges_a_misspelt_tag_and_deletes_another_in_chromium(chromium, live_server, settings):
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    organization = services.create_organization(name="Société Générale de Recrutement")
    admin = services.create_user(
        organization=organization, email="zoe@sgr.test", password=PASSWORD, role=User.Role.ADMIN, first_name="Zoë"
    )
    people = [CandidateFactory(organization=organization) for _ in range(3)]
    tags.tag_candidates(organization=organization, candidates=people[:2], name="Silver medallist")
    tags.tag_candidates(organization=organization, candidates=people[2:], name="silver medalist")
    tags.tag_candidates(organization=organization, candidates=people, name="Q3 campaign")
    context = chromium.new_context(base_url=live_server.url, viewport={"width": 1366, "height": 900})
    page = watched_page(context)
    try:
        page.goto("/accounts/login/?next=/settings/tags/")
        page.get_by_label("Email address").fill(admin.email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        expect(page).to_have_url(re.compile(r"/settings/tags/$"))
        expect(page.locator("nav a[aria-current=page]")).to_have_text(re.compile("Tags"))

        page.get_by_label("New name for silver medalist").fill("Silver Medallist")
        page.get_by_role("button", name="Rename silver medalist").click()
        expect(page.get_by_text("“silver medalist” merged into “Silver medallist”")).to_be_visible()
        expect(page.get_by_test_id("tag-row")).to_have_count(2)

        page.once("dialog", lambda dialog: dialog.accept())
        page.get_by_role("button", name="Delete the tag Q3 campaign").click()
        expect(page.get_by_text("Tag “Q3 campaign” deleted; 3 candidate(s) no longer carry it.")).to_be_visible()
        expect(page.get_by_test_id("tag-row")).to_have_count(1)
        table = page.locator(".table-wrap").first
        assert table.evaluate("el => el.scrollWidth <= el.clientWidth")
    finally:
        context.close()
    assert page.problems == [], page.problems
    assert Tag.objects.get(organization=organization).candidates.count() == 3
