"""The CSV import result is honest: totals, not the stored sample; all-failed is failed; failed rows download."""

import csv
import io

import pytest

from ats.models import CandidateImport
from ats.services import csv_import
from recruiting.models import Candidate

HEADER = "external_id,first_name,last_name,email,phone,location\n"
# Location left empty: an optional field, and its free-text validation is another change's business.
GOOD = "c1,Zoë,O'Connor,zoe.oconnor@example.com,+44 20 7946 0958,\n"


def _bad_rows(count: int) -> str:
    return "".join(f"b{n},José,Álvarez {n},not-an-email-{n},+55 11 91234-{n:04d},\n" for n in range(count))


def _run_import(organization, text: str, file_name="people.csv") -> CandidateImport:
    job = CandidateImport.objects.create(
        organization=organization, csv_text=text, file_name=file_name, source="csv_import", total=0
    )
    return csv_import.process_candidate_import(import_id=job.pk)


def _download(client, job) -> list[dict[str, str]]:
    response = client.get(f"/imports/{job.pk}/failed-rows.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_an_import_where_every_row_failed_is_failed_not_completed(org_a, page_as, recruiter_a):
    done = _run_import(org_a, HEADER + _bad_rows(3))

    assert done.status == "failed"
    assert "Every row failed" in done.failure
    page = page_as(recruiter_a).get("/imports/").content.decode()
    assert 'badge-failed">Failed' in page
    assert "badge-completed" not in page


def test_an_import_with_one_good_row_completes_while_an_all_bad_one_fails(org_a):
    partly = _run_import(org_a, HEADER + GOOD + _bad_rows(2))
    all_bad = _run_import(org_a, HEADER + _bad_rows(2))

    assert (partly.status, partly.inserted, partly.error_count, partly.failure) == ("completed", 1, 2, "")
    assert (all_bad.status, all_bad.inserted, all_bad.error_count) == ("failed", 0, 2)


def test_failure_counts_come_from_the_total_not_the_first_thousand_stored(org_a, page_as, recruiter_a):
    done = _run_import(org_a, HEADER + GOOD + _bad_rows(1200))

    assert done.error_count == 1200
    assert len(done.errors) == 1000
    page = page_as(recruiter_a).get("/imports/").content.decode()
    assert "1200 failed" in page
    assert "Download the 1200 failed rows (CSV)" in page


def test_failed_rows_download_has_every_failed_row_with_its_columns_and_error(org_a, page_as, recruiter_a):
    done = _run_import(org_a, HEADER + GOOD + _bad_rows(1200), file_name="team – São Paulo.csv")

    rows = _download(page_as(recruiter_a), done)

    assert len(rows) == 1200
    assert list(rows[0]) == ["external_id", "first_name", "last_name", "email", "phone", "location", "error"]
    assert rows[0] | {"error": ""} == {
        "external_id": "b0",
        "first_name": "José",
        "last_name": "Álvarez 0",
        "email": "not-an-email-0",
        "phone": "+55 11 91234-0000",
        "location": "",
        "error": "",
    }
    assert rows[0]["error"].startswith("email: ")
    assert rows[-1]["external_id"] == "b1199"
    assert "c1" not in {row["external_id"] for row in rows}


def test_fixed_failed_rows_can_be_uploaded_again(org_a, page_as, recruiter_a):
    done = _run_import(org_a, HEADER + GOOD + _bad_rows(2))
    rows = _download(page_as(recruiter_a), done)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    for row in rows:
        writer.writerow(row | {"email": f"{row['external_id']}@example.com"})

    again = _run_import(org_a, out.getvalue())

    assert (again.status, again.inserted, again.error_count) == ("completed", 2, 0)
    assert set(Candidate.objects.for_org(org_a).values_list("last_name", flat=True)) == {
        "O'Connor",
        "Álvarez 0",
        "Álvarez 1",
    }


def test_another_organizations_failed_rows_are_404(org_a, page_as, admin_b):
    done = _run_import(org_a, HEADER + _bad_rows(1))
    assert page_as(admin_b).get(f"/imports/{done.pk}/failed-rows.csv").status_code == 404


@pytest.mark.parametrize("role", ["viewer_a", "manager_a"])
def test_failed_rows_are_for_those_who_import(org_a, page_as, role, request):
    done = _run_import(org_a, HEADER + _bad_rows(1))
    assert page_as(request.getfixturevalue(role)).get(f"/imports/{done.pk}/failed-rows.csv").status_code == 403
