"""The ats services say no with domain errors; the API maps them to the same JSON as before, pages to a flash."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from ats.models import ApiKey, ApiKeyAuditLog, CandidateImport
from ats.services import api_keys, candidate_upserts, csv_import, feedback
from recruiting.errors import ConflictError, DomainError, NotFoundError
from recruiting.models import Candidate, Feedback

pytestmark = pytest.mark.django_db


def test_rotating_a_revoked_key_is_a_conflict_with_its_own_code(acme_ats, admin_a):
    api_keys.revoke_api_key(api_key=acme_ats.api_key, actor=admin_a)
    keys_before = ApiKey.objects.count()

    with pytest.raises(ConflictError) as raised:
        api_keys.rotate_api_key(api_key=acme_ats.api_key, actor=admin_a)

    assert raised.value.code == "KEY_NOT_ACTIVE"
    assert raised.value.message == "Only an active key can be rotated."
    assert ApiKey.objects.count() == keys_before


def test_rotating_a_revoked_key_through_the_api_is_409_key_not_active(acme_ats, admin_a, api_as):
    api_keys.revoke_api_key(api_key=acme_ats.api_key, actor=admin_a)
    keys_before = ApiKey.objects.count()

    response = api_as(admin_a).post(f"/api/ats/keys/{acme_ats.api_key.pk}/rotate", {"grace_hours": 1.5})

    assert response.status_code == 409
    assert response.json() == {"detail": "Only an active key can be rotated.", "code": "KEY_NOT_ACTIVE"}
    assert ApiKey.objects.count() == keys_before


def test_rotating_a_revoked_key_on_the_page_is_a_flash_and_issues_nothing(client, acme_ats, admin_a):
    api_keys.revoke_api_key(api_key=acme_ats.api_key, actor=admin_a)
    keys_before = ApiKey.objects.count()
    client.force_login(admin_a)

    response = client.post(f"/settings/api-keys/{acme_ats.api_key.pk}/rotate/", follow=True)

    assert response.status_code == 200
    assert "Only an active key can be rotated." in [str(message) for message in response.context["messages"]]
    assert response.context["new_key"] is None
    assert ApiKey.objects.count() == keys_before


def test_an_unknown_scope_is_refused_and_no_key_is_issued(org_a, admin_a):
    with pytest.raises(DomainError) as raised:
        api_keys.create_api_key(
            organization=org_a,
            name="Zoë's Greenhouse sync",
            scopes=["candidates:read", "payroll:write"],
            created_by=admin_a,
        )

    assert raised.value.code == "INVALID_SCOPE"
    assert not ApiKey.objects.exists()
    assert not ApiKeyAuditLog.objects.exists()


def test_another_organizations_integration_is_not_found_when_issuing_a_key(org_a, admin_a, globex_ats):
    keys_before = ApiKey.objects.count()

    with pytest.raises(NotFoundError):
        api_keys.create_api_key(
            organization=org_a, name="Borrowed", scopes=None, created_by=admin_a, integration=globex_ats.integration
        )

    assert ApiKey.objects.count() == keys_before


def test_a_windows_encoded_csv_is_read_as_windows_1252_and_stored_as_text(org_a, admin_a):
    latin1 = 'first_name,last_name,email,location\nJosé,Álvarez,jose@example.com,"São Paulo, Brazil"\n'.encode(
        "latin-1"
    )

    started = csv_import.start_candidate_import(
        organization=org_a, csv_bytes=latin1, file_name="álvarez.csv", created_by=admin_a, integration=None
    )

    assert "José,Álvarez" in started.csv_text


def test_a_file_in_no_supported_encoding_is_refused_before_anything_is_stored(org_a, admin_a):
    with pytest.raises(DomainError) as raised:
        csv_import.start_candidate_import(
            organization=org_a,
            csv_bytes=b"first_name,last_name,email\n\x81\x8d,x,y@example.com\n",
            file_name="binary.csv",
            created_by=admin_a,
            integration=None,
        )

    assert raised.value.code == "INVALID_FILE"
    assert not CandidateImport.objects.exists()


def test_a_csv_over_the_row_limit_is_refused(org_a, admin_a, monkeypatch):
    monkeypatch.setattr(csv_import, "CSV_MAX_ROWS", 1)
    rows = "first_name,last_name,email\nZoë,O'Connor,zoe@example.com\nJosé,Álvarez,jose@example.com\n"

    with pytest.raises(DomainError) as raised:
        csv_import.start_candidate_import(
            organization=org_a, csv_bytes=rows.encode(), file_name="team.csv", created_by=admin_a, integration=None
        )

    assert raised.value.code == "TOO_MANY_ROWS"
    assert not CandidateImport.objects.exists()


def test_an_invalid_partner_candidate_is_a_field_by_field_validation_error(acme_ats):
    payload = {"external_id": "gh-42", "first_name": "Zoë", "last_name": "O'Connor", "email": "not-an-email"}

    with pytest.raises(ValidationError) as raised:
        candidate_upserts.sync_candidate(integration=acme_ats.integration, payload=payload)

    assert raised.value.message_dict == {"email": ["Enter a valid email address."]}
    assert not Candidate.objects.exists()


def test_feedback_for_a_candidate_the_partner_never_sent_is_not_found(acme_ats):
    with pytest.raises(NotFoundError):
        feedback.add_partner_feedback(
            integration=acme_ats.integration,
            candidate_external_id="gh-missing",
            text="Strong systems thinking; explained the São Paulo rollout clearly.",
            rating=Decimal("4.5"),
            reviewer="José Álvarez",
            source="",
        )

    assert not Feedback.objects.exists()
