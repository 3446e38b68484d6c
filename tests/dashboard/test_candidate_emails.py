"""E-mail templates with placeholders, and e-mailing a candidate from their page."""

from __future__ import annotations

import html

import pytest
from django.core import mail

from recruiting import candidate_emails
from recruiting.models import CandidateActivity, EmailTemplate, PipelineStage
from tests.factories import ApplicationFactory, CandidateFactory, JobFactory

INVITATION = {
    "name": "Interview invitation",
    "subject": "{{company_name}}: your interview for {{job_title}}",
    "body": "Bonjour {{candidate_first_name}},\n\nThanks for applying to {{ job_title }}.\n\n— {{sender_name}}",
}


@pytest.fixture
def renee(org_a):
    candidate = CandidateFactory(
        organization=org_a, first_name="Renée", last_name="D'Aubigné", email="renee@example.fr"
    )
    ApplicationFactory(job=JobFactory(organization=org_a, title="Data Engineer, Payments"), candidate=candidate)
    return candidate


@pytest.fixture
def invitation(org_a):
    return candidate_emails.save_email_template(organization=org_a, **INVITATION)


def test_an_admin_adds_edits_and_deletes_templates(page_as, admin_a, org_a):
    client = page_as(admin_a)
    response = client.post("/settings/email-templates/", INVITATION, follow=True)
    assert "Template “Interview invitation” added." in response.content.decode()
    template = EmailTemplate.objects.for_org(org_a).get()
    client.post(f"/settings/email-templates/{template.pk}/", INVITATION | {"subject": "See you soon"})
    template.refresh_from_db()
    assert template.subject == "See you soon"
    client.post(f"/settings/email-templates/{template.pk}/", {"action": "delete"})
    assert not EmailTemplate.objects.exists()


def test_an_unknown_placeholder_or_a_taken_name_is_a_form_error(page_as, admin_a, invitation):
    client = page_as(admin_a)
    typo = client.post("/settings/email-templates/", INVITATION | {"name": "Other", "body": "Hi {{candidate_name}}"})
    assert typo.status_code == 200
    assert "Unknown placeholder {{candidate_name}}" in typo.context["form"].errors["body"][0]
    taken = client.post("/settings/email-templates/", INVITATION | {"name": "interview  INVITATION"})
    assert taken.context["form"].errors["name"] == ["Another template already has this name."]
    assert EmailTemplate.objects.count() == 1


def test_only_admins_manage_templates_and_only_their_organizations(page_as, recruiter_a, admin_b, invitation):
    assert page_as(recruiter_a).get("/settings/email-templates/").status_code == 403
    assert page_as(recruiter_a).post("/settings/email-templates/", INVITATION | {"name": "Mine"}).status_code == 403
    client = page_as(admin_b)
    assert client.get(f"/settings/email-templates/{invitation.pk}/").status_code == 404
    assert client.post(f"/settings/email-templates/{invitation.pk}/", {"action": "delete"}).status_code == 404
    assert EmailTemplate.objects.filter(pk=invitation.pk, name="Interview invitation").exists()


def test_placeholders_are_substituted_and_template_code_is_never_run(org_a, admin_a, renee):
    template = EmailTemplate(
        organization=org_a,
        subject="Hi {{candidate_first_name}}",
        body="{% load static %}{{ candidate_first_name }} {{ request.user.password }} {{settings.SECRET_KEY}} {% now 'Y' %}",
    )
    subject, body = candidate_emails.render_template(template=template, candidate=renee, sender=admin_a)
    assert subject == "Hi Renée"
    assert body == "{% load static %}Renée {{ request.user.password }} {{settings.SECRET_KEY}} {% now 'Y' %}"


def test_choosing_a_template_fills_it_in_for_the_candidate_to_edit(page_as, recruiter_a, renee, invitation):
    page = page_as(recruiter_a).get(f"/candidates/{renee.pk}/email/?template={invitation.pk}")
    form = page.context["form"]
    assert form.initial["subject"] == "Acme Talent: your interview for Data Engineer, Payments"
    assert form.initial["body"].startswith("Bonjour Renée,\n\nThanks for applying to Data Engineer, Payments.")


def test_sending_emails_the_candidate_and_puts_it_on_the_timeline(
    page_as, recruiter_a, renee, invitation, django_capture_on_commit_callbacks
):
    client = page_as(recruiter_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/candidates/{renee.pk}/email/",
            {"template": invitation.pk, "subject": "Your interview, {{candidate_first_name}}", "body": "À bientôt !"},
            follow=True,
        )
    assert "E-mail sent to Renée D'Aubigné (renee@example.fr)." in html.unescape(response.content.decode())
    (message,) = mail.outbox
    assert (message.to, message.subject, message.body) == (["renee@example.fr"], "Your interview, Renée", "À bientôt !")
    assert message.reply_to == [recruiter_a.email]
    activity = CandidateActivity.objects.get(candidate=renee, kind=CandidateActivity.Kind.EMAIL_SENT)
    assert activity.actor == recruiter_a
    assert activity.summary == "e-mailed Renée D'Aubigné: “Your interview, Renée” (template “Interview invitation”)"
    timeline = [entry.text for entry in response.context["timeline"]]
    assert timeline[0] == activity.summary


def test_preview_shows_the_filled_in_text_and_sends_nothing(page_as, recruiter_a, renee):
    response = page_as(recruiter_a).post(
        f"/candidates/{renee.pk}/email/",
        {"action": "preview", "subject": "Hello {{candidate_full_name}}", "body": "For {{job_title}}"},
    )
    assert response.context["preview"] == {"subject": "Hello Renée D'Aubigné", "body": "For Data Engineer, Payments"}
    assert mail.outbox == []
    assert not CandidateActivity.objects.filter(kind=CandidateActivity.Kind.EMAIL_SENT).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"subject": "", "body": "Hi"},
        {"subject": "Hi", "body": ""},
        {"subject": "x" * 301, "body": "Hi"},
        {"subject": "Hi", "body": "Hi", "template": "not-a-number"},
        {"subject": "Hi", "body": "y" * 20001},
    ],
)
def test_bad_input_is_a_form_error_and_sends_nothing(page_as, recruiter_a, renee, data):
    response = page_as(recruiter_a).post(f"/candidates/{renee.pk}/email/", data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert mail.outbox == []


def test_another_organizations_candidate_or_template_is_out_of_reach(page_as, recruiter_a, admin_b, renee, org_b):
    theirs = candidate_emails.save_email_template(organization=org_b, name="Theirs", subject="S", body="Secret B")
    assert page_as(admin_b).get(f"/candidates/{renee.pk}/email/").status_code == 404
    assert page_as(admin_b).post(f"/candidates/{renee.pk}/email/", {"subject": "a", "body": "b"}).status_code == 404
    page = page_as(recruiter_a).get(f"/candidates/{renee.pk}/email/?template={theirs.pk}")
    assert page.context["form"].initial == {}
    assert "Secret B" not in page.content.decode()
    assert mail.outbox == []


def test_viewers_cannot_email_candidates(page_as, viewer_a, renee):
    assert page_as(viewer_a).post(f"/candidates/{renee.pk}/email/", {"subject": "a", "body": "b"}).status_code == 403
    assert mail.outbox == []


def test_rejecting_can_send_the_chosen_template(page_as, recruiter_a, org_a, renee, django_capture_on_commit_callbacks):
    regret = candidate_emails.save_email_template(
        organization=org_a, name="Regret", subject="About {{job_title}}", body="Dear {{candidate_first_name}}, …"
    )
    application = renee.applications.get()
    with django_capture_on_commit_callbacks(execute=True):
        page_as(recruiter_a).post(
            f"/applications/{application.pk}/move/",
            {"stage": "rejected", "rejection_reason": "skills-gap", "email_template": regret.pk},
        )
    application.refresh_from_db()
    assert application.stage.kind == PipelineStage.Kind.REJECTED
    (message,) = mail.outbox
    assert (message.to, message.subject, message.body) == (
        ["renee@example.fr"],
        "About Data Engineer, Payments",
        "Dear Renée, …",
    )


def test_rejecting_through_the_api_can_send_the_template_too(
    api_as, recruiter_a, org_a, renee, django_capture_on_commit_callbacks
):
    regret = candidate_emails.save_email_template(organization=org_a, name="Regret", subject="Sorry", body="No")
    application = renee.applications.get()
    with django_capture_on_commit_callbacks(execute=True):
        response = api_as(recruiter_a).post(
            f"/api/v1/applications/{application.pk}/move",
            {"stage": "rejected", "rejection_reason": "salary", "email_template": regret.pk},
            format="json",
        )
    assert response.status_code == 200, response.content
    assert [m.subject for m in mail.outbox] == ["Sorry"]


def test_a_rejection_without_a_template_sends_no_email(page_as, recruiter_a, renee):
    application = renee.applications.get()
    page_as(recruiter_a).post(
        f"/applications/{application.pk}/move/", {"stage": "rejected", "rejection_reason": "skills-gap"}
    )
    assert mail.outbox == []
