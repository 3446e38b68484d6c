"""Careers page questions per job: the admin sets them on the job, the form asks them, the answers stay
with the application, and the applicant gets a confirmation e-mail recorded on the timeline."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from recruiting import candidate_emails, careers, services
from recruiting.careers import QuestionInput
from recruiting.errors import DomainError
from recruiting.models import Application, CandidateActivity, JobQuestion
from tests.dashboard.test_careers import _url

pytestmark = pytest.mark.django_db

LONG_ANSWER = "J'ai tenu la brigade d'un bistrot à Lyon pendant « le coup de feu » — 180 couverts. " * 12


@pytest.fixture(autouse=True)
def no_minimum_form_age(settings):
    settings.CAREERS_MIN_FORM_SECONDS = 0


@pytest.fixture
def chef(org_a):
    return services.create_job(organization=org_a, title="Chef de partie", location="Lyon 2ᵉ", status="open")


@pytest.fixture
def asked(chef):
    """A job with its own questions: one required, one optional."""
    saved = careers.save_job_questions(
        job=chef,
        questions=[
            QuestionInput("Which station have you run, and for how many covers?", required=True),
            QuestionInput("Do you hold a food-hygiene certificate?"),
        ],
    )
    return [f"question_{row.pk}" for row in saved]


def _apply(client: Client, job, **answers):
    page = client.get(_url(job))
    assert page.status_code == 200
    data = {
        "first_name": "Siobhán",
        "last_name": "Ní Bhriain",
        "email": "siobhan@example.ie",
        "phone": "",
        "website": "",
        "form_token": page.context["form"].initial["form_token"],
        **answers,
    }
    return client.post(_url(job), data)


def test_a_job_without_questions_asks_the_default_ones(chef):
    assert careers.job_questions(job=chef) == list(careers.DEFAULT_QUESTIONS)
    page = Client().get(_url(chef)).content.decode()
    assert "Why are you interested in this role?" in page and "When could you start? (optional)" in page


def test_the_form_asks_exactly_the_jobs_questions(chef, asked):
    page = Client().get(_url(chef)).content.decode()
    assert "Which station have you run, and for how many covers?" in page
    assert "Do you hold a food-hygiene certificate? (optional)" in page
    assert "Why are you interested in this role?" not in page


def test_the_answers_are_stored_with_the_application_and_shown_on_the_candidate_page(
    chef, asked, page_as, recruiter_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _apply(Client(), chef, **{asked[0]: LONG_ANSWER, asked[1]: ""})
    assert response.status_code == 200, response.context["form"].errors if response.context else response
    application = Application.objects.get(job=chef)
    assert application.answers == [
        {"question": "Which station have you run, and for how many covers?", "answer": LONG_ANSWER.strip()}
    ]
    page = page_as(recruiter_a).get(f"/candidates/{application.candidate_id}/").content.decode()
    assert "Answers from the careers page" in page
    assert "Which station have you run, and for how many covers?" in page
    assert "J&#x27;ai tenu la brigade d&#x27;un bistrot à Lyon" in page


def test_a_required_question_left_blank_is_a_form_error_and_creates_nothing(chef, asked):
    response = _apply(Client(), chef, **{asked[1]: "Oui"})
    assert response.status_code == 200
    assert asked[0] in response.context["form"].errors
    assert not Application.objects.exists()
    assert mail.outbox == []


def test_the_service_refuses_a_missing_required_answer_whoever_calls_it(chef, asked):
    with pytest.raises(DomainError) as refused:
        careers.apply_to_job(
            job=chef, first_name="Zoë", last_name="O'Brien", email="zoe@example.com", answers={asked[0]: "   "}
        )
    assert (refused.value.code, refused.value.field) == ("ANSWER_REQUIRED", asked[0])
    assert not Application.objects.exists()


def test_the_applicant_gets_the_built_in_confirmation_and_it_is_on_the_timeline(
    chef, django_capture_on_commit_callbacks, page_as, recruiter_a
):
    with django_capture_on_commit_callbacks(execute=True):
        _apply(Client(), chef, why_interested="La saison d'été au bord du Rhône.", notice_period="En juin")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["siobhan@example.ie"]
    assert message.subject == "We received your application for Chef de partie"
    assert "Dear Siobhán," in message.body and "at Acme Talent" in message.body
    assert "The Acme Talent hiring team" in message.body and "{{" not in message.body
    application = Application.objects.get(job=chef)
    assert application.answers == [
        {"question": "Why are you interested in this role?", "answer": "La saison d'été au bord du Rhône."},
        {"question": "When could you start?", "answer": "En juin"},
    ]
    activity = CandidateActivity.objects.get(candidate=application.candidate, kind=CandidateActivity.Kind.EMAIL_SENT)
    assert activity.summary == (
        "sent the application confirmation to Siobhán Ní Bhriain: “We received your application for Chef de partie”"
    )
    assert activity.detail == message.body
    page = page_as(recruiter_a).get(f"/candidates/{application.candidate_id}/").content.decode()
    assert "sent the application confirmation to Siobhán Ní Bhriain" in page


def test_the_job_can_send_one_of_the_organizations_templates(chef, admin_a, django_capture_on_commit_callbacks):
    template = candidate_emails.save_email_template(
        organization=chef.organization,
        name="Merci de votre candidature",
        subject="Merci, {{candidate_first_name}} — {{job_title}}",
        body="Bonjour {{candidate_full_name}},\n\nNous avons bien reçu votre candidature chez {{company_name}}.",
    )
    careers.set_confirmation_template(job=chef, template=template)
    with django_capture_on_commit_callbacks(execute=True):
        _apply(Client(), chef, why_interested="Pour la cuisine du marché.")
    assert [message.subject for message in mail.outbox] == ["Merci, Siobhán — Chef de partie"]
    assert mail.outbox[0].body.startswith("Bonjour Siobhán Ní Bhriain,")


def test_the_settings_page_saves_questions_in_order_and_the_template(page_as, admin_a, chef):
    template = candidate_emails.save_email_template(
        organization=chef.organization,
        name="Accusé de réception",
        subject="Reçu",
        body="Merci {{candidate_first_name}}",
    )
    client = page_as(admin_a)
    assert client.get(f"/jobs/{chef.pk}/careers/").status_code == 200
    data = {
        "questions-TOTAL_FORMS": "3",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "20",
        "questions-0-text": "Do you hold a food-hygiene certificate?",
        "questions-0-position": "1",
        "questions-1-text": "Which station have you run?",
        "questions-1-required": "on",
        "questions-1-position": "1",
        "questions-2-text": "",
        "confirmation_template": str(template.pk),
    }
    response = client.post(f"/jobs/{chef.pk}/careers/", data)
    assert response.status_code == 302
    assert [(q.text, q.required) for q in careers.job_questions(job=chef)] == [
        ("Which station have you run?", True),
        ("Do you hold a food-hygiene certificate?", False),
    ]
    chef.refresh_from_db()
    assert chef.confirmation_template == template
    # Removing every question goes back to the defaults; an empty choice is the built-in confirmation.
    response = client.post(
        f"/jobs/{chef.pk}/careers/",
        data | {"questions-0-remove": "on", "questions-1-remove": "on", "confirmation_template": ""},
    )
    assert careers.job_uses_default_questions(job=chef)
    chef.refresh_from_db()
    assert chef.confirmation_template is None


def test_a_question_asked_twice_is_refused_and_nothing_changes(page_as, admin_a, chef, asked):
    data = {
        "questions-TOTAL_FORMS": "2",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "20",
        "questions-0-text": "Pourquoi nous ?",
        "questions-1-text": "pourquoi  NOUS ?",
    }
    response = page_as(admin_a).post(f"/jobs/{chef.pk}/careers/", data, follow=True)
    assert response.status_code == 200
    assert "is asked twice" in response.content.decode()
    assert JobQuestion.objects.filter(job=chef).count() == 2


def test_another_organizations_template_is_refused(chef, admin_b):
    foreign = candidate_emails.save_email_template(
        organization=admin_b.organization, name="Theirs", subject="Hi", body="Hello"
    )
    with pytest.raises(DomainError) as refused:
        careers.set_confirmation_template(job=chef, template=foreign)
    assert refused.value.code == "UNKNOWN_TEMPLATE"
    # Through the page, another organization's template id is simply not one of the choices.
    chef.refresh_from_db()
    assert chef.confirmation_template is None


def test_only_people_who_edit_jobs_change_the_questions_and_other_organizations_get_a_404(
    page_as, manager_a, viewer_a, admin_b, chef
):
    data = {"questions-TOTAL_FORMS": "1", "questions-INITIAL_FORMS": "0", "questions-0-text": "Why us?"}
    for user in (manager_a, viewer_a):
        assert page_as(user).get(f"/jobs/{chef.pk}/careers/").status_code == 403
        assert page_as(user).post(f"/jobs/{chef.pk}/careers/", data).status_code == 403
    assert page_as(admin_b).get(f"/jobs/{chef.pk}/careers/").status_code == 404
    assert page_as(admin_b).post(f"/jobs/{chef.pk}/careers/", data).status_code == 404
    assert careers.job_uses_default_questions(job=chef)


def test_the_api_shows_the_answers_with_the_application_read_only(chef, asked, api_as, recruiter_a):
    application = careers.apply_to_job(
        job=chef,
        first_name="Zoë",
        last_name="O'Brien",
        email="zoe@example.com",
        answers={asked[0]: "Le passe, 90 couverts", asked[1]: ""},
    )
    client = api_as(recruiter_a)
    shown = client.get(f"/api/v1/applications/{application.pk}").json()
    assert shown["answers"] == [
        {"question": "Which station have you run, and for how many covers?", "answer": "Le passe, 90 couverts"}
    ]
    client.patch(f"/api/v1/applications/{application.pk}", {"answers": []}, format="json")
    application.refresh_from_db()
    assert len(application.answers) == 1
