"""Bulk actions on the candidate list and a job's board: one service call, scoped, with skipped ones named."""

import csv
import io

import pytest
from django.contrib.messages import get_messages

from recruiting import services
from recruiting.models import Application, Candidate, PipelineStage, RejectionReason, StageChange, Tag
from tests.factories import ApplicationFactory, CandidateFactory, JobFactory

BULK = "/candidates/bulk/"


def stage(org, key):
    return PipelineStage.objects.for_org(org).get(key=key)


def said(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def people_a(org_a):
    return [
        CandidateFactory(organization=org_a, first_name="Zoë", last_name="O'Neill", email="zoe@example.com"),
        CandidateFactory(organization=org_a, first_name="Amélie", last_name="D'Arcy", email="amelie@example.fr"),
        CandidateFactory(organization=org_a, first_name="José", last_name="Núñez", email="jose@example.es"),
    ]


@pytest.fixture
def pipeline_a(org_a, recruiter_a, people_a):
    job = JobFactory(organization=org_a, title="Développeuse Python")
    for person in people_a:
        ApplicationFactory(job=job, candidate=person, actor=recruiter_a)
    return job


def post(client, **data):
    data.setdefault("next", "/candidates/")
    return client.post(BULK, data)


def test_moving_selected_candidates_writes_history_and_says_how_many(page_as, recruiter_a, org_a, people_a, pipeline_a):
    client = page_as(recruiter_a)
    response = post(client, action="move", job=pipeline_a.pk, stage="interview", candidates=[p.pk for p in people_a])
    assert response.status_code == 302 and response["Location"] == "/candidates/"
    assert said(response) == ["3 candidates moved to Interview."]
    applications = Application.objects.filter(job=pipeline_a)
    assert {a.stage.key for a in applications} == {"interview"}
    assert StageChange.objects.filter(application__job=pipeline_a, to_stage__key="interview").count() == 3


def test_hired_and_rejected_candidates_are_skipped_and_named(page_as, recruiter_a, org_a, people_a, pipeline_a):
    zoe, amelie, jose = people_a
    reason = RejectionReason.objects.for_org(org_a).get(code="salary")
    services.move_application_to_stage(
        application=Application.objects.get(job=pipeline_a, candidate=zoe), stage=stage(org_a, "hired")
    )
    services.move_application_to_stage(
        application=Application.objects.get(job=pipeline_a, candidate=amelie),
        stage=stage(org_a, "rejected"),
        rejection_reason=reason,
    )
    response = post(
        page_as(recruiter_a), action="move", job=pipeline_a.pk, stage="screening", candidates=[p.pk for p in people_a]
    )
    assert said(response) == [
        "1 candidate moved to Screening.",
        "2 candidates skipped: Amélie D'Arcy (already rejected), Zoë O'Neill (already hired).",
    ]
    stages = {a.candidate_id: a.stage.key for a in Application.objects.filter(job=pipeline_a)}
    assert stages == {zoe.pk: "hired", amelie.pk: "rejected", jose.pk: "screening"}


def test_candidates_outside_the_pipeline_are_skipped(page_as, recruiter_a, org_a, people_a, pipeline_a):
    outsider = CandidateFactory(organization=org_a, first_name="Bjørn", last_name="Ødegård")
    response = post(
        page_as(recruiter_a), action="move", job=pipeline_a.pk, stage="offer", candidates=[people_a[0].pk, outsider.pk]
    )
    assert said(response) == [
        "1 candidate moved to Offer.",
        "1 candidate skipped: Bjørn Ødegård (not in the pipeline for Développeuse Python).",
    ]
    assert not Application.objects.filter(candidate=outsider).exists()


def test_rejecting_records_the_reason_and_note_for_each(page_as, recruiter_a, org_a, people_a, pipeline_a):
    response = post(
        page_as(recruiter_a),
        action="reject",
        job=pipeline_a.pk,
        rejection_reason="another-candidate",
        note="We hired someone with on-call experience",
        candidates=[p.pk for p in people_a[:2]],
    )
    assert said(response) == ["2 candidates rejected for Développeuse Python: Another candidate was a better fit."]
    rejected = Application.objects.filter(job=pipeline_a, stage__key="rejected")
    assert {a.candidate_id for a in rejected} == {people_a[0].pk, people_a[1].pk}
    assert {(a.rejection_reason.code, a.rejection_note) for a in rejected} == {
        ("another-candidate", "We hired someone with on-call experience")
    }


def test_rejecting_without_a_reason_changes_nothing(page_as, recruiter_a, people_a, pipeline_a):
    response = post(page_as(recruiter_a), action="reject", job=pipeline_a.pk, candidates=[people_a[0].pk])
    assert said(response) == ["Choose a rejection reason."]
    assert not Application.objects.filter(job=pipeline_a, stage__key="rejected").exists()


def test_the_move_action_refuses_the_rejected_stage_so_a_reason_is_always_asked(
    page_as, recruiter_a, people_a, pipeline_a
):
    response = post(
        page_as(recruiter_a), action="move", job=pipeline_a.pk, stage="rejected", candidates=[people_a[0].pk]
    )
    assert said(response) == ["Use Reject to reject candidates: it asks for a reason."]
    assert not Application.objects.filter(job=pipeline_a, stage__key="rejected").exists()


def test_adding_to_a_job_adds_the_new_ones_and_skips_those_already_in(
    page_as, recruiter_a, org_a, people_a, pipeline_a
):
    newcomer = CandidateFactory(organization=org_a, first_name="Siobhán", last_name="Ní Bhriain")
    response = post(
        page_as(recruiter_a), action="add_to_job", add_to_job=pipeline_a.pk, candidates=[newcomer.pk, people_a[0].pk]
    )
    assert said(response) == [
        "1 candidate added to the pipeline for Développeuse Python.",
        "1 candidate skipped: Zoë O'Neill (already in the pipeline for Développeuse Python).",
    ]
    assert Application.objects.get(job=pipeline_a, candidate=newcomer).stage.key == "applied"
    assert Application.objects.filter(job=pipeline_a).count() == 4


def test_a_closed_job_takes_no_one(page_as, recruiter_a, org_a, people_a, pipeline_a):
    services.update_job(job=pipeline_a, status="closed")
    added = post(page_as(recruiter_a), action="add_to_job", add_to_job=pipeline_a.pk, candidates=[people_a[0].pk])
    assert said(added) == ["Choose one of your open jobs."]
    moved = post(
        page_as(recruiter_a), action="move", job=pipeline_a.pk, stage="offer", candidates=[p.pk for p in people_a]
    )
    assert said(moved) == ["“Développeuse Python” is closed: reopen the job to change its pipeline."]
    assert set(Application.objects.filter(job=pipeline_a).values_list("stage__key", flat=True)) == {"applied"}


def test_tagging_reuses_a_tag_whatever_its_case_and_skips_those_tagged(page_as, recruiter_a, org_a, people_a):
    first = post(page_as(recruiter_a), action="tag", tag="  Speaks   German ", candidates=[people_a[0].pk])
    assert said(first) == ["1 candidate tagged “Speaks German”."]
    second = post(page_as(recruiter_a), action="tag", tag="speaks german", candidates=[p.pk for p in people_a])
    assert said(second) == [
        "2 candidates tagged “Speaks German”.",
        "1 candidate skipped: Zoë O'Neill (already tagged Speaks German).",
    ]
    tag = Tag.objects.for_org(org_a).get()
    assert tag.name == "Speaks German"
    assert set(tag.candidates.values_list("pk", flat=True)) == {p.pk for p in people_a}


def test_export_lists_the_selection_as_csv_with_formulas_defused(page_as, viewer_a, org_a, org_b, people_a):
    people_a[0].first_name = '=HYPERLINK("http://evil.example")'
    people_a[0].save()
    services.update_candidate(candidate=people_a[1], skills=["Python", "Français"])
    foreign = CandidateFactory(organization=org_b, first_name="Globex", last_name="Secret")
    response = page_as(viewer_a).post(
        BULK, {"action": "export", "candidates": [people_a[0].pk, people_a[1].pk, foreign.pk]}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="candidates-')
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["last_name"] for row in rows] == ["D'Arcy", "O'Neill"]
    assert rows[0]["skills"] == "Python, Français"
    assert rows[1]["first_name"] == '\'=HYPERLINK("http://evil.example")'
    assert "Secret" not in response.content.decode()


def test_another_organizations_ids_are_never_acted_on(
    page_as, recruiter_a, admin_b, org_a, org_b, people_a, pipeline_a
):
    job_b = JobFactory(organization=org_b)
    theirs = CandidateFactory(organization=org_b, first_name="Globex", last_name="Person")
    ApplicationFactory(job=job_b, candidate=theirs)
    mixed = post(page_as(recruiter_a), action="tag", tag="Shortlist", candidates=[people_a[0].pk, theirs.pk])
    assert said(mixed) == ["1 candidate tagged “Shortlist”."]
    only_theirs = post(page_as(recruiter_a), action="tag", tag="Shortlist", candidates=[theirs.pk])
    assert said(only_theirs) == ["Select at least one candidate first."]
    their_job = post(page_as(recruiter_a), action="move", job=job_b.pk, stage="offer", candidates=[theirs.pk])
    assert said(their_job) == ["Choose one of your jobs."]
    assert not theirs.tags.exists()
    assert Application.objects.get(candidate=theirs).stage.key == "applied"
    assert not Tag.objects.for_org(org_b).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"action": "move", "stage": "interview"},
        {"action": "reject", "rejection_reason": "salary"},
        {"action": "add_to_job"},
        {"action": "tag", "tag": "Shortlist"},
    ],
)
def test_viewers_cannot_run_bulk_writes(page_as, viewer_a, org_a, people_a, pipeline_a, data):
    data = {"job": pipeline_a.pk, "add_to_job": pipeline_a.pk, "candidates": [p.pk for p in people_a], **data}
    response = page_as(viewer_a).post(BULK, data)
    assert response.status_code == 403
    assert set(Application.objects.filter(job=pipeline_a).values_list("stage__key", flat=True)) == {"applied"}
    assert not Tag.objects.for_org(org_a).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "move", "stage": "interview"}, "Select at least one candidate first."),
        ({"action": "move", "stage": "no-such-stage", "candidates": "SELF"}, "Choose a stage of your pipeline."),
        ({"action": "move", "candidates": "SELF"}, "Choose a stage of your pipeline."),
        ({"action": "delete-everyone", "candidates": "SELF"}, "Choose one of the bulk actions."),
        (
            {"action": "tag", "tag": "x", "candidates": ["1'; DROP TABLE", "x"]},
            "The selection is not a list of candidates.",
        ),
        ({"action": "tag", "tag": "   ", "candidates": "SELF"}, "Type a tag."),
        (
            {"action": "tag", "tag": "x" * 61, "candidates": "SELF"},
            "Ensure this value has at most 60 characters (it has 61).",
        ),
        (
            {"action": "reject", "rejection_reason": "not-a-reason", "candidates": "SELF"},
            "Choose one of your rejection reasons.",
        ),
        ({"action": "move", "stage": "offer", "candidates": "SELF", "job": "999999"}, "Choose one of your jobs."),
        (
            {"action": "move", "stage": "offer", "candidates": ["99999999999999999999"]},
            "Select at least one candidate first.",
        ),
        (
            {"action": "tag", "tag": "Shortlist", "candidates": list(range(1, 502))},
            "Select at most 500 candidates at a time.",
        ),
    ],
)
def test_bad_input_is_a_message_never_an_error_page(page_as, recruiter_a, people_a, pipeline_a, data, message):
    data = {"job": pipeline_a.pk, **data}
    if data.get("candidates") == "SELF":
        data["candidates"] = [people_a[0].pk]
    response = post(page_as(recruiter_a), **data)
    assert response.status_code == 302
    assert said(response) == [message]
    assert set(Application.objects.filter(job=pipeline_a).values_list("stage__key", flat=True)) == {"applied"}


def test_the_next_address_must_be_this_site(page_as, recruiter_a, people_a):
    response = post(
        page_as(recruiter_a), action="tag", tag="x", candidates=[people_a[0].pk], next="https://evil.example/"
    )
    assert response["Location"] == "/candidates/"


def test_the_list_and_the_board_offer_the_bulk_bar_to_writers_and_export_to_viewers(
    page_as, recruiter_a, viewer_a, people_a, pipeline_a
):
    for url in ("/candidates/", f"/jobs/{pipeline_a.pk}/"):
        writer = page_as(recruiter_a).get(url).content.decode()
        assert 'id="bulk-form"' in writer and 'value="reject"' in writer and "Select Zoë O&#x27;Neill" in writer
        viewer = page_as(viewer_a).get(url).content.decode()
        assert 'id="bulk-form"' in viewer and 'value="export"' in viewer and 'value="reject"' not in viewer


def test_bulk_moves_run_one_transaction_so_a_failure_keeps_everyone_where_they_were(
    page_as, recruiter_a, org_a, people_a, pipeline_a, monkeypatch
):
    real_move = services.move_application_to_stage
    calls = []

    def move_then_fail(**kwargs):
        calls.append(kwargs["application"].candidate_id)
        if len(calls) == 2:
            raise RuntimeError("database went away")
        return real_move(**kwargs)

    monkeypatch.setattr(services, "move_application_to_stage", move_then_fail)
    client = page_as(recruiter_a)
    client.raise_request_exception = False
    response = post(client, action="move", job=pipeline_a.pk, stage="offer", candidates=[p.pk for p in people_a])
    assert response.status_code == 500
    assert set(Application.objects.filter(job=pipeline_a).values_list("stage__key", flat=True)) == {"applied"}
    assert Candidate.objects.for_org(org_a).count() == 3


def test_a_closed_jobs_board_offers_only_the_export(page_as, recruiter_a, people_a, pipeline_a):
    services.update_job(job=pipeline_a, status="closed")
    page = page_as(recruiter_a).get(f"/jobs/{pipeline_a.pk}/").content.decode()
    assert 'id="bulk-form"' in page and 'value="export"' in page
    assert 'value="move"' not in page and 'value="reject"' not in page


def test_hiring_managers_cannot_run_bulk_writes_either(page_as, manager_a, org_a, people_a, pipeline_a):
    response = page_as(manager_a).post(BULK, {"action": "tag", "tag": "Shortlist", "candidates": [people_a[0].pk]})
    assert response.status_code == 403
    assert not Tag.objects.for_org(org_a).exists()


def test_an_archived_stage_or_reason_refuses_the_whole_selection_once(
    page_as, recruiter_a, org_a, people_a, pipeline_a
):
    services.archive_pipeline_stage(stage=stage(org_a, "offer"), actor=recruiter_a)
    services.archive_rejection_reason(reason=RejectionReason.objects.for_org(org_a).get(code="salary"))
    ids = [p.pk for p in people_a]
    moved = post(page_as(recruiter_a), action="move", job=pipeline_a.pk, stage="offer", candidates=ids)
    assert said(moved) == ["“Offer” is archived: choose another stage."]
    rejected = post(page_as(recruiter_a), action="reject", job=pipeline_a.pk, rejection_reason="salary", candidates=ids)
    assert said(rejected) == ["“Salary expectations don't match” is archived: choose another reason."]
    assert set(Application.objects.filter(job=pipeline_a).values_list("stage__key", flat=True)) == {"applied"}
    bar = page_as(recruiter_a).get(f"/jobs/{pipeline_a.pk}/").content.decode().split('id="bulk-form"', 1)[1]
    bar = bar.split("</form>", 1)[0]
    assert 'value="offer"' not in bar and 'value="salary"' not in bar and 'value="interview"' in bar
