"""The top bar's search: candidates, jobs and people of the signed-in user's organization only."""

from recruiting import services
from recruiting.models import User
from tests.conftest import PASSWORD
from tests.factories import CandidateFactory, JobFactory


def test_results_are_grouped_by_kind(page_as, recruiter_a, org_a):
    CandidateFactory(organization=org_a, first_name="Siobhán", last_name="O'Brien", email="siobhan@example.ie")
    JobFactory(organization=org_a, title="O'Brien & Partners liaison")
    services.create_user(
        organization=org_a, email="liam.obrien@acme.test", password=PASSWORD, first_name="Liam", last_name="O'Brien"
    )
    response = page_as(recruiter_a).get("/search/?q=o'brien")
    groups = {group["key"]: group["rows"] for group in response.context["groups"]}
    assert [c.full_name for c in groups["candidates"]] == ["Siobhán O'Brien"]
    assert [j.title for j in groups["jobs"]] == ["O'Brien & Partners liaison"]
    assert [u.email for u in groups["people"]] == ["liam.obrien@acme.test"]
    page = response.content.decode()
    assert "Results for “o&#x27;brien”" in page and '<h2 id="group-people">People' in page


def test_another_organization_is_never_found(page_as, recruiter_a, org_a, org_b):
    CandidateFactory(organization=org_b, first_name="Zoë", last_name="Globex", email="zoe@globex.test")
    JobFactory(organization=org_b, title="Globex engineer")
    services.create_user(organization=org_b, email="someone@globex.test", password=PASSWORD, role=User.Role.ADMIN)
    response = page_as(recruiter_a).get("/search/?q=globex")
    assert all(group["rows"] == [] for group in response.context["groups"])
    assert "Nothing matches “globex”" in response.content.decode()


def test_an_empty_search_explains_the_shortcut(page_as, recruiter_a):
    page = page_as(recruiter_a).get("/search/?q=%20%20").content.decode()
    assert "Press <kbd>/</kbd> anywhere" in page


def test_many_matches_are_capped_with_a_link_to_the_full_list(page_as, recruiter_a, org_a):
    for n in range(12):
        CandidateFactory(organization=org_a, first_name=f"Noémie{n}", last_name="Le Gall")
    response = page_as(recruiter_a).get("/search/?q=le+gall")
    candidates = response.context["groups"][0]
    assert len(candidates["rows"]) == 8 and candidates["more"]
    assert 'href="/candidates/?q=le+gall">See all candidates' in response.content.decode()


def test_the_search_runs_the_same_queries_however_many_match(page_as, count_queries, recruiter_a, org_a):
    client = page_as(recruiter_a)
    CandidateFactory(organization=org_a, last_name="Núñez")
    JobFactory(organization=org_a, title="Núñez team lead")
    few = count_queries(client, "/search/?q=n%C3%BA%C3%B1ez")
    for _ in range(20):
        CandidateFactory(organization=org_a, last_name="Núñez")
        JobFactory(organization=org_a, title="Núñez team lead")
    assert count_queries(client, "/search/?q=n%C3%BA%C3%B1ez") == few


def test_every_page_has_the_search_box_with_its_shortcut(page_as, viewer_a):
    page = page_as(viewer_a).get("/jobs/").content.decode()
    assert 'id="global-search"' in page and 'aria-keyshortcuts="/"' in page


def test_people_found_are_links_to_them(page_as, admin_a, recruiter_a, org_a):
    liam = services.create_user(
        organization=org_a, email="liam.obrien@acme.test", password=PASSWORD, first_name="Liam", last_name="O'Brien"
    )
    # An admin lands on the person's row in Users and roles, filtered to them.
    page = page_as(admin_a).get("/search/?q=o'brien").content.decode()
    link = f'href="/settings/users/?q=liam.obrien%40acme.test#user-{liam.pk}">Liam O&#x27;Brien</a>'
    assert link in page
    users = page_as(admin_a).get("/settings/users/?q=liam.obrien%40acme.test")
    assert [member.email for member in users.context["page"]] == ["liam.obrien@acme.test"]
    assert f'<tr id="user-{liam.pk}">' in users.content.decode()
    # Anyone else can write to them (Users and roles is for admins only).
    page = page_as(recruiter_a).get("/search/?q=o'brien").content.decode()
    assert 'href="mailto:liam.obrien@acme.test"' in page and "/settings/users/" not in page


def test_users_and_roles_finds_people_by_any_part_of_their_name_and_says_when_none_match(page_as, admin_a, org_a):
    services.create_user(
        organization=org_a, email="zoe@acme.test", password=PASSWORD, first_name="Zoë", last_name="Núñez"
    )
    client = page_as(admin_a)
    assert [m.email for m in client.get("/settings/users/?q=n%C3%BA%C3%B1ez").context["page"]] == ["zoe@acme.test"]
    page = client.get("/settings/users/?q=nobody+here").content.decode()
    assert "Nobody matches “nobody here”." in page and "Show everyone" in page
