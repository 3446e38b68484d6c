"""Per-job pipeline stages: a job uses the organization's stages, or its own ordered choice of them
plus stages of its own, and every way of moving a card respects that list."""

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from analytics.metrics import MetricScope, funnel, time_in_stage
from recruiting import job_stages, services
from recruiting.errors import DomainError
from recruiting.models import Application, JobStage, PipelineStage, StageChange
from tests.factories import ApplicationFactory, CandidateFactory, JobFactory


def stage(org, key):
    return PipelineStage.objects.for_org(org).get(key=key)


def keys(stages):
    return [item.key for item in stages]


def said(response) -> list[str]:
    """The flash messages waiting after this request (the ones not shown yet)."""
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def sous_chef(org_a):
    """A job that skips Screening, puts Interview before a tasting of its own, and keeps Offer."""
    job = JobFactory(organization=org_a, title="Sous-chef (cuisine d'été)")
    services.add_job_stage(job=job, name="Essai en cuisine")
    job_stages.set_job_stages(
        job=job,
        stages=[
            stage(org_a, "applied"),
            stage(org_a, "interview"),
            stage(org_a, "essai-en-cuisine"),
            stage(org_a, "offer"),
        ],
    )
    return job


def test_a_job_without_its_own_list_uses_the_organizations_live_stages(org_a, job_a):
    services.archive_pipeline_stage(stage=stage(org_a, "screening"))
    assert keys(job_stages.job_stages(job_a)) == ["applied", "interview", "offer", "hired", "rejected"]
    assert not job_stages.uses_own_stages(job_a)


def test_a_jobs_own_list_keeps_its_order_and_always_ends_with_hired_and_rejected(sous_chef):
    assert keys(job_stages.job_stages(sous_chef)) == [
        "applied",
        "interview",
        "essai-en-cuisine",
        "offer",
        "hired",
        "rejected",
    ]


def test_a_stage_a_job_adds_for_itself_is_nobody_elses(org_a, job_a, sous_chef, page_as, admin_a):
    assert "essai-en-cuisine" not in keys(job_stages.job_stages(job_a))
    settings_page = page_as(admin_a).get("/settings/pipeline/").content.decode()
    assert "Essai en cuisine" not in settings_page
    # The organization's settings do not reach it either.
    own = stage(org_a, "essai-en-cuisine")
    assert page_as(admin_a).post(f"/settings/pipeline/{own.pk}/archive/").status_code == 404
    own.refresh_from_db()
    assert own.archived_at is None


def test_choosing_exactly_the_organizations_stages_keeps_the_job_on_the_organizations_list(org_a, job_a):
    live = [stage(org_a, key) for key in ("applied", "screening", "interview", "offer")]
    job_stages.set_job_stages(job=job_a, stages=live)
    assert not job_stages.uses_own_stages(job_a)
    # So a stage the organization adds later reaches this job too.
    services.add_pipeline_stage(organization=org_a, name="Référence check")
    assert "reference-check" in keys(job_stages.job_stages(job_a))


def test_a_new_application_starts_at_the_jobs_first_stage(org_a, recruiter_a):
    job = JobFactory(organization=org_a, title="Plongeur")
    job_stages.set_job_stages(job=job, stages=[stage(org_a, "screening"), stage(org_a, "offer")])
    application = ApplicationFactory(job=job, candidate=CandidateFactory(organization=org_a))
    assert application.stage.key == "screening"


def test_a_move_to_a_stage_the_job_does_not_use_is_refused_and_nothing_changes(org_a, sous_chef):
    application = ApplicationFactory(job=sous_chef, candidate=CandidateFactory(organization=org_a))
    with pytest.raises(DomainError) as refused:
        services.move_application_to_stage(application=application, stage=stage(org_a, "screening"))
    assert refused.value.code == "STAGE_NOT_IN_JOB"
    assert refused.value.message == (
        "“Sous-chef (cuisine d'été)” does not use the stage “Screening”: choose one of its stages."
    )
    application.refresh_from_db()
    assert application.stage.key == "applied"
    assert StageChange.objects.filter(application=application).count() == 1


def test_another_jobs_own_stage_is_refused_too(org_a, job_a, sous_chef, candidate_a):
    application = ApplicationFactory(job=job_a, candidate=candidate_a)
    with pytest.raises(DomainError) as refused:
        services.move_application_to_stage(application=application, stage=stage(org_a, "essai-en-cuisine"))
    assert refused.value.code == "STAGE_NOT_IN_JOB"
    with pytest.raises(DomainError):
        services.create_application(
            job=job_a, candidate=CandidateFactory(organization=org_a), stage=stage(org_a, "essai-en-cuisine")
        )


def test_the_api_answers_400_with_a_code_and_moves_to_the_jobs_own_stage(api_as, recruiter_a, org_a, sous_chef):
    application = ApplicationFactory(job=sous_chef, candidate=CandidateFactory(organization=org_a))
    client = api_as(recruiter_a)
    url = f"/api/v1/applications/{application.pk}/move"
    refused = client.post(url, {"stage": "screening"}, format="json")
    assert refused.status_code == 400
    assert refused.json()["code"] == "STAGE_NOT_IN_JOB"
    assert "does not use the stage “Screening”" in str(refused.json())
    moved = client.post(url, {"stage": "essai-en-cuisine"}, format="json")
    assert moved.status_code == 200, moved.json()
    application.refresh_from_db()
    assert application.stage.key == "essai-en-cuisine"
    stages = client.get("/api/v1/stages").json()
    assert {row["key"]: row["job"] for row in stages}["essai-en-cuisine"] == sous_chef.pk
    assert {row["key"]: row["job"] for row in stages}["screening"] is None
    assert not any(row["archived"] for row in stages)
    PipelineStage.objects.for_org(org_a).filter(key="screening").update(archived_at=timezone.now())
    assert {row["key"]: row["archived"] for row in client.get("/api/v1/stages").json()}["screening"] is True


def test_the_move_form_flashes_the_refusal(page_as, recruiter_a, org_a, sous_chef):
    application = ApplicationFactory(job=sous_chef, candidate=CandidateFactory(organization=org_a))
    response = page_as(recruiter_a).post(f"/applications/{application.pk}/move/", {"stage": "screening"})
    assert said(response) == [
        "“Sous-chef (cuisine d'été)” does not use the stage “Screening”: choose one of its stages."
    ]
    application.refresh_from_db()
    assert application.stage.key == "applied"


def test_a_bulk_move_to_a_stage_the_job_does_not_use_stops_once_and_moves_no_one(
    page_as, recruiter_a, org_a, sous_chef
):
    people = [
        CandidateFactory(organization=org_a, first_name="Zoë", last_name="O'Neill"),
        CandidateFactory(organization=org_a, first_name="José", last_name="Núñez"),
    ]
    for person in people:
        ApplicationFactory(job=sous_chef, candidate=person)
    response = page_as(recruiter_a).post(
        "/candidates/bulk/",
        {"action": "move", "job": sous_chef.pk, "stage": "screening", "candidates": [p.pk for p in people]},
    )
    assert said(response) == [
        "“Sous-chef (cuisine d'été)” does not use the stage “Screening”: choose one of its stages."
    ]
    assert set(Application.objects.filter(job=sous_chef).values_list("stage__key", flat=True)) == {"applied"}


def test_the_board_shows_the_jobs_columns_and_offers_only_its_stages(page_as, recruiter_a, org_a, sous_chef):
    kept = ApplicationFactory(job=sous_chef, candidate=CandidateFactory(organization=org_a, first_name="Aoife"))
    # Left behind in a stage the job dropped later: still shown, closed to moves.
    services.move_application_to_stage(application=kept, stage=stage(org_a, "offer"))
    job_stages.set_job_stages(job=sous_chef, stages=[stage(org_a, "applied"), stage(org_a, "interview")])
    context = page_as(recruiter_a).get(f"/jobs/{sous_chef.pk}/").context
    assert [column.key for column, _ in context["columns"]] == ["applied", "interview", "offer", "hired", "rejected"]
    offer_column = context["columns"][2][0]
    assert offer_column.closed_to_moves
    assert keys(context["stages"]) == ["applied", "interview", "hired", "rejected"]
    assert keys(context["bulk_form"]["stages"]) == ["applied", "interview", "hired"]
    page = page_as(recruiter_a).get(f"/jobs/{sous_chef.pk}/").content.decode()
    assert "(not used by this job)" in page
    # Moving out of it to one of the job's stages works.
    services.move_application_to_stage(application=kept, stage=stage(org_a, "interview"))


def test_the_funnel_of_one_job_follows_its_stages_in_its_order(org_a, sous_chef, job_a):
    first = ApplicationFactory(job=sous_chef, candidate=CandidateFactory(organization=org_a))
    second = ApplicationFactory(job=sous_chef, candidate=CandidateFactory(organization=org_a))
    for key in ("interview", "essai-en-cuisine"):
        services.move_application_to_stage(application=first, stage=stage(org_a, key))
    services.move_application_to_stage(application=second, stage=stage(org_a, "interview"))
    rows = funnel(MetricScope(organization=org_a, job_id=sous_chef.pk))
    assert [(row["stage"], row["reached"]) for row in rows] == [
        ("applied", 2),
        ("interview", 2),
        ("essai-en-cuisine", 1),
        ("offer", 0),
        ("hired", 0),
    ]
    assert [row["stage"] for row in time_in_stage(MetricScope(organization=org_a, job_id=sous_chef.pk))] == [
        "applied",
        "interview",
        "essai-en-cuisine",
        "offer",
    ]
    # The organization's funnel lists the organization's stages only.
    everyone = [row["stage"] for row in funnel(MetricScope(organization=org_a))]
    assert everyone == ["applied", "screening", "interview", "offer", "hired"]


def test_the_stage_page_saves_a_choice_and_order_adds_and_goes_back(page_as, recruiter_a, org_a, job_a):
    client = page_as(recruiter_a)
    assert client.get(f"/jobs/{job_a.pk}/stages/").status_code == 200
    ids = {key: stage(org_a, key).pk for key in ("applied", "screening", "interview", "offer")}
    response = client.post(
        f"/jobs/{job_a.pk}/stages/",
        {
            "action": "save",
            "use": [ids["applied"], ids["interview"], ids["offer"]],
            f"position-{ids['applied']}": "1",
            f"position-{ids['interview']}": "3",
            f"position-{ids['offer']}": "2",
        },
    )
    assert said(response) == [f"Stages saved for “{job_a.title}”."]
    assert keys(job_stages.job_stages(job_a)) == ["applied", "offer", "interview", "hired", "rejected"]
    response = client.post(f"/jobs/{job_a.pk}/stages/", {"action": "add", "name": "  Référence   check "})
    assert said(response)[-1] == f"Stage “Référence check” added to “{job_a.title}” before the final stages."
    assert keys(job_stages.job_stages(job_a))[3] == "reference-check"
    response = client.post(f"/jobs/{job_a.pk}/stages/", {"action": "add", "name": "offer"})
    assert said(response)[-1] == f"“{job_a.title}” already has a stage called “offer”."
    response = client.post(f"/jobs/{job_a.pk}/stages/", {"action": "organization"})
    assert keys(job_stages.job_stages(job_a)) == ["applied", "screening", "interview", "offer", "hired", "rejected"]


def test_an_empty_choice_is_refused_and_another_organizations_stage_is_ignored(
    page_as, recruiter_a, org_a, org_b, job_a
):
    client = page_as(recruiter_a)
    response = client.post(f"/jobs/{job_a.pk}/stages/", {"action": "save", "use": []})
    assert said(response) == ["Keep at least one stage before Hired and Rejected."]
    foreign = PipelineStage.objects.for_org(org_b).get(key="screening")
    response = client.post(f"/jobs/{job_a.pk}/stages/", {"action": "save", "use": [foreign.pk, "x"]})
    assert said(response)[-1] == "Keep at least one stage before Hired and Rejected."
    assert not JobStage.objects.exists()
    with pytest.raises(DomainError) as refused:
        job_stages.set_job_stages(job=job_a, stages=[foreign])
    assert refused.value.code == "STAGE_NOT_OFFERED"


def test_only_people_who_edit_jobs_change_its_stages_and_other_organizations_get_a_404(
    page_as, manager_a, viewer_a, admin_b, org_a, job_a
):
    data = {"action": "save", "use": [stage(org_a, "offer").pk]}
    for user in (manager_a, viewer_a):
        assert page_as(user).get(f"/jobs/{job_a.pk}/stages/").status_code == 403
        assert page_as(user).post(f"/jobs/{job_a.pk}/stages/", data).status_code == 403
    assert page_as(admin_b).get(f"/jobs/{job_a.pk}/stages/").status_code == 404
    assert page_as(admin_b).post(f"/jobs/{job_a.pk}/stages/", data).status_code == 404
    assert not job_stages.uses_own_stages(job_a)


def test_a_job_with_its_own_stage_and_history_can_be_deleted(org_a, sous_chef):
    application = ApplicationFactory(job=sous_chef, candidate=CandidateFactory(organization=org_a))
    services.move_application_to_stage(application=application, stage=stage(org_a, "essai-en-cuisine"))
    services.delete_job(job=sous_chef)
    assert not PipelineStage.objects.filter(key="essai-en-cuisine").exists()
