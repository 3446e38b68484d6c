"""Uploading a CSV of candidates in real Chromium while a real Celery worker imports it."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from playwright.sync_api import expect

from recruiting import services
from recruiting.models import Candidate, User
from tests.ats import stack
from tests.conftest import PASSWORD
from tests.processes import database_url

pytestmark = [pytest.mark.browser, pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

HEADER = "external_id,first_name,last_name,email,skills,experience_years\n"


def _worker_env(tmp_path):
    """The worker uses this test's own database (PostgreSQL's test database, or the SQLite test file)
    and the live server's broker: Redis when configured, else the filesystem queue under VAR_DIR."""
    url = database_url(connection)
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        queue = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])
        for stale in queue.glob("*"):  # messages left by earlier runs are not this test's to process
            stale.unlink()
        return stack.process_env(url, Path(settings.VAR_DIR))
    return stack.process_env(url, tmp_path)


def test_recruiter_uploads_a_csv_and_watches_it_reach_100_percent(browser_page, tmp_path):
    organization = services.create_organization(name="Acme Talent")
    recruiter = services.create_user(
        organization=organization,
        email="riley@acme.test",
        password=PASSWORD,
        role=User.Role.RECRUITER,
        first_name="Riley",
    )
    rows = "".join(f'c{n},First{n},Last{n},person{n}@example.com,"Python; SQL",{n % 20}\n' for n in range(1500))
    bad = "bad1,,Nobody,not-an-email,,\n"
    upload = tmp_path / "people.csv"
    upload.write_text(HEADER + rows + bad)

    page = browser_page
    page.goto("/accounts/login/?next=/imports/")
    page.get_by_label("Email address").fill(recruiter.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Import candidates")).to_be_visible()

    with stack.celery_worker(_worker_env(tmp_path), tmp_path):
        page.get_by_label("CSV file").set_input_files(str(upload))
        page.get_by_role("button", name="Upload and import").click()
        progress = page.get_by_role("progressbar", name="Import progress")
        expect(progress).to_be_visible()
        expect(progress).to_have_attribute("aria-valuenow", "100", timeout=60_000)
        expect(page.locator("#import-progress")).to_have_attribute("data-finished", "completed", timeout=60_000)
    expect(page.locator("#import-label")).to_contain_text("1,501 of 1,501 rows · 1,500 added, 0 updated, 1 failed")
    failures = page.get_by_role("region", name="Rows that failed")
    expect(failures).to_contain_text("1502")
    expect(failures).to_contain_text("email: Enter a valid email address.")
    download = failures.get_by_role("link", name="Download failed rows (CSV)")
    expect(download).to_have_attribute("href", re.compile(r"^/imports/\d+/failed-rows\.csv$"))
    assert Candidate.objects.for_org(organization).count() == 1500
    # The finished import is listed without a reload.
    expect(page.get_by_role("region", name="Recent imports")).to_contain_text("people.csv")
    expect(page.get_by_role("region", name="Recent imports")).to_contain_text(
        re.compile(r"1,501 of 1,501 rows · 1,500 added")
    )
    page.reload()
    expect(page.get_by_role("region", name="Recent imports")).to_contain_text("people.csv")
    expect(page.get_by_role("region", name="Recent imports")).to_contain_text(
        re.compile(r"1,501 of 1,501 rows · 1,500 added")
    )
