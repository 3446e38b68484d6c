"""The Analytics page: pygal charts with a numbers table beside each, filters, a report download."""

from __future__ import annotations

import csv
import io

import pytest
from playwright.sync_api import expect

# The known pipeline of the analytics tests (function-scoped, so importing it here is safe).
from tests.analytics.conftest import empty_metrics_cache, known_pipeline  # noqa: F401
from tests.conftest import PASSWORD

URL = "/analytics/"


def test_every_chart_is_an_inline_svg_with_its_numbers_in_a_table(known_pipeline, recruiter_a, page_as):  # noqa: F811
    response = page_as(recruiter_a).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="pygal-chart"') == 6
    assert "kozea.github.io" not in html  # pygal's default tooltip script would come from a CDN
    funnel = response.context["metrics"]["funnel"]
    assert [row["reached"] for row in funnel] == [5, 4, 3, 3, 2]
    assert '<table data-table="funnel">' in html
    assert '<td>LinkedIn</td><td class="num">3</td><td class="num">2</td><td class="num">1</td>' in html


def test_filtering_by_department_narrows_the_page(known_pipeline, recruiter_a, page_as):  # noqa: F811
    response = page_as(recruiter_a).get(URL, {"department": "Product"})
    assert response.context["metrics"]["total_candidates"] == 1
    assert 'href="/api/v1/analytics/report.csv?department=Product"' in response.content.decode()


def test_a_bad_date_shows_a_field_error_and_the_unfiltered_figures(known_pipeline, recruiter_a, page_as):  # noqa: F811
    response = page_as(recruiter_a).get(URL, {"start": "2026-05-02", "end": "2026-05-01"})
    assert response.status_code == 200
    assert "The end date is before the start date." in response.content.decode()
    assert response.context["metrics"]["total_candidates"] == 5


def test_org_b_admin_sees_none_of_org_as_jobs_in_the_filter(known_pipeline, admin_b, page_as):  # noqa: F811
    html = page_as(admin_b).get(URL).content.decode()
    assert "Product Designer" not in html
    assert "Mei-Ling" not in html


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_recruiter_filters_the_analytics_page_and_downloads_the_report(
    browser_page,
    known_pipeline,  # noqa: F811
    recruiter_a,
):
    page = browser_page
    page.goto("/accounts/login/?next=/analytics/")
    page.get_by_label("Email address").fill(recruiter_a.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Analytics")).to_be_visible()
    expect(page.locator("svg.pygal-chart")).to_have_count(6)
    expect(page.locator("[data-kpi=total-candidates]")).to_have_text("5")

    page.get_by_label("Department").select_option("Product")
    page.get_by_role("button", name="Apply").click()
    expect(page.locator("[data-kpi=total-candidates]")).to_have_text("1")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download report (CSV)").click()
    rows = list(csv.reader(io.StringIO(open(download_info.value.path(), encoding="utf-8").read())))
    assert ["total_candidates", "", "total_candidates", "1"] in rows
