"""POST /api/v1/candidates/bulk: per-row validation, partial success, dedupe and chunk atomicity."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from recruiting.models import Candidate
from tests.factories import CandidateFactory


def row(number, **extra):
    return {
        "external_id": f"b{number}",
        "first_name": f"First{number}",
        "last_name": "Bulk",
        "email": f"bulk{number}@example.com",
        "skills": ["Python", "SQL"],
        **extra,
    }


def test_bulk_inserts_valid_rows_and_reports_invalid_ones_by_index(acme_ats):
    rows = [row(0), {"first_name": "No email"}, row(2, experience_years=-1), row(3)]

    response = acme_ats.client().post("/api/v1/candidates/bulk", {"candidates": rows}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["candidates_received"] == 4
    assert body["candidates_inserted"] == 2
    assert body["candidates_updated"] == 0
    assert body["total_errors"] == 2
    assert [error["index"] for error in body["errors"]] == [1, 2]
    assert set(body["errors"][0]["errors"]) == {"last_name", "email"}
    assert body["status"] == "partial"
    saved = Candidate.objects.get(external_id="b0")
    assert saved.source == f"ats:{acme_ats.integration.pk}"
    assert saved.skill_keys == ["python", "sql"]
    assert len(saved.skill_ids) == 2  # canonical ids for matching, derived by set_skills


def test_bulk_updates_by_external_id_then_by_email(acme_ats, org_a):
    client = acme_ats.client()
    client.post("/api/v1/candidates/bulk", {"candidates": [row(0), row(1)]}, format="json")
    by_email = CandidateFactory(organization=org_a, email="walk-in@example.com", skills=["Excel"])
    before = Candidate.objects.get(external_id="b0").updated_at

    body = client.post(
        "/api/v1/candidates/bulk",
        {
            "candidates": [
                row(0, last_name="Renamed", skills=["Go"]),
                {"first_name": "Walk", "last_name": "In", "email": "WALK-IN@example.com", "skills": ["Rust"]},
                row(5),
            ]
        },
        format="json",
    ).json()

    assert (body["candidates_inserted"], body["candidates_updated"], body["status"]) == (1, 2, "completed")
    renamed = Candidate.objects.get(external_id="b0")
    assert renamed.last_name == "Renamed"
    assert renamed.skills == ["Go"] and renamed.skill_keys == ["go"]
    assert len(renamed.skill_ids) == 1
    assert renamed.updated_at > before
    by_email.refresh_from_db()
    assert by_email.skill_keys == ["rust"]
    assert Candidate.objects.count() == 4


def test_bulk_duplicates_in_one_request_collapse_to_the_last(acme_ats):
    body = (
        acme_ats.client()
        .post(
            "/api/v1/candidates/bulk",
            {"candidates": [row(0, last_name="First"), row(0, last_name="Second")]},
            format="json",
        )
        .json()
    )
    assert body["candidates_inserted"] == 1
    assert Candidate.objects.get().last_name == "Second"


def test_bulk_over_1000_rows_is_400_and_writes_nothing(acme_ats):
    response = acme_ats.client().post(
        "/api/v1/candidates/bulk", {"candidates": [row(n) for n in range(1001)]}, format="json"
    )
    assert response.status_code == 400
    assert "candidates" in response.json()["errors"]
    assert not Candidate.objects.exists()


def test_bulk_body_must_hold_a_list(acme_ats):
    response = acme_ats.client().post("/api/v1/candidates/bulk", {"candidates": "nope"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "VALIDATION_ERROR"


def test_bulk_with_jwt_uses_the_requested_source(api_as, recruiter_a):
    body = (
        api_as(recruiter_a)
        .post("/api/v1/candidates/bulk", {"source": "career-fair", "candidates": [row(0)]}, format="json")
        .json()
    )
    assert body["candidates_inserted"] == 1
    assert Candidate.objects.get().source == "career-fair"


def test_bulk_by_viewer_is_403_and_writes_nothing(api_as, viewer_a):
    response = api_as(viewer_a).post("/api/v1/candidates/bulk", {"candidates": [row(0)]}, format="json")
    assert response.status_code == 403
    assert not Candidate.objects.exists()


def test_bulk_writes_a_chunk_in_a_constant_number_of_queries(acme_ats):
    client = acme_ats.client()
    client.get("/api/ats/candidates")  # first use of the key records last_used_at
    with CaptureQueriesContext(connection) as small:
        client.post("/api/v1/candidates/bulk", {"candidates": [row(n) for n in range(10)]}, format="json")
    with CaptureQueriesContext(connection) as large:
        client.post("/api/v1/candidates/bulk", {"candidates": [row(n) for n in range(10, 400)]}, format="json")
    if connection.vendor == "postgresql":
        assert len(large) == len(small)
    else:
        # SQLite caps bound variables, so Django splits the inserts into batches.
        fields = [f for f in Candidate._meta.concrete_fields if not f.primary_key and not f.generated]
        batch = min(250, connection.ops.bulk_batch_size(fields, [None] * 390))
        assert len(large) - len(small) <= -(-390 // batch)
    assert Candidate.objects.count() == 400


def test_a_failing_chunk_leaves_no_row_behind(acme_ats, org_a, monkeypatch):
    from ats.services import candidate_upserts

    def explode(new, existing):
        Candidate.objects.bulk_create(new[:1])
        raise RuntimeError("disk full")

    monkeypatch.setattr(candidate_upserts, "_write_candidates", explode)
    client = acme_ats.client()
    client.raise_request_exception = False
    response = client.post("/api/v1/candidates/bulk", {"candidates": [row(0), row(1)]}, format="json")
    assert response.status_code == 500
    assert response.json()["code"] == "SERVER_ERROR"
    assert not Candidate.objects.exists()


def test_null_characters_are_a_row_error_not_a_failed_chunk(acme_ats):
    body = (
        acme_ats.client()
        .post("/api/v1/candidates/bulk", {"candidates": [row(0, last_name="Bad\u0000Name"), row(1)]}, format="json")
        .json()
    )
    assert body["candidates_inserted"] == 1
    assert body["errors"] == [{"index": 0, "errors": {"last_name": ["Null characters are not allowed."]}}]


def test_null_characters_inside_json_fields_are_row_errors(acme_ats):
    body = (
        acme_ats.client()
        .post(
            "/api/v1/candidates/bulk",
            {"candidates": [row(0, ats_data={"note": "a\u0000b"}), row(1, skills=["Go\u0000"])]},
            format="json",
        )
        .json()
    )
    assert body["candidates_inserted"] == 0
    assert [set(error["errors"]) for error in body["errors"]] == [{"ats_data"}, {"skills"}]


def test_a_backslash_n_cell_is_stored_as_text_and_the_rest_of_the_chunk_too(acme_ats):
    rows = [row(0), row(1, first_name="\\N", location="\\N"), row(2, last_name="O'Connor \\N")]

    response = acme_ats.client().post("/api/v1/candidates/bulk", {"candidates": rows}, format="json")

    assert response.status_code == 200
    assert response.json()["candidates_inserted"] == 3, response.json()
    assert (Candidate.objects.get(external_id="b1").first_name, Candidate.objects.get(external_id="b1").location) == (
        "\\N",
        "\\N",
    )
    assert Candidate.objects.get(external_id="b2").last_name == "O'Connor \\N"


def test_a_row_sent_again_unchanged_is_not_rewritten_and_a_changed_one_is(acme_ats):
    client = acme_ats.client()
    client.post("/api/v1/candidates/bulk", {"candidates": [row(0), row(1)]}, format="json")
    first_written = dict(Candidate.objects.values_list("external_id", "updated_at"))

    body = client.post(
        "/api/v1/candidates/bulk",
        {"candidates": [row(0), row(1, location="Zürich, Switzerland", experience_years=4.5)]},
        format="json",
    ).json()

    # Both are reported as updated (matched by their partner id), as the partner's contract counts them,
    # but only the changed one is rewritten: a nightly full re-send does not refresh every updated_at.
    assert (body["candidates_inserted"], body["candidates_updated"]) == (0, 2)
    after = {c.external_id: c for c in Candidate.objects.all()}
    assert after["b0"].updated_at == first_written["b0"]
    assert after["b1"].updated_at > first_written["b1"]
    assert (after["b1"].location, after["b1"].experience_years) == ("Zürich, Switzerland", 4.5)


def test_a_new_row_is_flagged_against_a_record_as_the_same_request_left_it(acme_ats, org_a):
    client = acme_ats.client()
    client.post("/api/v1/candidates/bulk", {"candidates": [row(0)]}, format="json")
    kept = Candidate.objects.get(external_id="b0")

    body = client.post(
        "/api/v1/candidates/bulk",
        {
            "candidates": [
                row(0, email="zoe.obrien@example.com"),  # the partner corrects b0's address...
                row(7, first_name="Zoë", last_name="O'Brien", email="Zoe.OBrien@example.com"),  # ...which b7 shares
            ]
        },
        format="json",
    ).json()

    newcomer = Candidate.objects.get(external_id="b7")
    assert body["possible_duplicates"] == [{"index": 1, "candidate_id": newcomer.pk, "duplicate_of": kept.pk}]
    assert newcomer.possible_duplicate_of_id == kept.pk
    kept.refresh_from_db()
    assert kept.possible_duplicate_of_id is None


def test_text_that_csv_must_quote_round_trips_through_copy(acme_ats, org_a):
    existing = CandidateFactory(organization=org_a, external_id="b1", source=acme_ats.integration.candidate_source)
    tricky = {
        "first_name": 'Zoë "Zo"',
        "last_name": "O'Brien, Jr.",
        "location": "Berlin, Germany",
        "phone": "",
        "ats_data": {"note": 'line one\nline two, "quoted"', "empty": ""},
        "education": [{"school": "Universität Wien, Österreich"}],
        "skills": ["C++", "Node.js, Express"],
        "experience_years": "7.25",
    }
    rows = [row(0, **tricky), row(1, **tricky)]

    body = acme_ats.client().post("/api/v1/candidates/bulk", {"candidates": rows}, format="json").json()

    assert (body["errors"], body["candidates_inserted"], body["candidates_updated"]) == ([], 1, 1)
    for saved in Candidate.objects.filter(external_id__in=["b0", "b1"]):
        assert (saved.first_name, saved.last_name, saved.location) == ('Zoë "Zo"', "O'Brien, Jr.", "Berlin, Germany")
        assert saved.phone == "" and saved.phone_key == ""  # an empty text stays empty, never NULL
        assert saved.resume_url == ""
        assert saved.ats_data == tricky["ats_data"]
        assert saved.education == tricky["education"]
        assert saved.skills == ["C++", "Node.js, Express"]
        assert saved.experience_years == 7.25
    assert Candidate.objects.get(pk=existing.pk).first_name == 'Zoë "Zo"'  # updated through the staging COPY


def test_a_row_without_experience_stores_null_and_clears_an_old_value(acme_ats, org_a):
    acme_ats.client().post("/api/v1/candidates/bulk", {"candidates": [row(0, experience_years=3)]}, format="json")

    body = (
        acme_ats.client()
        .post("/api/v1/candidates/bulk", {"candidates": [row(0, experience_years=""), row(1)]}, format="json")
        .json()
    )

    assert (body["candidates_updated"], body["candidates_inserted"], body["errors"]) == (1, 1, [])
    assert list(Candidate.objects.order_by("external_id").values_list("experience_years", flat=True)) == [None, None]


def test_wrong_types_long_text_and_odd_numbers_are_row_errors_never_a_500(acme_ats):
    rows = [
        row(0, first_name=["a list"]),
        row(1, last_name="x" * 101),
        row(2, experience_years="seven"),
        row(3, experience_years=True),
        row(4, experience_years=70.5),
        row(5, skills="Python"),
        row(6, seniority=5),
        row(7, seniority="Grand master"),
        row(8, phone="call me"),
        row(9, email={"not": "text"}),
        row(10, education={"school": "X"}),
        row(11, ats_data=["x"]),
        "not an object",
        row(13, first_name="Łukasz", last_name="Nguyễn", location="São Paulo, Brazil", seniority="Mid-Level"),
    ]

    response = acme_ats.client().post("/api/v1/candidates/bulk", {"candidates": rows}, format="json")

    assert response.status_code == 200
    body = response.json()
    assert body["candidates_inserted"] == 1
    errors = {error["index"]: error["errors"] for error in body["errors"]}
    assert errors == {
        0: {"first_name": ["Must be a string."]},
        1: {"last_name": ["Ensure this field has no more than 100 characters."]},
        2: {"experience_years": ["A valid number is required."]},
        3: {"experience_years": ["A valid number is required."]},
        4: {"experience_years": ["Must be between 0 and 70."]},
        5: {"skills": ["Must be a list of strings."]},
        6: {"seniority": ["Use one of: entry, junior, mid, senior, lead, principal."]},
        7: {"seniority": ["Use one of: entry, junior, mid, senior, lead, principal."]},
        8: {"phone": [errors[8]["phone"][0]]},
        9: {"email": ["Must be a string."]},
        10: {"education": ["Must be a list of objects."]},
        11: {"ats_data": ["Must be an object."]},
        12: {"non_field_errors": ["Each candidate must be a JSON object."]},
    }
    assert errors[8]["phone"][0].startswith("Enter a phone number")
    saved = Candidate.objects.get(external_id="b13")
    assert (saved.first_name, saved.last_name, saved.seniority) == ("Łukasz", "Nguyễn", "mid")


def test_the_same_phone_in_another_spelling_gets_the_same_key(acme_ats, settings):
    settings.PHONE_DEFAULT_REGION = "DE"
    rows = [row(0, phone="+49 30 1234567"), row(1, phone="030 1234567"), row(2, phone="030 1234567")]

    acme_ats.client().post("/api/v1/candidates/bulk", {"candidates": rows}, format="json")

    assert set(Candidate.objects.values_list("phone_key", flat=True)) == {"+49301234567"}
