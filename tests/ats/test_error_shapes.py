"""Every error under /api/ats/ and the bulk endpoints is JSON {detail, code}: 400, 401, 403, 404, 405, 500."""

from rest_framework.test import APIClient


def test_unknown_path_is_json_404(acme_ats):
    response = acme_ats.client().get("/api/ats/nothing-here")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not Found", "code": "NOT_FOUND"}


def test_wrong_method_is_json_405(acme_ats):
    response = acme_ats.client().delete("/api/ats/candidates/sync")
    assert response.status_code == 405
    assert response.json()["code"] == "METHOD_NOT_ALLOWED"


def test_malformed_json_is_400(acme_ats):
    response = acme_ats.client().generic(
        "POST", "/api/ats/candidates/sync", data="{not json", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "MALFORMED_REQUEST"


def test_jwt_is_not_a_partner_credential_on_ats_paths(api_as, admin_a):
    response = api_as(admin_a).get("/api/ats/candidates")
    assert response.status_code == 401
    assert response.json() == {"detail": "Invalid API key", "code": "INVALID_API_KEY"}


def test_crash_is_json_500(acme_ats, monkeypatch):
    from ats import selectors

    def crash(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "candidate_page", crash)
    client = acme_ats.client()
    client.raise_request_exception = False
    response = client.get("/api/ats/candidates")
    assert response.status_code == 500
    assert response.json() == {"detail": "An unexpected error occurred.", "code": "SERVER_ERROR"}


def test_posts_need_no_csrf_token(acme_ats):
    client = APIClient(enforce_csrf_checks=True, HTTP_X_API_KEY=acme_ats.raw_key)
    response = client.post(
        "/api/ats/candidates/sync",
        {"external_id": "1", "first_name": "A", "last_name": "B", "email": "a@b.test"},
        format="json",
    )
    assert response.status_code == 201
