"""Salaries and numbers in the reader's format, and a salary's currency chosen from ISO 4217's list."""

import pytest
from django.template import Context, Template

from recruiting import number_formats
from recruiting.models import Job
from recruiting.number_formats import format_money, format_number, format_salary_range, number_format_for
from tests.factories import JobFactory


def test_a_salary_reads_as_each_language_writes_it():
    assert format_money(85000, "EUR", code="en") == "€85,000"
    assert format_money(85000, "EUR", code="de") == "85.000\xa0€"
    assert format_money(85000, "EUR", code="fr") == "85\xa0000\xa0€"
    assert format_money(85000, "EUR", code="nl") == "€\xa085.000"
    assert format_money(85000, "CHF", code="en") == "CHF\xa085,000"
    assert format_money(1250000, "USD", code="de") == "1.250.000\xa0$"


def test_a_range_names_its_open_ends_in_words():
    assert format_salary_range(85000, 110000, "GBP", code="en") == "£85,000 – £110,000"
    assert format_salary_range(85000, None, "EUR", code="de") == "from 85.000\xa0€"
    assert format_salary_range(None, 60000, "EUR", code="en") == "up to €60,000"
    assert format_salary_range(70000, 70000, "EUR", code="en") == "€70,000"
    assert format_salary_range(None, None, "EUR", code="en") == ""


def test_numbers_keep_their_decimals_with_the_languages_separator():
    assert format_number(12345.5, decimal_places=1, code="en") == "12,345.5"
    assert format_number(12345.5, decimal_places=1, code="de") == "12.345,5"


@pytest.mark.parametrize(
    ("chosen", "accept_language", "expected"),
    [
        ("", "de-DE,de;q=0.9,en;q=0.8", "de"),
        ("", "ja-JP,fr-CA;q=0.8", "fr"),  # the first language that has a format
        ("", "", "en"),
        ("", "not a header;;;q=x", "en"),
        ("fr", "de-DE", "fr"),  # the person's own choice wins over the browser
        ("xx", "it", "it"),
    ],
)
def test_the_format_is_the_persons_choice_else_their_browsers_else_english(chosen, accept_language, expected):
    assert number_format_for(chosen=chosen, accept_language=accept_language) == expected


def test_the_job_page_shows_the_salary_in_the_browsers_format(page_as, recruiter_a, org_a):
    job = JobFactory(organization=org_a, salary_min=85000, salary_max=110000, salary_currency="EUR")
    client = page_as(recruiter_a)
    english = client.get(f"/jobs/{job.pk}/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9").content.decode()
    german = client.get(f"/jobs/{job.pk}/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9").content.decode()
    assert "€85,000 – €110,000" in english
    assert "85.000\xa0€ – 110.000\xa0€" in german
    assert "Euro (EUR)" in english


def test_a_person_chooses_their_number_format_on_their_profile(page_as, recruiter_a, org_a):
    job = JobFactory(organization=org_a, salary_min=85000, salary_max=None, salary_currency="EUR")
    client = page_as(recruiter_a)
    response = client.post(
        "/settings/profile/",
        {"time_zone": "Europe/Berlin", "number_format": "de"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )
    assert "a salary of 85,000 euros as 85.000\xa0€." in response.content.decode()
    recruiter_a.refresh_from_db()
    assert recruiter_a.number_format == "de"
    assert "from 85.000\xa0€" in client.get(f"/jobs/{job.pk}/", HTTP_ACCEPT_LANGUAGE="en-US").content.decode()
    refused = client.post("/settings/profile/", {"time_zone": "", "number_format": "klingon"})
    assert "number_format" in refused.context["form"].errors
    recruiter_a.refresh_from_db()
    assert recruiter_a.number_format == "de"


def test_page_figures_use_the_active_format_and_leave_ids_alone():
    template = Template('{% load numbers %}<b data-id="{{ id }}">{{ total|number }} · {{ days|number }}</b>')
    context = Context({"id": 12345, "total": 1234567, "days": 12.5})
    number_formats.activate("de")
    try:
        assert template.render(context) == '<b data-id="12345">1.234.567 · 12,5</b>'
    finally:
        number_formats.deactivate()
    assert template.render(context) == '<b data-id="12345">1,234,567 · 12.5</b>'


def test_the_job_form_offers_currencies_by_name(page_as, recruiter_a):
    page = page_as(recruiter_a).get("/jobs/new/").content.decode()
    assert '<option value="EUR">Euro (EUR)</option>' in page
    assert '<option value="USD" selected>US dollar (USD)</option>' in page
    assert '<option value="CHF">Swiss franc (CHF)</option>' in page


def test_the_job_form_refuses_a_currency_not_on_the_list(page_as, recruiter_a, org_a):
    from tests.dashboard.test_jobs import VALID_JOB

    response = page_as(recruiter_a).post("/jobs/new/", VALID_JOB | {"salary_currency": "XYZ"})
    assert response.status_code == 200
    assert "salary_currency" in response.context["form"].errors
    assert not Job.objects.for_org(org_a).exists()


@pytest.mark.parametrize(("sent", "stored"), [("EUR", "EUR"), ("eur", "EUR"), ("chf", "CHF"), ("JPY", "JPY")])
def test_the_api_takes_iso_codes_in_any_case(api_as, recruiter_a, sent, stored):
    response = api_as(recruiter_a).post(
        "/api/v1/jobs", {"title": "Ingénieure d'études", "salary_min": 50000, "salary_currency": sent}, format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["salary_currency"] == stored


@pytest.mark.parametrize("sent", ["XYZ", "EURO", "", "€", 978])
def test_the_api_refuses_an_unknown_currency_with_a_json_error(api_as, recruiter_a, org_a, sent):
    response = api_as(recruiter_a).post(
        "/api/v1/jobs", {"title": "Data Engineer", "salary_currency": sent}, format="json"
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] and "salary_currency" in body["errors"]
    assert not Job.objects.for_org(org_a).exists()


def test_job_ingestion_refuses_an_unknown_currency_on_its_row():
    from ats.validation import validate_job_row

    clean, errors = validate_job_row(
        {"external_id": "js-1", "title": "Barista", "salary_range": {"min": 1, "max": 2, "currency": "ABC"}}
    )
    assert errors == {"salary_range": ["currency must be an ISO 4217 code such as USD, EUR or GBP."]}
    clean, errors = validate_job_row(
        {"external_id": "js-2", "title": "Barista", "salary_range": {"min": 1, "max": 2, "currency": "chf"}}
    )
    assert errors == {} and clean["salary_currency"] == "CHF"


def test_page_scripts_learn_the_format_from_the_page(page_as, recruiter_a):
    # static/js/imports.js writes its progress counts with it.
    page = page_as(recruiter_a).get("/imports/", HTTP_ACCEPT_LANGUAGE="de-DE").content.decode()
    assert '<html lang="en" data-number-format="de">' in page
