"""Saved searches: a named filter set, private or shared, in the sidebar with a cheap count; delete your own."""

from django.contrib.messages import get_messages

from recruiting import saved_searches
from recruiting.models import SavedSearch
from tests.factories import CandidateFactory


def said(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def sidebar(client, url="/"):
    return client.get(url).content.decode().split('id="saved-searches-heading"', 1)[-1].split("</ul>", 1)[0]


def test_saving_the_current_filters_keeps_them_without_the_page(page_as, recruiter_a):
    response = page_as(recruiter_a).post(
        "/saved-searches/",
        {"name": "Senior Python in Zürich", "query": "skills=python&page=3&location=Z%C3%BCrich", "shared": ""},
    )
    saved = SavedSearch.objects.get()
    assert (saved.owner, saved.shared, saved.query) == (recruiter_a, False, "location=Z%C3%BCrich&skills=python")
    assert response["Location"] == "/candidates/?location=Z%C3%BCrich&skills=python"
    assert said(response) == ["Search “Senior Python in Zürich” saved; it is in the sidebar for you."]


def test_private_searches_are_their_owners_and_shared_ones_the_teams(page_as, recruiter_a, admin_a, org_a):
    CandidateFactory(organization=org_a, first_name="Zoë", skills=["Python"], location="Zürich")
    CandidateFactory(organization=org_a, first_name="Amélie", skills=["Python"], location="Lyon")
    saved_searches.save_search(owner=recruiter_a, name="Mine only", query="location=lyon")
    saved_searches.save_search(owner=recruiter_a, name="Pythonistas", query="skills=python", shared=True)
    own, teammate = sidebar(page_as(recruiter_a)), sidebar(page_as(admin_a))
    assert "Mine only" in own and "Pythonistas" in own
    assert "Mine only" not in teammate and "Pythonistas" in teammate
    assert '<span class="nav-count">2<span class="sr-only"> candidates</span>' in teammate


def test_you_delete_your_own_search_but_not_a_teammates(page_as, recruiter_a, admin_a):
    mine = saved_searches.save_search(owner=admin_a, name="Mine", query="q=ada")
    theirs = saved_searches.save_search(owner=recruiter_a, name="Shared by Riley", query="q=grace", shared=True)
    client = page_as(admin_a)
    refused = client.post(f"/saved-searches/{theirs.pk}/delete/")
    assert said(refused) == ["Only recruiter@acme.test can delete “Shared by Riley”."]
    assert SavedSearch.objects.filter(pk=theirs.pk).exists()
    deleted = page_as(admin_a).post(f"/saved-searches/{mine.pk}/delete/")
    assert said(deleted) == ["Search “Mine” deleted."]
    assert not SavedSearch.objects.filter(pk=mine.pk).exists()


def test_another_organizations_or_a_teammates_private_search_is_a_404(page_as, recruiter_a, admin_a, admin_b):
    foreign = saved_searches.save_search(owner=admin_b, name="Globex", query="q=x", shared=True)
    private = saved_searches.save_search(owner=admin_a, name="Private", query="q=y")
    client = page_as(recruiter_a)
    assert client.post(f"/saved-searches/{foreign.pk}/delete/").status_code == 404
    assert client.post(f"/saved-searches/{private.pk}/delete/").status_code == 404
    assert SavedSearch.objects.count() == 2
    assert "Globex" not in sidebar(client)


def test_a_search_without_filters_or_name_is_refused_in_words(page_as, recruiter_a):
    nothing = page_as(recruiter_a).post("/saved-searches/", {"name": "Everyone", "query": "page=2"})
    assert said(nothing) == ["Filter the list first, then save the search."]
    unnamed = page_as(recruiter_a).post("/saved-searches/", {"name": "  ", "query": "q=ada"})
    assert said(unnamed) == ["Name the search (at most 80 characters)."]
    saved_searches.save_search(owner=recruiter_a, name="Ada", query="q=ada")
    twice = page_as(recruiter_a).post("/saved-searches/", {"name": "ADA", "query": "q=ada"})
    assert said(twice) == ["You already have a search named “ADA”."]
    assert SavedSearch.objects.count() == 1


def test_a_search_whose_filters_no_longer_validate_shows_no_count_and_no_error(page_as, recruiter_a):
    saved_searches.save_search(owner=recruiter_a, name="Broken", query="experience_min=lots")
    assert '<span class="nav-count">—' in sidebar(page_as(recruiter_a))


def test_the_list_offers_to_save_only_a_filtered_search(page_as, recruiter_a):
    client = page_as(recruiter_a)
    assert "Save this search as" not in client.get("/candidates/").content.decode()
    filtered = client.get("/candidates/?skills=python&page=1").content.decode()
    assert 'name="query" value="skills=python"' in filtered


def test_sidebar_counts_are_capped_counts_a_fixed_few_queries_each(page_as, recruiter_a, org_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for n in range(12):
        CandidateFactory(organization=org_a, first_name=f"Zoë{n}", skills=["Python"], location="Zürich")
    client = page_as(recruiter_a)
    with CaptureQueriesContext(connection) as none_saved:
        client.get("/interviews/")
    for name, query in [("Zürich", "location=z%C3%BCrich"), ("Python", "skills=python"), ("Zoë", "q=zo%C3%AB")]:
        saved_searches.save_search(owner=recruiter_a, name=name, query=query)
    with CaptureQueriesContext(connection) as three_saved:
        page = client.get("/interviews/").content.decode()
    assert len(three_saved) - len(none_saved) <= 2 * 3
    counts = [
        q["sql"].upper()
        for q in three_saved.captured_queries
        if "COUNT(" in q["sql"].upper() and '"RECRUITING_CANDIDATE"' in q["sql"].upper()
    ]
    assert counts and all("LIMIT" in sql for sql in counts)
    assert page.count('<span class="nav-count">12<span class="sr-only"> candidates</span>') == 3
