"""A rejection records one of the organization's reasons plus an optional note: service, API and pages."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from recruiting import services
from recruiting.models import Application, Organization, OutboxEvent, PipelineStage, RejectionReason, StageChange

NOTE = "Strong Django, but Zoë O'Connor's notice period (six months) doesn't fit the São Paulo launch."


def _move(client, application, body):
    return client.post(f"/api/v1/applications/{application.pk}/move", body, format="json")


def _unchanged(application):
    fresh = Application.objects.get(pk=application.pk)
    return (
        fresh.stage.key == "applied"
        and fresh.rejection_reason is None
        and StageChange.objects.filter(application=application).count() == 1
    )


def test_a_new_organization_has_the_default_reasons(org_a, recruiter_a, api_as):
    listed = api_as(recruiter_a).get("/api/v1/rejection-reasons").json()

    codes = [reason["code"] for reason in listed]
    assert codes[:3] == ["skills-gap", "another-candidate", "salary"]
    assert "other" in codes
    assert set(listed[0]) == {"id", "code", "label", "archived"}
    assert not any(reason["archived"] for reason in listed)


def test_an_archived_reason_is_listed_as_archived_so_partners_do_not_offer_it(org_a, recruiter_a, api_as):
    RejectionReason.objects.for_org(org_a).filter(code="salary").update(archived_at=timezone.now())
    listed = {
        reason["code"]: reason["archived"] for reason in api_as(recruiter_a).get("/api/v1/rejection-reasons").json()
    }
    assert listed["salary"] is True and listed["skills-gap"] is False


def test_reasons_are_listed_per_organization(org_a, org_b, recruiter_a):
    RejectionReason.objects.create(organization=org_b, code="visa", label="Visa sponsorship not possible", order=99)
    assert "visa" not in {reason.code for reason in RejectionReason.objects.for_org(org_a)}


def test_rejecting_through_the_api_by_code_records_reason_and_note(recruiter_a, application_a, api_as):
    OutboxEvent.objects.all().delete()

    response = _move(
        api_as(recruiter_a), application_a, {"stage": "rejected", "rejection_reason": "salary", "rejection_note": NOTE}
    )

    assert response.status_code == 200, response.content
    assert (response.json()["rejection_reason"], response.json()["rejection_note"]) == ("salary", NOTE)
    rejected = OutboxEvent.objects.get(name="application.rejected")
    assert (rejected.data["rejection_reason"], rejected.data["reason"]) == ("salary", NOTE)


def test_rejecting_through_the_api_by_id_works_too(recruiter_a, application_a, api_as, org_a):
    withdrew = RejectionReason.objects.for_org(org_a).get(code="withdrew")
    response = _move(api_as(recruiter_a), application_a, {"stage": "rejected", "rejection_reason": withdrew.pk})
    assert response.status_code == 200
    assert (response.json()["rejection_reason"], response.json()["rejection_note"]) == ("withdrew", "")


def test_rejecting_without_a_reason_is_a_400_and_changes_nothing(recruiter_a, application_a, api_as):
    response = _move(api_as(recruiter_a), application_a, {"stage": "rejected", "rejection_note": NOTE})

    assert response.status_code == 400
    assert response.json()["code"] == "REJECTION_REASON_REQUIRED"
    assert _unchanged(application_a)


@pytest.mark.parametrize("bad", ["teleported", 999_999, "", True, {"code": "salary"}, "9" * 40])
def test_an_unknown_rejection_reason_is_a_field_error(recruiter_a, application_a, api_as, bad):
    response = _move(api_as(recruiter_a), application_a, {"stage": "rejected", "rejection_reason": bad})

    assert response.status_code == 400
    assert "rejection_reason" in response.json()["errors"]
    assert _unchanged(application_a)


def test_another_organizations_reason_is_refused(recruiter_a, application_a, api_as, org_b):
    theirs = RejectionReason.objects.for_org(org_b).get(code="salary")
    response = _move(api_as(recruiter_a), application_a, {"stage": "rejected", "rejection_reason": theirs.pk})
    assert response.status_code == 400
    assert _unchanged(application_a)


def test_the_service_requires_a_reason_of_the_same_organization(application_a, org_a, org_b):
    rejected = PipelineStage.objects.for_org(org_a).get(kind=PipelineStage.Kind.REJECTED)
    for reason in (None, RejectionReason.objects.for_org(org_b).first()):
        with pytest.raises(services.PipelineRuleError) as refused:
            services.move_application_to_stage(application=application_a, stage=rejected, rejection_reason=reason)
        assert refused.value.code == "REJECTION_REASON_REQUIRED"
    assert _unchanged(application_a)


def test_reopening_a_rejected_application_clears_its_reason(recruiter_a, application_a, api_as):
    client = api_as(recruiter_a)
    _move(client, application_a, {"stage": "rejected", "rejection_reason": "skills-gap", "rejection_note": NOTE})

    response = _move(client, application_a, {"stage": "screening"})

    assert (response.json()["rejection_reason"], response.json()["rejection_note"]) == (None, "")


def test_the_page_form_rejects_with_a_reason_and_the_candidate_page_shows_it(page_as, recruiter_a, application_a):
    client = page_as(recruiter_a)

    refused = client.post(f"/applications/{application_a.pk}/move/", {"stage": "rejected"}, follow=True)
    assert "Choose a rejection reason." in refused.content.decode()
    assert _unchanged(application_a)

    client.post(
        f"/applications/{application_a.pk}/move/",
        {"stage": "rejected", "rejection_reason": "another-candidate", "reason": NOTE},
    )

    page = client.get(f"/candidates/{application_a.candidate_id}/").content.decode()
    assert "Rejected: Another candidate was a better fit — " in page
    board = client.get(f"/jobs/{application_a.job_id}/").content.decode()
    assert "Reason: Another candidate was a better fit" in board


def test_seed_demo_rejections_carry_a_reason_from_the_list(db):
    call_command("seed_demo", candidates=60)

    demo = Organization.objects.get(name="Demo Corp")
    assert RejectionReason.objects.for_org(demo).filter(code="other").exists()
    rejected = Application.objects.for_org(demo).filter(stage__kind=PipelineStage.Kind.REJECTED)
    assert rejected.exists()
    assert not rejected.filter(rejection_reason__isnull=True).exists()
