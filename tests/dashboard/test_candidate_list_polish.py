"""The candidate list: sorting by column, a total, sources as a choice, any or all skills, past-the-end pages."""

from tests.factories import CandidateFactory


def names(client, query):
    return [c.first_name for c in client.get(f"/candidates/?{query}").context["page"]]


def test_sorting_by_name_experience_and_date(page_as, recruiter_a, org_a):
    CandidateFactory(organization=org_a, first_name="Zoë", last_name="Abbott", experience_years=2)
    CandidateFactory(organization=org_a, first_name="Élodie", last_name="Zola", experience_years=None)
    CandidateFactory(organization=org_a, first_name="Seán", last_name="Mac Giolla", experience_years=11.5)
    client = page_as(recruiter_a)
    assert names(client, "sort=name") == ["Zoë", "Seán", "Élodie"]
    assert names(client, "sort=-name") == ["Élodie", "Seán", "Zoë"]
    assert names(client, "sort=-experience") == ["Seán", "Zoë", "Élodie"]
    assert names(client, "sort=experience") == ["Zoë", "Seán", "Élodie"]
    assert names(client, "sort=created") == ["Zoë", "Élodie", "Seán"]
    assert names(client, "sort=-created") == names(client, "sort=nonsense") == ["Seán", "Élodie", "Zoë"]
    page = client.get("/candidates/?sort=name").content.decode()
    assert 'aria-sort="ascending"><a href="?sort=-name">Candidate ↑' in page


def test_the_list_shows_its_total(page_as, recruiter_a, org_a):
    for _ in range(30):
        CandidateFactory(organization=org_a, location="Kraków")
    CandidateFactory(organization=org_a, location="Brest")
    client = page_as(recruiter_a)
    assert '<h2 id="results-title">31 candidates</h2>' in client.get("/candidates/").content.decode()
    assert "1 candidate matches</h2>" in client.get("/candidates/?location=brest").content.decode()


def test_sources_are_a_choice_list_matched_in_any_case(page_as, recruiter_a, org_a, org_b):
    CandidateFactory(organization=org_a, first_name="Ada", source="LinkedIn")
    CandidateFactory(organization=org_a, first_name="Grace", source="linkedin")
    CandidateFactory(organization=org_a, first_name="Lin", source="job_board")
    CandidateFactory(organization=org_b, source="globex-only")
    client = page_as(recruiter_a)
    assert sorted(names(client, "source=LINKEDIN")) == ["Ada", "Grace"]
    assert client.get("/candidates/").context["sources"] == [("job_board", "Job board"), ("linkedin", "LinkedIn")]
    page = client.get("/candidates/?source=LinkedIn").content.decode()
    assert '<option value="linkedin" selected>LinkedIn</option>' in page and "globex" not in page.lower()


def test_any_skill_or_all_skills(page_as, recruiter_a, org_a):
    CandidateFactory(organization=org_a, first_name="Ada", skills=["Python", "PostgreSQL"])
    CandidateFactory(organization=org_a, first_name="Grace", skills=["Python"])
    client = page_as(recruiter_a)
    assert sorted(names(client, "skills=python,postgresql")) == ["Ada", "Grace"]
    assert names(client, "skills=python,postgresql&skills_match=all") == ["Ada"]
    assert (
        '<option value="all" selected>All skills</option>'
        in client.get("/candidates/?skills=python&skills_match=all").content.decode()
    )


def test_a_page_past_the_end_says_so_and_links_to_the_last(page_as, recruiter_a, org_a):
    for _ in range(30):
        CandidateFactory(organization=org_a)
    client = page_as(recruiter_a)
    response = client.get("/candidates/?location=london&page=9")
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is no page 9: this list has 2 pages." in page
    assert '<a href="?location=london&amp;page=2">Go to page 2</a>' in page
    assert "No candidates yet" not in page


def test_absurd_page_numbers_are_not_an_error(page_as, recruiter_a, org_a):
    CandidateFactory(organization=org_a)
    client = page_as(recruiter_a)
    for page in ("99999999999999999999999", "-4", "zwei"):
        assert client.get(f"/candidates/?page={page}").status_code == 200


def test_a_filter_error_names_the_field_as_the_form_labels_it(page_as, recruiter_a):
    page = page_as(recruiter_a).get("/candidates/?experience_min=plenty&skills_match=some").content.decode()
    assert "Min. years: Enter a number." in page
    assert "Match: Select a valid choice. some is not one of the available choices." in page
    assert "experience_min" not in page.split('role="alert"', 1)[1].split("</div>", 1)[0]


def test_sources_read_as_words_on_the_list(page_as, recruiter_a, org_a):
    CandidateFactory(organization=org_a, source="csv_import")
    CandidateFactory(organization=org_a, source="job-board")
    page = page_as(recruiter_a).get("/candidates/").content.decode()
    assert "<td>CSV import</td>" in page and "<td>Job board</td>" in page
    assert '<option value="csv_import">CSV import</option>' in page
