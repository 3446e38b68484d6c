"""1e999, NUL and oversized values in free-form JSON fields are a 400 naming the field, never a 500."""

import json

import pytest

from recruiting.models import Candidate
from tests.realistic import CANDIDATES

ZOE = CANDIDATES[0]


def _raw(row_json: str) -> str:
    # 1e999 cannot be produced by json.dumps, so the body is spliced by hand as a partner would send it.
    return json.dumps({k: v for k, v in ZOE.items() if k not in ("ats_data", "education")})[:-1] + ", " + row_json + "}"


@pytest.mark.parametrize(
    "field_json",
    [
        '"ats_data": {"score": 1e999}',
        '"ats_data": {"notes": "Zo\\u0000\\u00eb"}',
        '"education": [{"school": "Universidade de S\\u00e3o Paulo", "gpa": -1e999}]',
    ],
)
def test_candidate_sync_rejects_unstorable_json_naming_the_field(acme_ats, field_json):
    response = acme_ats.client().post("/api/ats/candidates/sync", _raw(field_json), content_type="application/json")

    assert response.status_code == 400
    assert field_json.split('"')[1] in response.json()["errors"]
    assert not Candidate.objects.exists()


def test_oversized_ats_data_is_400_naming_it(acme_ats, settings):
    settings.FREE_FORM_JSON_MAX_BYTES = 1000
    row = {**ZOE, "ats_data": {"notes": "é" * 1000}}

    response = acme_ats.client().post("/api/ats/candidates/sync", row, format="json")

    assert response.status_code == 400
    assert "ats_data" in response.json()["errors"]
    assert not Candidate.objects.exists()


@pytest.mark.parametrize(
    "ats_data, fits",
    [
        ({"notes": "é" * 480}, True),  # 973 bytes encoded
        ({"notes": "é" * 500}, False),  # 1,013 bytes
        ({"score": 10**1200}, False),  # one integer of 1,201 digits
        ({"flags": [True, False, None] * 50}, True),  # 961 bytes
        ({"flags": [False] * 150}, False),  # 1,061 bytes of falses
    ],
)
def test_the_size_limit_counts_encoded_bytes_of_any_value(settings, ats_data, fits):
    from recruiting.free_form_json import free_form_json_problem

    settings.FREE_FORM_JSON_MAX_BYTES = 1000
    assert (len(json.dumps(ats_data, ensure_ascii=False).encode()) <= 1000) == fits
    assert (free_form_json_problem(ats_data) is None) == fits


def test_bulk_row_with_infinity_fails_alone_and_the_rest_is_stored(acme_ats):
    rows = json.dumps({"candidates": CANDIDATES[1:]})
    body = rows[:-2] + ", " + _raw('"ats_data": {"score": 1e999}') + "]}"

    response = acme_ats.client().post("/api/v1/candidates/bulk", body, content_type="application/json")

    assert response.status_code == 200
    result = response.json()
    assert result["candidates_inserted"] == len(CANDIDATES) - 1
    assert [(error["index"], list(error["errors"])) for error in result["errors"]] == [
        (len(CANDIDATES) - 1, ["ats_data"])
    ]
