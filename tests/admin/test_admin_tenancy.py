"""Django admin for organization staff: every row, picker, filter and inline stays inside their organization."""

import pytest
from django.contrib.auth.models import Permission
from django.forms import MultiWidget
from django.test import Client

from ats.models import PartnerIntegration
from ats.services import api_keys
from recruiting import services
from recruiting.models import Application, Candidate, Job, OutboxEvent, PipelineStage, Scorecard, StageChange, User
from tests.factories import CandidateFactory, InterviewFactory, ScorecardFactory

BIASED = "He seems young and energetic, a great culture fit."


@pytest.fixture
def staff_a(admin_a):
    """Org A's admin with the Django admin access seed_demo gives every organization admin."""
    return services.grant_admin_site_access(user=admin_a)


@pytest.fixture
def staff_client(staff_a):
    client = Client()
    client.force_login(staff_a)
    return client


def _form_data(page) -> dict:
    """The POST body a browser would send for an admin change form as rendered."""
    forms = [page.context["adminform"].form]
    data = {}
    for inline in page.context["inline_admin_formsets"]:
        forms += list(inline.formset.forms)
        data |= {field.html_name: field.value() for field in inline.formset.management_form}
    for form in forms:
        for field in form:
            value = field.value()
            if value is None or value is False:
                continue
            if isinstance(field.field.widget, MultiWidget):
                parts = field.field.widget.decompress(value)
                data |= {f"{field.html_name}_{i}": str(part) for i, part in enumerate(parts)}
            elif isinstance(value, (list, tuple)):
                data[field.html_name] = [str(item) for item in value]
            else:
                data[field.html_name] = value
    return data


def test_changelist_shows_only_the_staff_users_organization(staff_client, org_a, org_b):
    CandidateFactory(organization=org_a, first_name="Zoë", last_name="O'Connor")
    CandidateFactory(organization=org_b, first_name="José", last_name="Álvarez")
    page = staff_client.get("/admin/recruiting/candidate/").content.decode()
    assert "O&#x27;Connor" in page and "Álvarez" not in page


def test_another_organizations_row_is_a_404_and_stays_unchanged(staff_client, candidate_b):
    before = Candidate.objects.values().get(pk=candidate_b.pk)
    url = f"/admin/recruiting/candidate/{candidate_b.pk}/change/"
    assert staff_client.get(url).status_code == 404
    assert staff_client.post(url, {"first_name": "Hijacked"}).status_code == 404
    assert (
        staff_client.post(f"/admin/recruiting/candidate/{candidate_b.pk}/delete/", {"post": "yes"}).status_code == 404
    )
    assert Candidate.objects.values().get(pk=candidate_b.pk) == before


def test_added_rows_belong_to_the_staff_users_organization_whatever_is_posted(staff_client, org_a, org_b):
    response = staff_client.post(
        "/admin/recruiting/candidate/add/",
        {
            "first_name": "Zoë",
            "last_name": "O'Connor",
            "email": "zoe.oconnor@example.com",
            "location": "São Paulo, Brazil",
            "organization": org_b.pk,
            "applications-TOTAL_FORMS": "0",
            "applications-INITIAL_FORMS": "0",
            "notes-TOTAL_FORMS": "0",
            "notes-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Candidate.objects.get(email="zoe.oconnor@example.com").organization == org_a


def test_a_raw_id_pointing_at_another_organization_is_a_form_error(staff_client, application_a, job_b):
    page = staff_client.get(f"/admin/recruiting/application/{application_a.pk}/change/")
    data = _form_data(page) | {"job": job_b.pk}
    response = staff_client.post(f"/admin/recruiting/application/{application_a.pk}/change/", data)
    assert response.status_code == 200
    assert "job" in response.context["adminform"].form.errors
    assert Application.objects.get(pk=application_a.pk).job_id == application_a.job_id


def test_an_inline_row_with_another_organizations_id_is_a_form_error(staff_client, candidate_a, job_b):
    page = staff_client.get(f"/admin/recruiting/candidate/{candidate_a.pk}/change/")
    data = _form_data(page) | {
        "applications-TOTAL_FORMS": "1",
        "applications-0-job": job_b.pk,
        "applications-0-stage": "",
        "applications-0-source": "admin",
    }
    response = staff_client.post(f"/admin/recruiting/candidate/{candidate_a.pk}/change/", data)
    assert response.status_code == 200
    applications = next(
        i.formset for i in response.context["inline_admin_formsets"] if i.formset.prefix == "applications"
    )
    assert "job" in applications.errors[0]
    assert not Application.objects.filter(candidate=candidate_a).exists()


def test_list_filters_offer_only_the_staff_users_organization(staff_client, org_a, org_b, admin_b):
    PartnerIntegration.objects.create(organization=org_a, name="Greenhouse São Paulo")
    PartnerIntegration.objects.create(organization=org_b, name="Lever Berlin")
    api_keys.create_api_key(organization=org_a, name="ours", scopes=None, created_by=None)
    page = staff_client.get("/admin/ats/apikey/").content.decode()
    assert "Lever Berlin" not in page
    candidates = staff_client.get("/admin/recruiting/application/").content.decode()
    assert org_b.name not in candidates


def test_autocomplete_returns_only_the_staff_users_organization(staff_client, org_a, org_b):
    CandidateFactory(organization=org_a, first_name="Zoë", last_name="O'Connor")
    CandidateFactory(organization=org_b, first_name="Zoë", last_name="O'Brien")
    response = staff_client.get(
        "/admin/autocomplete/",
        {"app_label": "recruiting", "model_name": "application", "field_name": "candidate", "term": "Zoë"},
    )
    assert response.status_code == 200
    texts = [row["text"] for row in response.json()["results"]]
    assert texts and all("O'Brien" not in text for text in texts)


def test_staff_cannot_create_a_user_in_another_organization_or_make_a_superuser(staff_client, org_a, org_b):
    response = staff_client.post(
        "/admin/recruiting/user/add/",
        {
            "email": "new.colleague@example.com",
            "organization": org_b.pk,
            "role": User.Role.RECRUITER,
            "is_superuser": "on",
            "password1": "a-long-passphrase-9",
            "password2": "a-long-passphrase-9",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    created = User.objects.get(email="new.colleague@example.com")
    assert created.organization == org_a and not created.is_superuser


def test_staff_cannot_move_a_user_out_or_grant_what_they_lack(staff_client, staff_a, recruiter_a, org_b):
    url = f"/admin/recruiting/user/{recruiter_a.pk}/change/"
    foreign_permission = Permission.objects.get(codename="add_organization")
    data = _form_data(staff_client.get(url)) | {
        "organization": org_b.pk,
        "is_superuser": "on",
        "user_permissions": [foreign_permission.pk],
    }
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "user_permissions" in response.context["adminform"].form.errors
    recruiter_a.refresh_from_db()
    assert recruiter_a.organization_id != org_b.pk and not recruiter_a.is_superuser
    assert not recruiter_a.user_permissions.exists()


def test_platform_operators_are_invisible_to_organization_staff(staff_client, org_a):
    operator = User.objects.create_superuser(email="operator@platform.test", password="root-password-1")
    User.objects.filter(pk=operator.pk).update(organization=org_a)
    assert staff_client.get(f"/admin/recruiting/user/{operator.pk}/change/").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/admin/recruiting/organization/",
        "/admin/auth/group/",
        "/admin/django_celery_beat/periodictask/",
        "/admin/django_celery_beat/crontabschedule/",
    ],
)
def test_platform_rows_are_for_platform_operators_only(staff_client, url):
    assert staff_client.get(url).status_code == 403


def test_platform_operator_sees_every_organization(db, candidate_a, candidate_b):
    client = Client()
    client.force_login(User.objects.create_superuser(email="operator@platform.test", password="root-password-1"))
    page = client.get("/admin/recruiting/candidate/").content.decode()
    assert candidate_a.email in page and candidate_b.email in page
    assert client.get(f"/admin/recruiting/candidate/{candidate_b.pk}/change/").status_code == 200


def test_moving_a_stage_in_admin_writes_history_and_the_event(staff_client, staff_a, application_a):
    url = f"/admin/recruiting/application/{application_a.pk}/change/"
    screening = PipelineStage.objects.get(organization=application_a.organization, key="screening")
    data = _form_data(staff_client.get(url)) | {"stage": screening.pk}
    assert staff_client.post(url, data).status_code == 302
    change = StageChange.objects.get(application=application_a, to_stage=screening)
    assert change.changed_by == staff_a
    assert OutboxEvent.objects.filter(name="application.stage_changed", data__to_stage="screening").exists()


def test_closing_a_job_in_admin_records_job_closed(staff_client, job_a):
    url = f"/admin/recruiting/job/{job_a.pk}/change/"
    data = _form_data(staff_client.get(url)) | {"status": Job.Status.CLOSED}
    assert staff_client.post(url, data).status_code == 302
    assert Job.objects.get(pk=job_a.pk).status == Job.Status.CLOSED
    assert OutboxEvent.objects.filter(name="job.closed", data__job_id=job_a.pk).exists()


def test_scorecard_feedback_edited_in_admin_is_bias_checked(staff_client, staff_a, application_a):
    interview = InterviewFactory(application=application_a, interviewers=[staff_a])
    scorecard = ScorecardFactory(interview=interview, interviewer=staff_a)
    url = f"/admin/recruiting/scorecard/{scorecard.pk}/change/"
    data = _form_data(staff_client.get(url)) | {"feedback": BIASED}
    assert staff_client.post(url, data).status_code == 302
    scorecard = Scorecard.objects.get(pk=scorecard.pk)
    # Saved as the interviewer wrote it, with the flags the service found (never reworded).
    assert scorecard.feedback == scorecard.original_feedback == BIASED
    assert {flag["label"] for flag in scorecard.bias_flags} >= {"Age", "Coded 'culture fit' language"}


def test_adding_an_open_job_in_admin_records_job_created_and_opened(staff_client, org_a, org_b):
    data = _form_data(staff_client.get("/admin/recruiting/job/add/")) | {
        "title": "Senior Backend Engineer",
        "location": "Berlin, Germany",
        "status": Job.Status.OPEN,
        "organization": org_b.pk,
    }
    response = staff_client.post("/admin/recruiting/job/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    job = Job.objects.get(title="Senior Backend Engineer")
    assert job.organization == org_a
    names = set(OutboxEvent.objects.filter(data__job_id=job.pk).values_list("name", flat=True))
    assert {"job.created", "job.opened"} <= names


def test_stage_history_and_events_cannot_be_typed_in_by_hand(staff_client, application_a):
    before = StageChange.objects.count(), OutboxEvent.objects.count()
    assert staff_client.get("/admin/recruiting/stagechange/add/").status_code == 403
    assert staff_client.get("/admin/recruiting/outboxevent/add/").status_code == 403
    assert (StageChange.objects.count(), OutboxEvent.objects.count()) == before


# Rows no person looks up: the rate limiter's counters, matching's deletion tombstones and the
# candidate list's change counts (recruiting.page_starts).
NOT_IN_ADMIN = {"ats.RateLimitWindow", "matching.CandidateDeletion", "recruiting.CandidateListChange"}


def test_every_model_of_the_platform_is_in_django_admin():
    from django.apps import apps
    from django.contrib import admin

    apps_of_the_platform = {"recruiting", "matching", "integrations", "ats", "analytics"}
    missing = {
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in apps_of_the_platform and model not in admin.site._registry
    }
    assert missing == NOT_IN_ADMIN


def test_admin_names_models_in_plain_english():
    from django.contrib import admin
    from django.utils.text import capfirst

    names = {capfirst(model._meta.verbose_name_plural) for model in admin.site._registry}
    assert {"Scorecard criteria", "API key audit log", "Webhook deliveries", "Saved searches"} <= names
    assert not [name for name in names if name.startswith("Api ") or name.endswith("criterions")]


def test_rows_changed_in_the_dashboard_are_read_only_here_and_scoped(staff_client, org_a, org_b):
    from recruiting.models import EmailTemplate

    own = EmailTemplate.objects.create(organization=org_a, name="Rejection – Zoë's team", subject="Hi", body="…")
    foreign = EmailTemplate.objects.create(organization=org_b, name="Other org's template", subject="Hi", body="…")

    page = staff_client.get("/admin/recruiting/emailtemplate/?q=template")
    assert page.status_code == 200
    assert list(page.context["cl"].result_list) == []
    assert list(staff_client.get("/admin/recruiting/emailtemplate/").context["cl"].result_list) == [own]
    assert staff_client.get(f"/admin/recruiting/emailtemplate/{foreign.pk}/change/").status_code == 404
    assert staff_client.get("/admin/recruiting/emailtemplate/add/").status_code == 403
    viewed = staff_client.post(f"/admin/recruiting/emailtemplate/{own.pk}/change/", {"name": "Renamed"})
    assert viewed.status_code == 403
    own.refresh_from_db()
    assert own.name == "Rejection – Zoë's team"
