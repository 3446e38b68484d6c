"""Fast per-row validation of partner candidate and job payloads.

Bulk intake validates thousands of rows per request, so rows are checked with plain functions
(a DRF serializer per row costs several times more) and errors keep DRF's `{field: [message]}` shape.
"""

from __future__ import annotations

import math
from functools import cache, lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator

from recruiting.choices import lenient_choice
from recruiting.currencies import is_known_currency
from recruiting.free_form_json import free_form_json_problem
from recruiting.models import Candidate, Job, phone_validator

validate_email = EmailValidator()
validate_url = URLValidator(schemes=["http", "https"])

# Optional fields a partner may send; an update through /candidates/sync touches only those sent.
OPTIONAL_CANDIDATE_FIELDS = (
    "phone",
    "location",
    "resume_url",
    "linkedin_url",
    "skills",
    "experience_years",
    "education",
    "ats_data",
    "seniority",
)
CANDIDATE_FIELDS = ("external_id", "first_name", "last_name", "email", *OPTIONAL_CANDIDATE_FIELDS)
DEFAULTS: dict[str, Any] = {
    "phone": "",
    "location": "",
    "resume_url": "",
    "linkedin_url": "",
    "skills": list,
    "experience_years": None,
    "education": list,
    "ats_data": dict,
    "seniority": "",
}


def default_for(field: str) -> Any:
    value = DEFAULTS[field]
    return value() if callable(value) else value


@cache
def _limit(field: str) -> int:
    # The limits are the model's own (Candidate.text_limit), so the two can never disagree.
    return Candidate.text_limit(field)


@lru_cache(maxsize=1024)
def _seniority(text: str) -> str | None:
    # Partners send a handful of spellings ("Senior", "mid-level"); each is resolved once.
    return lenient_choice(Candidate.Seniority.choices, text)


def _text(value: Any, *, max_length: int, required: bool) -> tuple[str, str | None]:
    if value is None:
        value = ""
    if not isinstance(value, str):
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = str(value)
        else:
            return "", "Must be a string."
    value = value.strip()
    if "\x00" in value:
        return "", "Null characters are not allowed."
    if required and not value:
        return "", "This field is required."
    if len(value) > max_length:
        return "", f"Ensure this field has no more than {max_length} characters."
    return value, None


def validate_candidate_row(row: Any, *, require_external_id: bool) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Return (clean fields actually sent, errors). Required: first_name, last_name, email."""
    if not isinstance(row, dict):
        return {}, {"non_field_errors": ["Each candidate must be a JSON object."]}
    clean: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}

    def fail(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    for field, required in (
        ("external_id", require_external_id),
        ("first_name", True),
        ("last_name", True),
        ("email", True),
    ):
        if field not in row and not required:
            continue
        value, error = _text(row.get(field), max_length=_limit(field), required=required)
        if error:
            fail(field, error)
        else:
            clean[field] = value
    if "email" in clean:
        clean["email"] = clean["email"].lower()
        try:
            validate_email(clean["email"])
        except ValidationError:
            fail("email", "Enter a valid email address.")
    for field in ("phone", "location", "resume_url", "linkedin_url"):
        if field not in row:
            continue
        value, error = _text(row[field], max_length=_limit(field), required=False)
        if error:
            fail(field, error)
            continue
        # A location is free text ("São Paulo, Brazil"); only phones and the two links have a format.
        if value and field != "location":
            try:
                (phone_validator if field == "phone" else validate_url)(value)
            except ValidationError as exc:
                fail(field, exc.messages[0])
                continue
        clean[field] = value
    if "skills" in row:
        skills = row["skills"] if row["skills"] is not None else []
        if not isinstance(skills, list) or not all(isinstance(skill, str) for skill in skills):
            fail("skills", "Must be a list of strings.")
        elif len(skills) > 100 or any(len(skill) > 100 for skill in skills):
            fail("skills", "At most 100 skills of up to 100 characters each.")
        else:
            clean["skills"] = skills
    if "experience_years" in row:
        years = row["experience_years"]
        if isinstance(years, str) and years.strip():
            try:
                years = float(years)
            except ValueError:
                years = "invalid"
        elif isinstance(years, str):
            years = None
        if years is not None and (
            isinstance(years, bool) or not isinstance(years, int | float) or not math.isfinite(years)
        ):
            fail("experience_years", "A valid number is required.")
        elif years is not None and not 0 <= years <= 70:
            fail("experience_years", "Must be between 0 and 70.")
        else:
            clean["experience_years"] = None if years is None else float(years)
    if "education" in row:
        education = row["education"] if row["education"] is not None else []
        if not isinstance(education, list) or not all(isinstance(item, dict) for item in education):
            fail("education", "Must be a list of objects.")
        elif len(education) > 20:
            fail("education", "At most 20 entries.")
        else:
            clean["education"] = education
    if "ats_data" in row:
        ats_data = row["ats_data"] if row["ats_data"] is not None else {}
        if not isinstance(ats_data, dict):
            fail("ats_data", "Must be an object.")
        else:
            clean["ats_data"] = ats_data
    if "seniority" in row and row["seniority"] not in (None, ""):
        raw = row["seniority"]
        seniority = _seniority(raw) if isinstance(raw, str) else None
        if seniority is None:
            fail("seniority", f"Use one of: {', '.join(v for v in Candidate.Seniority.values if v)}.")
        else:
            clean["seniority"] = seniority
    elif "seniority" in row:
        clean["seniority"] = ""
    # PostgreSQL's jsonb cannot store \u0000; catch it per row rather than fail the whole chunk.
    if "skills" in clean and any("\x00" in skill for skill in clean["skills"]):
        del clean["skills"]
        fail("skills", "Null characters are not allowed.")
    for field in ("education", "ats_data"):
        if field in clean and (problem := free_form_json_problem(clean[field])):
            del clean[field]
            fail(field, problem)
    return clean, errors


EMPLOYMENT_TYPES = {
    "full_time": Job.EmploymentType.FULL_TIME,
    "fulltime": Job.EmploymentType.FULL_TIME,
    "permanent": Job.EmploymentType.FULL_TIME,
    "part_time": Job.EmploymentType.PART_TIME,
    "parttime": Job.EmploymentType.PART_TIME,
    "contract": Job.EmploymentType.CONTRACT,
    "contractor": Job.EmploymentType.CONTRACT,
    "freelance": Job.EmploymentType.CONTRACT,
    "internship": Job.EmploymentType.INTERNSHIP,
    "intern": Job.EmploymentType.INTERNSHIP,
    "temporary": Job.EmploymentType.TEMPORARY,
    "temp": Job.EmploymentType.TEMPORARY,
}


def parse_salary_range(value: Any) -> tuple[int | None, int | None, str | None, str | None]:
    """Accept {"min", "max", "currency"} or text like "$90,000 - 120k"; return (min, max, currency, error)."""
    if value in (None, ""):
        return None, None, None, None
    if isinstance(value, dict):
        low, high, currency = value.get("min"), value.get("max"), value.get("currency")
    elif isinstance(value, str):
        parts = [part for part in value.replace("–", "-").split("-") if part.strip()]
        numbers = []
        for part in parts[:2]:
            digits = part.strip().lower().replace(",", "").lstrip("$€£").strip()
            multiplier = 1000 if digits.endswith("k") else 1
            try:
                numbers.append(int(float(digits.rstrip("k").strip()) * multiplier))
            except ValueError:
                return None, None, None, "Use a range like '90000-120000' or an object with min and max."
        low, high = (numbers + [None, None])[:2]
        if len(numbers) == 1:
            high = low
        currency = "EUR" if "€" in value else "GBP" if "£" in value else None
    else:
        return None, None, None, "Must be a string or an object with min and max."
    try:
        low = None if low is None else int(low)
        high = None if high is None else int(high)
    except (TypeError, ValueError):
        return None, None, None, "min and max must be numbers."
    if (low is not None and low < 0) or (high is not None and high < 0):
        return None, None, None, "Salaries cannot be negative."
    if low is not None and high is not None and low > high:
        return None, None, None, "min must not exceed max."
    if currency is not None and (not isinstance(currency, str) or not is_known_currency(currency.upper())):
        return None, None, None, "currency must be an ISO 4217 code such as USD, EUR or GBP."
    return low, high, currency.upper() if currency else None, None


def validate_job_row(row: Any) -> tuple[dict[str, Any], dict[str, list[str]]]:
    if not isinstance(row, dict):
        return {}, {"non_field_errors": ["Each job must be a JSON object."]}
    clean: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}
    for field, max_length, required in (
        ("external_id", 255, True),
        ("title", 200, True),
        ("company", 200, False),
        ("location", 200, False),
        ("description", 50000, False),
        ("apply_url", 500, False),
    ):
        value, error = _text(row.get(field), max_length=max_length, required=required)
        if error:
            errors.setdefault(field, []).append(error)
        else:
            clean[field] = value
    if clean.get("apply_url"):
        try:
            validate_url(clean["apply_url"])
        except ValidationError:
            errors.setdefault("apply_url", []).append("Enter a valid URL.")
    job_type = row.get("type")
    if job_type not in (None, ""):
        key = str(job_type).strip().lower().replace("-", "_").replace(" ", "_")
        if key not in EMPLOYMENT_TYPES:
            errors.setdefault("type", []).append(
                f"Unknown type {job_type!r}; use one of full_time, part_time, contract, internship, temporary."
            )
        else:
            clean["employment_type"] = EMPLOYMENT_TYPES[key]
    low, high, currency, error = parse_salary_range(row.get("salary_range"))
    if error:
        errors.setdefault("salary_range", []).append(error)
    else:
        clean.update(salary_min=low, salary_max=high)
        if currency:
            clean["salary_currency"] = currency
        raw = row.get("salary_range")
        clean["salary_range"] = raw if isinstance(raw, str) else (f"{low}-{high}" if raw else "")
    return clean, errors
