"""Tags: one name per organization whatever its case, on the candidate page and the list, with a filter."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from recruiting import duplicates, tags
from recruiting.models import Tag
from tests.factories import ApplicationFactory, CandidateFactory, JobFactory


def test_a_tag_name_is_unique_per_organization_whatever_its_case(org_a, org_b):
    Tag.objects.create(organization=org_a, name="Silver medallist")
    Tag.objects.create(organization=org_b, name="silver medallist")
    with pytest.raises(IntegrityError), transaction.atomic():
        Tag.objects.create(organization=org_a, name="SILVER MEDALLIST")
    assert tags.get_or_create_tag(organization=org_a, name="silver  MEDALLIST").name == "Silver medallist"


def test_tags_are_added_and_removed_on_the_candidate_page(page_as, recruiter_a, org_a):
    candidate = CandidateFactory(organization=org_a, first_name="Zoë", last_name="O'Neill")
    client = page_as(recruiter_a)
    client.post(f"/candidates/{candidate.pk}/tags/", {"add": "Speaks Gàidhlig"})
    client.post(f"/candidates/{candidate.pk}/tags/", {"add": "speaks gàidhlig"})
    tag = Tag.objects.for_org(org_a).get()
    assert list(candidate.tags.all()) == [tag]
    page = client.get(f"/candidates/{candidate.pk}/").content.decode()
    assert "Speaks Gàidhlig" in page and 'aria-label="Remove tag Speaks Gàidhlig"' in page
    client.post(f"/candidates/{candidate.pk}/tags/", {"remove": tag.pk})
    assert not candidate.tags.exists()
    assert Tag.objects.filter(pk=tag.pk).exists()


def test_another_organizations_tag_or_candidate_is_a_404(page_as, recruiter_a, org_a, org_b):
    ours = CandidateFactory(organization=org_a)
    theirs = CandidateFactory(organization=org_b)
    their_tag, _ = tags.tag_candidates(organization=org_b, candidates=[theirs], name="Globex only")
    client = page_as(recruiter_a)
    assert client.post(f"/candidates/{theirs.pk}/tags/", {"add": "Mine"}).status_code == 404
    assert client.post(f"/candidates/{ours.pk}/tags/", {"remove": their_tag.pk}).status_code == 404
    assert list(theirs.tags.all()) == [their_tag]
    assert not Tag.objects.for_org(org_a).exists()


def test_viewers_cannot_tag(page_as, viewer_a, org_a):
    candidate = CandidateFactory(organization=org_a)
    assert page_as(viewer_a).post(f"/candidates/{candidate.pk}/tags/", {"add": "Shortlist"}).status_code == 403
    assert not Tag.objects.exists()
    assert 'id="tag-add"' not in page_as(viewer_a).get(f"/candidates/{candidate.pk}/").content.decode()


def test_the_list_shows_tags_and_filters_by_one_in_any_case(page_as, recruiter_a, org_a):
    ada = CandidateFactory(organization=org_a, first_name="Ada")
    CandidateFactory(organization=org_a, first_name="Grace")
    tags.tag_candidates(organization=org_a, candidates=[ada], name="Remote OK")
    client = page_as(recruiter_a)
    assert [c.first_name for c in client.get("/candidates/?tag=remote+ok").context["page"]] == ["Ada"]
    page = client.get("/candidates/").content.decode()
    assert '<span class="chip chip-tag">Remote OK</span>' in page
    assert '<option value="Remote OK">Remote OK</option>' in page


def test_the_list_runs_the_same_queries_however_many_tagged_rows(page_as, count_queries, recruiter_a, org_a):
    client = page_as(recruiter_a)
    first = CandidateFactory(organization=org_a)
    tags.tag_candidates(organization=org_a, candidates=[first], name="Shortlist")
    few = count_queries(client, "/candidates/")
    many = [CandidateFactory(organization=org_a) for _ in range(30)]
    tags.tag_candidates(organization=org_a, candidates=many, name="Shortlist")
    tags.tag_candidates(organization=org_a, candidates=many, name="Speaks German")
    with CaptureQueriesContext(connection):
        assert count_queries(client, "/candidates/") == few


def test_a_merge_keeps_the_tags_of_both_records(org_a, recruiter_a):
    kept = CandidateFactory(organization=org_a, first_name="Noémie", last_name="Le Gall")
    duplicate = CandidateFactory(organization=org_a, first_name="Noemie", last_name="Le Gall")
    tags.tag_candidates(organization=org_a, candidates=[kept], name="Shortlist")
    tags.tag_candidates(organization=org_a, candidates=[duplicate], name="Speaks Breton")
    kept = duplicates.merge_candidates(kept=kept, duplicate=duplicate, actor=recruiter_a)
    assert sorted(kept.tags.values_list("name", flat=True)) == ["Shortlist", "Speaks Breton"]


def test_the_api_filters_candidates_by_tag_and_by_source_in_any_case(api_as, recruiter_a, org_a):
    ada = CandidateFactory(organization=org_a, first_name="Ada", source="LinkedIn")
    CandidateFactory(organization=org_a, first_name="Grace", source="referral")
    tags.tag_candidates(organization=org_a, candidates=[ada], name="Remote OK")
    client = api_as(recruiter_a)
    for query in ("tag=REMOTE%20ok", "source=linkedin"):
        response = client.get(f"/api/v1/candidates?{query}")
        assert response.status_code == 200, response.content
        assert [row["first_name"] for row in response.json()["results"]] == ["Ada"]


def test_the_job_board_shows_each_candidates_tags(page_as, count_queries, recruiter_a, org_a):
    job = JobFactory(organization=org_a, title="Ingénieure données")
    zoe = CandidateFactory(organization=org_a, first_name="Zoë", last_name="O'Neill")
    application = ApplicationFactory(job=job, candidate=zoe)
    tags.tag_candidates(organization=org_a, candidates=[zoe], name="Speaks French")
    tags.tag_candidates(organization=org_a, candidates=[zoe], name="Silver medallist")
    client = page_as(recruiter_a)
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    card = page[page.index(f'id="app-{application.pk}"') :]
    card = card[: card.index("</li>")]
    assert '<span class="chip chip-tag">Silver medallist</span><span class="chip chip-tag">Speaks French</span>' in card
    few = count_queries(client, f"/jobs/{job.pk}/")
    for n in range(5):
        other = CandidateFactory(organization=org_a, first_name=f"Amélie{n}")
        ApplicationFactory(job=job, candidate=other)
        tags.tag_candidates(organization=org_a, candidates=[other], name=f"Tag {n}")
    assert count_queries(client, f"/jobs/{job.pk}/") == few
