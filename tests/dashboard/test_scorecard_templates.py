"""A job's scorecard template: the criteria its interviewers rate, not a fixed four."""

import pytest

from recruiting import scorecard_templates
from recruiting.errors import DomainError
from recruiting.models import DEFAULT_SCORECARD_CRITERIA, Scorecard, ScorecardCriterion
from recruiting.scorecard_templates import CriterionInput
from tests.factories import InterviewFactory, JobFactory, ScorecardFactory

FEEDBACK = "Explained the idempotency keys of the payment retry clearly, with the trade-offs."


def _template_post(rows, **extra):
    """The editor's form: one row per (key, name, description, position)."""
    data = {
        "criteria-TOTAL_FORMS": str(len(rows)),
        "criteria-INITIAL_FORMS": "0",
        "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "30",
    }
    for index, (key, name, description, position) in enumerate(rows):
        data |= {
            f"criteria-{index}-key": key,
            f"criteria-{index}-name": name,
            f"criteria-{index}-description": description,
            f"criteria-{index}-position": str(position),
        }
    return data | extra


def test_a_job_without_its_own_criteria_asks_the_four_it_always_asked(job_a):
    criteria = scorecard_templates.scorecard_criteria(job=job_a)
    assert [(item.key, item.name) for item in criteria] == list(DEFAULT_SCORECARD_CRITERIA)
    assert scorecard_templates.job_uses_default_criteria(job=job_a)


def test_saving_criteria_keeps_the_keys_of_renamed_ones_and_names_new_ones_from_their_words(job_a):
    saved = scorecard_templates.save_scorecard_criteria(
        job=job_a,
        criteria=[
            CriterionInput(name="Système design", description="Trade-offs, failure modes", key="technical"),
            CriterionInput(name="Ownership & follow-through"),
            CriterionInput(name="  Communication  ", key="communication"),
        ],
    )
    assert [(item.key, item.name, item.order) for item in saved] == [
        ("technical", "Système design", 0),
        ("ownership_follow_through", "Ownership & follow-through", 1),
        ("communication", "Communication", 2),
    ]
    assert saved[0].description == "Trade-offs, failure modes"
    assert not scorecard_templates.job_uses_default_criteria(job=job_a)


@pytest.mark.parametrize(
    ("rows", "code"),
    [
        ([], "SCORECARD_CRITERIA_REQUIRED"),
        ([CriterionInput(name="   ")], "SCORECARD_CRITERIA_REQUIRED"),
        ([CriterionInput(name="Craft"), CriterionInput(name="craft")], "CRITERION_NAME_TAKEN"),
        ([CriterionInput(name="x" * 81)], "CRITERION_NAME_TOO_LONG"),
        ([CriterionInput(name=f"Criterion {n}") for n in range(21)], "TOO_MANY_CRITERIA"),
    ],
)
def test_a_template_that_cannot_be_saved_is_refused_and_nothing_changes(job_a, rows, code):
    scorecard_templates.save_scorecard_criteria(job=job_a, criteria=[CriterionInput(name="Craft")])
    with pytest.raises(DomainError) as refused:
        scorecard_templates.save_scorecard_criteria(job=job_a, criteria=rows)
    assert refused.value.code == code
    assert list(ScorecardCriterion.objects.filter(job=job_a).values_list("name", flat=True)) == ["Craft"]


def test_the_scorecard_form_asks_exactly_the_jobs_criteria_and_stores_their_names(page_as, manager_a, application_a):
    job = application_a.job
    scorecard_templates.save_scorecard_criteria(
        job=job,
        criteria=[
            CriterionInput(name="Architecture", description="Can they split a monolith safely?"),
            CriterionInput(name="Problem solving", key="problem_solving"),
        ],
    )
    interview = InterviewFactory(application=application_a, interviewers=[manager_a])
    client = page_as(manager_a)
    page = client.get(f"/interviews/{interview.pk}/scorecard/").content.decode()
    assert "Architecture" in page and "Can they split a monolith safely?" in page
    assert "Technical skills" not in page and "Collaboration" not in page
    response = client.post(
        f"/interviews/{interview.pk}/scorecard/",
        {"rating_architecture": "5", "rating_problem_solving": "3", "recommendation": "yes", "feedback": FEEDBACK},
    )
    assert response.status_code == 302
    scorecard = Scorecard.objects.get(interview=interview)
    assert scorecard.ratings == {"architecture": 5, "problem_solving": 3}
    assert scorecard.criteria == [
        {"key": "architecture", "name": "Architecture"},
        {"key": "problem_solving", "name": "Problem solving"},
    ]


def test_a_missing_rating_for_a_jobs_criterion_is_a_field_error(page_as, manager_a, application_a):
    scorecard_templates.save_scorecard_criteria(job=application_a.job, criteria=[CriterionInput(name="Architecture")])
    interview = InterviewFactory(application=application_a, interviewers=[manager_a])
    response = page_as(manager_a).post(
        f"/interviews/{interview.pk}/scorecard/",
        {"rating_technical": "4", "recommendation": "yes", "feedback": FEEDBACK},
    )
    assert response.status_code == 200
    assert "rating_architecture" in response.context["form"].errors
    assert not Scorecard.objects.exists()


def test_the_candidate_page_names_criteria_in_words_as_they_were_asked(page_as, recruiter_a, manager_a, application_a):
    interview = InterviewFactory(application=application_a, interviewers=[manager_a])
    # Through the API's shape: any criterion key, with the job's default names stored alongside.
    ScorecardFactory(interview=interview, interviewer=manager_a, ratings={"problem_solving": 4, "cultural_fit": 2})
    scorecard_templates.save_scorecard_criteria(
        job=application_a.job, criteria=[CriterionInput(name="Puzzles", key="problem_solving")]
    )
    page = page_as(recruiter_a).get(f"/candidates/{application_a.candidate_id}/").content.decode()
    # Written before the rename: it keeps the name the interviewer saw; an unknown key reads in words.
    assert "Problem solving: 4/5" in page and "Cultural fit: 2/5" in page
    assert "Problem_solving" not in page and "Puzzles" not in page


def test_the_editor_saves_order_renames_additions_and_removals(page_as, recruiter_a, job_a):
    client = page_as(recruiter_a)
    page = client.get(f"/jobs/{job_a.pk}/scorecard/")
    assert page.status_code == 200 and "Default criteria" in page.content.decode()
    response = client.post(
        f"/jobs/{job_a.pk}/scorecard/",
        _template_post(
            [
                ("technical", "Backend craft", "Reads the code we ship", 2),
                ("problem_solving", "Problem solving", "", 1),
                ("communication", "Communication", "", 3),
                ("", "Mentoring d'équipe", "Grows the people around them", 4),
                ("", "", "", ""),
            ],
            **{"criteria-2-remove": "on"},
        ),
    )
    assert response.status_code == 302
    assert [(item.key, item.name, item.description) for item in scorecard_templates.scorecard_criteria(job=job_a)] == [
        ("problem_solving", "Problem solving", ""),
        ("technical", "Backend craft", "Reads the code we ship"),
        ("mentoring_dequipe", "Mentoring d'équipe", "Grows the people around them"),
    ]


def test_the_editor_shows_a_refusal_and_keeps_the_saved_criteria(page_as, admin_a, job_a):
    client = page_as(admin_a)
    response = client.post(
        f"/jobs/{job_a.pk}/scorecard/",
        _template_post([("technical", "Craft", "", 1), ("", "CRAFT", "", 2)]),
        follow=True,
    )
    assert response.status_code == 200
    assert "listed twice" in response.content.decode()
    assert scorecard_templates.job_uses_default_criteria(job=job_a)


def test_going_back_to_the_default_criteria(page_as, admin_a, job_a):
    scorecard_templates.save_scorecard_criteria(job=job_a, criteria=[CriterionInput(name="Craft")])
    response = page_as(admin_a).post(f"/jobs/{job_a.pk}/scorecard/", {"action": "defaults"})
    assert response.status_code == 302
    assert scorecard_templates.job_uses_default_criteria(job=job_a)


def test_only_people_who_edit_jobs_change_the_template_and_other_organizations_get_a_404(
    page_as, manager_a, viewer_a, admin_b, job_a
):
    rows = _template_post([("", "Craft", "", 1)])
    for user in (manager_a, viewer_a):
        assert page_as(user).get(f"/jobs/{job_a.pk}/scorecard/").status_code == 403
        assert page_as(user).post(f"/jobs/{job_a.pk}/scorecard/", rows).status_code == 403
    assert page_as(admin_b).get(f"/jobs/{job_a.pk}/scorecard/").status_code == 404
    assert page_as(admin_b).post(f"/jobs/{job_a.pk}/scorecard/", rows).status_code == 404
    assert scorecard_templates.job_uses_default_criteria(job=job_a)


def test_bad_input_in_the_editor_is_a_message_never_a_500(page_as, admin_a, job_a):
    client = page_as(admin_a)
    bad = _template_post([("technical", "Craft", "", "first")])
    assert client.post(f"/jobs/{job_a.pk}/scorecard/", bad).status_code == 200
    assert client.post(f"/jobs/{job_a.pk}/scorecard/", {"criteria-TOTAL_FORMS": "x"}).status_code == 200
    assert scorecard_templates.job_uses_default_criteria(job=job_a)


def test_each_job_has_its_own_criteria(org_a, job_a):
    other = JobFactory(organization=org_a, title="Data Analyst")
    scorecard_templates.save_scorecard_criteria(job=job_a, criteria=[CriterionInput(name="Craft")])
    assert [item.name for item in scorecard_templates.scorecard_criteria(job=other)] == [
        name for _, name in DEFAULT_SCORECARD_CRITERIA
    ]
