"""Pipeline stages and rejection reasons set up in the page: add, rename, reorder, archive; admins only, per tenant."""

import pytest

from recruiting import services
from recruiting.models import Application, PipelineStage, RejectionReason, StageChange
from tests.factories import ApplicationFactory, CandidateFactory, JobFactory


def stage_names(org, archived=False):
    return list(
        PipelineStage.objects.for_org(org).filter(archived_at__isnull=not archived).values_list("name", flat=True)
    )


def stage(org, key):
    return PipelineStage.objects.for_org(org).get(key=key)


def reason(org, code):
    return RejectionReason.objects.for_org(org).get(code=code)


DEFAULT = ["Applied", "Screening", "Interview", "Offer", "Hired", "Rejected"]


# --- Who may ------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/settings/pipeline/", "/settings/rejection-reasons/"])
def test_pipeline_settings_are_for_admins_only(page_as, recruiter_a, manager_a, viewer_a, admin_a, url):
    for member in (recruiter_a, manager_a, viewer_a):
        assert page_as(member).get(url).status_code == 403
    assert page_as(admin_a).get(url).status_code == 200


def test_a_recruiter_changes_no_stage_or_reason(page_as, recruiter_a, org_a):
    client = page_as(recruiter_a)
    screening, salary = stage(org_a, "screening"), reason(org_a, "salary")
    assert client.post("/settings/pipeline/", {"name": "Take-home"}).status_code == 403
    for action in ("rename", "up", "down", "archive"):
        assert client.post(f"/settings/pipeline/{screening.pk}/{action}/", {"name": "X"}).status_code == 403
    assert client.post("/settings/rejection-reasons/", {"label": "Trop cher"}).status_code == 403
    for action in ("rename", "archive"):
        assert client.post(f"/settings/rejection-reasons/{salary.pk}/{action}/", {"label": "X"}).status_code == 403
    assert stage_names(org_a) == DEFAULT
    salary.refresh_from_db()
    assert (salary.label, salary.archived_at) == ("Salary expectations don't match", None)
    assert RejectionReason.objects.for_org(org_a).count() == 8


def test_another_organizations_stage_and_reason_are_404_and_untouched(page_as, admin_a, org_b):
    client = page_as(admin_a)
    screening, salary = stage(org_b, "screening"), reason(org_b, "salary")
    for action in ("rename", "up", "down", "archive", "restore"):
        assert client.post(f"/settings/pipeline/{screening.pk}/{action}/", {"name": "Mine"}).status_code == 404
    for action in ("rename", "archive", "restore"):
        assert client.post(f"/settings/rejection-reasons/{salary.pk}/{action}/", {"label": "Mine"}).status_code == 404
    assert stage_names(org_b) == DEFAULT
    salary.refresh_from_db()
    assert (salary.label, salary.archived_at) == ("Salary expectations don't match", None)


def test_an_unknown_action_is_a_404(page_as, admin_a, org_a):
    client = page_as(admin_a)
    assert client.post(f"/settings/pipeline/{stage(org_a, 'offer').pk}/delete/").status_code == 404
    assert client.post(f"/settings/rejection-reasons/{reason(org_a, 'salary').pk}/up/").status_code == 404
    assert client.get(f"/settings/pipeline/{stage(org_a, 'offer').pk}/archive/").status_code == 405
    assert stage(org_a, "offer").archived_at is None


# --- Stages -------------------------------------------------------------------------------------


def test_adding_a_stage_puts_it_before_the_final_stages(page_as, admin_a, org_a):
    response = page_as(admin_a).post("/settings/pipeline/", {"name": "  Entretien   d'équipe "}, follow=True)
    assert stage_names(org_a) == [
        "Applied",
        "Screening",
        "Interview",
        "Offer",
        "Entretien d'équipe",
        "Hired",
        "Rejected",
    ]
    added = PipelineStage.objects.for_org(org_a).get(name="Entretien d'équipe")
    assert (added.key, added.kind) == ("entretien-dequipe", PipelineStage.Kind.ACTIVE)
    assert "Stage “Entretien d&#x27;équipe” added" in response.content.decode()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "Give the stage a name."),
        ("interview", "There is already a stage called “interview”."),
        ("x" * 61, "at most 60"),
    ],
)
def test_a_stage_name_that_is_empty_taken_or_too_long_is_a_form_error(page_as, admin_a, org_a, name, message):
    response = page_as(admin_a).post("/settings/pipeline/", {"name": name})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["name"])
    assert stage_names(org_a) == DEFAULT


def test_a_stage_named_only_in_symbols_gets_a_key(page_as, admin_a, org_a):
    page_as(admin_a).post("/settings/pipeline/", {"name": "✓✓"})
    assert PipelineStage.objects.for_org(org_a).get(name="✓✓").key == "stage"


def test_renaming_keeps_the_key_and_the_applications(page_as, admin_a, org_a, application_a):
    screening = stage(org_a, "screening")
    services.move_application_to_stage(application=application_a, stage=screening)
    response = page_as(admin_a).post(
        f"/settings/pipeline/{screening.pk}/rename/", {"name": "Appel de présélection"}, follow=True
    )
    screening.refresh_from_db()
    assert (screening.name, screening.key) == ("Appel de présélection", "screening")
    assert Application.objects.get(pk=application_a.pk).stage_id == screening.pk
    assert "“Screening” is now called “Appel de présélection”." in response.content.decode()


def test_renaming_to_a_taken_name_flashes_why_and_changes_nothing(page_as, admin_a, org_a):
    response = page_as(admin_a).post(
        f"/settings/pipeline/{stage(org_a, 'screening').pk}/rename/", {"name": "Offer"}, follow=True
    )
    assert "Screening: There is already a stage called “Offer”." in response.content.decode()
    assert stage_names(org_a) == DEFAULT


def test_moving_stages_up_and_down_reorders_the_board(page_as, admin_a, org_a, job_a):
    client = page_as(admin_a)
    client.post(f"/settings/pipeline/{stage(org_a, 'offer').pk}/up/")
    client.post(f"/settings/pipeline/{stage(org_a, 'applied').pk}/down/")
    assert stage_names(org_a) == ["Screening", "Applied", "Offer", "Interview", "Hired", "Rejected"]
    board = client.get(f"/jobs/{job_a.pk}/")
    assert [column.name for column, _ in board.context["columns"]] == stage_names(org_a)
    # The ends do not move further, and final stages stay at the end.
    client.post(f"/settings/pipeline/{stage(org_a, 'screening').pk}/up/")
    client.post(f"/settings/pipeline/{stage(org_a, 'interview').pk}/down/")
    response = client.post(f"/settings/pipeline/{stage(org_a, 'hired').pk}/up/", follow=True)
    assert "Hired: Hired is a final stage: it stays at the end of the pipeline." in response.content.decode()
    assert stage_names(org_a) == ["Screening", "Applied", "Offer", "Interview", "Hired", "Rejected"]


def test_archiving_a_stage_keeps_its_applications_and_history_but_offers_it_for_no_move(
    page_as, admin_a, recruiter_a, org_a, job_a
):
    candidate = CandidateFactory(organization=org_a, first_name="Zoë", last_name="O'Brien")
    application = ApplicationFactory(job=job_a, candidate=candidate)
    screening = stage(org_a, "screening")
    services.move_application_to_stage(application=application, stage=screening)
    admin = page_as(admin_a)
    response = admin.post(f"/settings/pipeline/{screening.pk}/archive/", follow=True)
    assert "“Screening” is archived" in response.content.decode()
    screening.refresh_from_db()
    assert screening.archived_at is not None
    assert Application.objects.get(pk=application.pk).stage_id == screening.pk
    assert StageChange.objects.filter(application=application, to_stage=screening).exists()
    assert stage_names(org_a, archived=True) == ["Screening"]

    # The board still shows the card in its archived column, but no move is offered into it.
    board = page_as(recruiter_a).get(f"/jobs/{job_a.pk}/")
    assert [column.name for column, _ in board.context["columns"]] == DEFAULT
    assert "screening" not in [option.key for option in board.context["stages"]]
    assert 'data-archived="true"' in board.content.decode()
    other = ApplicationFactory(job=job_a, candidate=CandidateFactory(organization=org_a))
    refused = page_as(recruiter_a).post(f"/applications/{other.pk}/move/", {"stage": "screening"}, follow=True)
    assert "“Screening” is archived: choose another stage." in refused.content.decode()
    assert Application.objects.get(pk=other.pk).stage.key == "applied"
    # Cards can leave it.
    page_as(recruiter_a).post(f"/applications/{application.pk}/move/", {"stage": "interview"})
    assert Application.objects.get(pk=application.pk).stage.key == "interview"
    # A job with no card there no longer shows the column.
    empty_job = JobFactory(organization=org_a)
    assert "Screening" not in [c.name for c, _ in page_as(recruiter_a).get(f"/jobs/{empty_job.pk}/").context["columns"]]

    admin.post(f"/settings/pipeline/{screening.pk}/restore/")
    assert stage_names(org_a) == DEFAULT


def test_archiving_the_first_stage_sends_new_applications_to_the_next(page_as, admin_a, org_a, job_a):
    page_as(admin_a).post(f"/settings/pipeline/{stage(org_a, 'applied').pk}/archive/")
    application = ApplicationFactory(job=job_a, candidate=CandidateFactory(organization=org_a))
    assert application.stage.key == "screening"


def test_the_api_refuses_a_move_to_an_archived_stage(api_as, recruiter_a, org_a, application_a):
    services.archive_pipeline_stage(stage=stage(org_a, "offer"))
    response = api_as(recruiter_a).post(
        f"/api/v1/applications/{application_a.pk}/move", {"stage": "offer"}, format="json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "STAGE_ARCHIVED"


def test_final_stages_and_the_last_open_stage_cannot_be_archived(page_as, admin_a, org_a):
    client = page_as(admin_a)
    response = client.post(f"/settings/pipeline/{stage(org_a, 'rejected').pk}/archive/", follow=True)
    assert "Rejected is a final stage: every pipeline keeps it." in response.content.decode()
    for key in ("applied", "screening", "interview"):
        client.post(f"/settings/pipeline/{stage(org_a, key).pk}/archive/")
    response = client.post(f"/settings/pipeline/{stage(org_a, 'offer').pk}/archive/", follow=True)
    assert "A pipeline needs at least one open stage" in response.content.decode()
    assert stage_names(org_a) == ["Offer", "Hired", "Rejected"]


def test_restoring_a_stage_whose_name_was_reused_is_refused(page_as, admin_a, org_a):
    client = page_as(admin_a)
    offer = stage(org_a, "offer")
    client.post(f"/settings/pipeline/{offer.pk}/archive/")
    client.post("/settings/pipeline/", {"name": "Offer"})
    response = client.post(f"/settings/pipeline/{offer.pk}/restore/", follow=True)
    assert "There is already a stage called “Offer”." in response.content.decode()
    offer.refresh_from_db()
    assert offer.archived_at is not None


# --- Rejection reasons --------------------------------------------------------------------------


def test_adding_and_rewording_a_reason(page_as, admin_a, org_a):
    client = page_as(admin_a)
    response = client.post(
        "/settings/rejection-reasons/", {"label": "Pas de permis de travail à Montréal"}, follow=True
    )
    added = RejectionReason.objects.for_org(org_a).get(label="Pas de permis de travail à Montréal")
    assert added.code == "pas-de-permis-de-travail-a-montreal"
    assert added.order == 8
    assert "Reason “Pas de permis de travail à Montréal” added." in response.content.decode()
    client.post(f"/settings/rejection-reasons/{added.pk}/rename/", {"label": "Permis de travail manquant"})
    added.refresh_from_db()
    assert (added.label, added.code) == ("Permis de travail manquant", "pas-de-permis-de-travail-a-montreal")


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ("", "Write the reason."),
        ("candidate withdrew", "“candidate withdrew” is already a reason."),
        ("y" * 121, "at most 120"),
    ],
)
def test_a_reason_that_is_empty_taken_or_too_long_is_a_form_error(page_as, admin_a, org_a, label, message):
    response = page_as(admin_a).post("/settings/rejection-reasons/", {"label": label})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["label"])
    assert RejectionReason.objects.for_org(org_a).count() == 8


def test_an_archived_reason_stays_on_past_rejections_but_cannot_be_chosen(page_as, admin_a, recruiter_a, org_a, job_a):
    salary = reason(org_a, "salary")
    rejected = stage(org_a, "rejected")
    past = ApplicationFactory(job=job_a, candidate=CandidateFactory(organization=org_a, last_name="D'Angelo"))
    services.move_application_to_stage(application=past, stage=rejected, rejection_reason=salary)
    response = page_as(admin_a).post(f"/settings/rejection-reasons/{salary.pk}/archive/", follow=True)
    assert "is archived: past rejections keep it" in response.content.decode()
    assert Application.objects.get(pk=past.pk).rejection_reason_id == salary.pk

    board = page_as(recruiter_a).get(f"/jobs/{job_a.pk}/")
    assert "salary" not in [choice.code for choice in board.context["rejection_reasons"]]
    assert "Reason: Salary expectations don" in board.content.decode()
    current = ApplicationFactory(job=job_a, candidate=CandidateFactory(organization=org_a))
    refused = page_as(recruiter_a).post(
        f"/applications/{current.pk}/move/", {"stage": "rejected", "rejection_reason": "salary"}, follow=True
    )
    assert "is archived: choose another reason." in refused.content.decode()
    assert Application.objects.get(pk=current.pk).stage.key == "applied"


def test_the_last_reason_cannot_be_archived(page_as, admin_a, org_a):
    client = page_as(admin_a)
    reasons = list(RejectionReason.objects.for_org(org_a))
    for each in reasons[:-1]:
        client.post(f"/settings/rejection-reasons/{each.pk}/archive/")
    response = client.post(f"/settings/rejection-reasons/{reasons[-1].pk}/archive/", follow=True)
    assert "Rejecting needs at least one reason" in response.content.decode()
    assert RejectionReason.objects.for_org(org_a).filter(archived_at__isnull=True).count() == 1


def test_each_settings_page_highlights_one_sidebar_item(page_as, admin_a):
    client = page_as(admin_a)
    for url, label in [
        ("/settings/pipeline/", "Pipeline stages"),
        ("/settings/rejection-reasons/", "Rejection reasons"),
        ("/settings/integrations/", "Integrations"),
        ("/settings/webhooks/new/", "Webhooks"),
    ]:
        page = client.get(url).content.decode()
        assert page.count('aria-current="page"') == 1, url
        current = page.split('aria-current="page"')[1].split("</a>")[0]
        assert current.endswith(label), (url, current)
