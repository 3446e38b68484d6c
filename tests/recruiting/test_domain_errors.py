"""Domain errors carry a machine code; the API answers each kind with its status in the JSON error shape."""

import pytest

from recruiting import errors
from recruiting.api.errors import api_exception_handler


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (errors.DomainError("Salary minimum is above the maximum.", code="SALARY_RANGE"), 400, "SALARY_RANGE"),
        (errors.NotFoundError("Candidate not found."), 404, "NOT_FOUND"),
        (errors.ConflictError("Only an active key can be rotated.", code="KEY_NOT_ACTIVE"), 409, "KEY_NOT_ACTIVE"),
        (errors.ForbiddenError("Only the interviewer can change a scorecard."), 403, "PERMISSION_DENIED"),
        (errors.UnauthenticatedError("Invalid API key", code="INVALID_API_KEY"), 401, "INVALID_API_KEY"),
        (errors.TooLargeError("The file is larger than 64 MB."), 413, "PAYLOAD_TOO_LARGE"),
        (errors.UnavailableError("The broker is down."), 503, "SERVICE_UNAVAILABLE"),
    ],
)
def test_each_domain_error_kind_answers_with_its_status_and_code(error, status, code):
    response = api_exception_handler(error, {})

    assert response.status_code == status
    assert response.data == {"detail": error.message, "code": code}


def test_a_domain_error_about_one_field_is_a_field_error_that_keeps_its_code():
    error = errors.DomainError("Must not be after salary_max.", code="SALARY_RANGE", field="salary_min")

    response = api_exception_handler(error, {})

    assert response.status_code == 400
    assert response.data["code"] == "SALARY_RANGE"
    assert response.data["errors"] == {"salary_min": ["Must not be after salary_max."]}
    assert response.data["detail"] == "Invalid input: salary_min: Must not be after salary_max."
