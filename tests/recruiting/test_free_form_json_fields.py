"""Free-form JSON on /api/v1/candidates passes the shared storable-JSON rule: a 400 naming the field."""

import json

from recruiting.models import Candidate

ZOE = {"first_name": "Zoë", "last_name": "O'Connor", "email": "zoe.oconnor@example.ie", "location": "Dublin, Ireland"}


def test_candidate_with_infinity_in_ats_data_is_400_naming_it(recruiter_a, api_as):
    body = json.dumps(ZOE)[:-1] + ', "ats_data": {"score": 1e999}}'

    response = api_as(recruiter_a).post("/api/v1/candidates", body, content_type="application/json")

    assert response.status_code == 400
    assert "ats_data" in response.json()["errors"]
    assert not Candidate.objects.exists()


def test_candidate_with_nul_in_education_is_400_naming_it(recruiter_a, api_as):
    row = {**ZOE, "education": [{"school": "Trinity\x00College"}]}

    response = api_as(recruiter_a).post("/api/v1/candidates", row, format="json")

    assert response.status_code == 400
    assert "education" in response.json()["errors"]
    assert not Candidate.objects.exists()
