"""Tenant isolation, generated from the OpenAPI schema: every operation, four actors, two organizations.

For each operation in the published schema and each actor (an admin and a recruiter of Acme, an
admin of Globex, an API key of Globex):
- an id of the other organization in the path answers exactly as an id that does not exist
  (404, or the same 401/403 when the actor may not call the operation at all), and shows nothing
  of the other organization;
- every other call (lists, searches, exports, logs, stats, reads of the actor's own rows) answers
  below 500 and carries no row of the other organization, found by its canary string;
- an id of the other organization inside a request body is a 400 naming the field.

New endpoints are covered without editing this file; one whose path names a resource the world
does not have, or whose body carries an id field the table below does not know, fails until the
world or the table learns it.
"""

from __future__ import annotations

import json
import re
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator

from tests.security.conftest import record_pairs
from tests.security.tenant_world import Tenant, World, build_world

pytestmark = pytest.mark.django_db

METHODS = ("get", "post", "put", "patch", "delete")
MISSING_INT = 987_654_321
NOT_ID_PARAMS = {"provider"}  # a provider's name, not a row
# The path segment before a parameter names the resource it is an id of; a few segments differ.
RESOURCE_OF_SEGMENT = {"match": "jobs"}


def _schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


SCHEMA = _schema()


def _operations() -> list[tuple[str, str, dict]]:
    return [
        (method, path, operation)
        for path, operations in sorted(SCHEMA["paths"].items())
        for method, operation in operations.items()
        if method in METHODS
    ]


OPERATIONS = _operations()


def _path_ids(path: str) -> list[tuple[str, str]]:
    """(parameter, resource) for each row id in the path."""
    segments = path.strip("/").split("/")
    ids = []
    for index, segment in enumerate(segments):
        match = re.fullmatch(r"\{(\w+)\}", segment)
        if match and match.group(1) not in NOT_ID_PARAMS:
            before = segments[index - 1]
            ids.append((match.group(1), RESOURCE_OF_SEGMENT.get(before, before)))
    return ids


def _fill(path: str, values: dict[str, object]) -> str:
    for parameter, value in values.items():
        path = path.replace("{" + parameter + "}", str(value))
    return path.replace("{provider}", "custom")


def _missing_id(tenant: Tenant, resource: str) -> object:
    return uuid.uuid4() if isinstance(tenant.ids[resource], uuid.UUID) else MISSING_INT


def _call(client, method: str, path: str, body=None):
    if method in ("get", "delete"):
        return getattr(client, method)(path)
    return getattr(client, method)(path, data=json.dumps(body or {}), content_type="application/json")


def _text(response) -> str:
    if response.streaming:
        response._cached_text = getattr(response, "_cached_text", None) or b"".join(response.streaming_content).decode(
            "utf-8", "replace"
        )
        return response._cached_text
    return response.content.decode("utf-8", "replace")


def _search_query(foreign: Tenant) -> str:
    """A prefix of the other organization's canary as every search parameter the API knows.

    A prefix matches the other organization's rows but is not itself the canary, so an answer
    that echoes the query (a `next` link) is not a finding.
    """
    term = foreign.canary[:-2]
    return "?" + "&".join(f"{name}={term}" for name in ("search", "q", "query", "name", "email"))


@pytest.fixture
def world() -> World:
    return build_world()


@pytest.mark.parametrize(("method", "path"), [(m, p) for m, p, _ in OPERATIONS], ids=lambda v: v)
def test_no_operation_shows_or_reaches_another_organization(world, method, path):
    path_ids = _path_ids(path)
    for resource in {resource for _, resource in path_ids}:
        assert resource in world.acme.ids, f"{path}: teach tests/security/tenant_world.py a {resource!r} row"
    failures = []
    for label, client, own, foreign in world.actors():
        if path_ids:
            foreign_url = _fill(path, {param: foreign.ids[resource] for param, resource in path_ids})
            missing_url = _fill(path, {param: _missing_id(foreign, resource) for param, resource in path_ids})
            answer, missing = _call(client, method, foreign_url), _call(client, method, missing_url)
            if answer.status_code != missing.status_code or answer.status_code not in (401, 403, 404):
                failures.append(
                    f"{label}: {method.upper()} {foreign_url} -> {answer.status_code}, "
                    f"a missing id -> {missing.status_code}"
                )
            if foreign.canary in _text(answer):
                failures.append(f"{label}: {method.upper()} {foreign_url} shows the other organization")
            if method == "get":
                own_url = _fill(path, {param: own.ids[resource] for param, resource in path_ids})
                answer = _call(client, method, own_url)
                if answer.status_code >= 500 or foreign.canary in _text(answer):
                    failures.append(f"{label}: GET {own_url} -> {answer.status_code} or a foreign row")
        else:
            url = _fill(path, {}) + (_search_query(foreign) if method == "get" else "")
            answer = _call(client, method, url)
            if answer.status_code >= 500:
                failures.append(f"{label}: {method.upper()} {url} -> {answer.status_code}")
            if foreign.canary in _text(answer):
                failures.append(f"{label}: {method.upper()} {url} shows the other organization")
            if method == "get" and answer.status_code == 200:
                plain = _call(client, method, _fill(path, {}))
                if foreign.canary in _text(plain):
                    failures.append(f"{label}: GET {path} lists the other organization")
    record_pairs("api", len(world.actors()))
    assert not failures, "\n".join(failures)


# ---- ids inside request bodies ------------------------------------------------------------------

# A body field that holds an id of a row, and the resource it names (a list field holds several).
# (`stage` is a stage's key, "screening": every organization has the same keys.)
ID_FIELDS = {
    "candidate": "candidates",
    "job": "jobs",
    "application": "applications",
    "interview": "interviews",
    "rejection_reason": "rejection-reasons",
    "integration_id": "integrations",
    "user_id": "users",
    "interviewers": ["users"],
    "hiring_team": ["users"],
    "job_ids": ["jobs"],
    "ids": ["notifications"],
    "duplicate_id": "candidates",
    "candidate_id": "candidates",
    "job_id": "jobs",
    "resume_id": "resume-files",
}
# the partner's own identifiers, strings: its record's id, JobSwipe's cover letter template
NOT_ID_FIELDS = {"external_id", "cover_letter_template_id"}


def _soon() -> str:
    return (timezone.now() + timedelta(days=3)).isoformat()


def _job_body(own: Tenant) -> dict:
    return {
        "title": "Staff Engineer, Café Platform",
        "location": "Berlin, Germany",
        "description": "Own the data model.",
        "experience_level": "senior",
        "required_skills": ["Python"],
        "hiring_team": [own.admin.pk],
    }


def _webhook_body(own: Tenant) -> dict:
    return {
        "name": "Partner's hook",
        "url": "http://127.0.0.1:9/hook",
        "events": ["candidate.created"],
        "integration_id": str(own.ids["integrations"]),
    }


def _interview_body(own: Tenant) -> dict:
    return {
        "application": own.ids["applications"],
        "interviewers": [own.admin.pk],
        "scheduled_at": _soon(),
        "kind": "technical",
    }


def _scorecard_body(own: Tenant) -> dict:
    return {
        "interview": own.ids["interviews"],
        "ratings": {"technical": 5, "communication": 4},
        "recommendation": "yes",
        "feedback": "Explained trade-offs clearly.",
    }


def _note_body(own: Tenant) -> dict:
    return {
        "candidate": own.ids["candidates"],
        "application": own.ids["applications"],
        "body": "Prefers a start in März.",
    }


# A valid body of the actor's own organization for each write that carries ids; one field at a
# time is then replaced by the other organization's id.
BODIES = {
    ("post", "/api/v1/applications"): lambda own: {
        "candidate": own.ids["second_candidate"],
        "job": own.ids["jobs"],
        "stage": "screening",
    },
    ("put", "/api/v1/applications/{id}"): lambda own: {
        "candidate": own.ids["candidates"],
        "job": own.ids["jobs"],
        "stage": "screening",
    },
    ("post", "/api/v1/applications/{id}/move"): lambda own: {
        "stage": "rejected",
        "rejection_reason": own.ids["rejection-reasons"],
    },
    ("post", "/api/v1/interviews"): _interview_body,
    ("put", "/api/v1/interviews/{id}"): _interview_body,
    ("post", "/api/v1/scorecards"): _scorecard_body,
    ("put", "/api/v1/scorecards/{id}"): _scorecard_body,
    ("post", "/api/v1/feedback"): lambda own: {
        "candidate": own.ids["candidates"],
        "application": own.ids["applications"],
        "text": "Thorough answers on query plans.",
        "rating": 4.5,
    },
    ("post", "/api/v1/notes"): _note_body,
    ("put", "/api/v1/notes/{id}"): _note_body,
    ("post", "/api/v1/jobs"): _job_body,
    ("put", "/api/v1/jobs/{id}"): _job_body,
    ("post", "/api/v1/match/batch"): lambda own: {"job_ids": [own.ids["jobs"]]},
    ("post", "/compat/bhiv/v1/match/batch/"): lambda own: {"job_ids": [own.ids["jobs"]]},
    ("post", "/api/v1/notifications/read-all"): lambda own: {"ids": [own.ids["notifications"]]},
    ("post", "/compat/jobswipe/api/v1/notifications/send/"): lambda own: {
        "user_id": own.recruiter.pk,
        "type": "custom",
        "title": "New Job Match",
    },
    ("post", "/api/v1/notifications/send"): lambda own: {
        "user_id": own.recruiter.pk,
        "type": "info",
        "title": "Interview moved to Thursday",
    },
    ("post", "/api/v1/candidates/{id}/merge"): lambda own: {"duplicate_id": own.ids["entered_twice"]},
    ("post", "/compat/bhiv/v1/jobs/"): _job_body,
    ("put", "/compat/bhiv/v1/jobs/{id}/"): _job_body,
    ("post", "/compat/hyrehr/api/v1/integrations/webhooks/"): _webhook_body,
    ("put", "/compat/hyrehr/api/v1/integrations/webhooks/{id}/"): _webhook_body,
    ("post", "/compat/jobswipe/api/v1/webhooks/"): _webhook_body,
    ("post", "/compat/jobswipe/api/v1/automation/applications/"): lambda own: {
        "job_id": own.ids["jobs"],
        "resume_id": str(own.ids["resume-files"]),
        "answers": [{"question": "Earliest start?", "answer": "Après le 1er mars"}],
    },
    ("post", "/compat/jobswipe/api/v1/matching/jobs/"): lambda own: {
        "job_ids": [own.ids["jobs"]],
        "candidate_id": own.ids["candidates"],
    },
    ("post", "/api/v1/integrations/webhooks"): _webhook_body,
    ("put", "/api/v1/integrations/webhooks/{id}"): _webhook_body,
}


def _request_fields(operation: dict) -> set[str]:
    components = SCHEMA["components"]["schemas"]

    def properties(schema: dict) -> dict:
        if "$ref" in schema:
            return properties(components[schema["$ref"].rsplit("/", 1)[-1]])
        found = {}
        for key in ("allOf", "oneOf", "anyOf"):
            for part in schema.get(key, []):
                found.update(properties(part))
        found.update({name: spec for name, spec in schema.get("properties", {}).items() if not spec.get("readOnly")})
        return found

    fields = set()
    for content in operation.get("requestBody", {}).get("content", {}).values():
        # an object (BHIV's posted `job`) carries no id of a row, whatever its name
        fields |= {
            name
            for name, spec in properties(content.get("schema", {})).items()
            if "$ref" not in spec and spec.get("type") != "object"
        }
    return fields


def _id_like(name: str) -> bool:
    return name not in NOT_ID_FIELDS and (name in ID_FIELDS or name.endswith(("_id", "_ids")))


WRITES_WITH_IDS = [
    (method, path, sorted(field for field in _request_fields(operation) if _id_like(field)))
    for method, path, operation in OPERATIONS
    if method in ("post", "put", "patch") and any(_id_like(field) for field in _request_fields(operation))
]


def test_every_write_that_carries_ids_is_in_the_table():
    for method, path, fields in WRITES_WITH_IDS:
        unknown = [field for field in fields if field not in ID_FIELDS]
        assert not unknown, f"{method.upper()} {path}: add {unknown} to ID_FIELDS"
        if method != "patch":
            assert (method, path) in BODIES, f"{method.upper()} {path}: add a valid body to BODIES"


def _foreign_value(field: str, foreign: Tenant):
    resource = ID_FIELDS[field]
    if isinstance(resource, list):
        return [_id_value(foreign, resource[0])]
    return _id_value(foreign, resource)


def _id_value(tenant: Tenant, resource: str):
    if resource == "users":
        return tenant.admin.pk
    value = tenant.ids[resource]
    return str(value) if isinstance(value, uuid.UUID) else value


def _names_field(answer, field: str) -> bool:
    body = answer.json()
    error = body.get("error") if isinstance(body.get("error"), dict) else {}  # JobSwipe's {success, error}
    return (
        field in (body.get("errors") or {})
        or field in str(body.get("detail", ""))
        or field in (error.get("details") or {})
        or field in str(body.get("message", ""))  # the Integration Framework's {statusCode, message, error}
    )


@pytest.mark.parametrize(("method", "path", "fields"), WRITES_WITH_IDS, ids=lambda v: str(v))
def test_an_id_of_another_organization_in_a_body_is_a_400_naming_the_field(world, method, path, fields):
    failures = []
    actors = [actor for actor in world.actors() if actor[0] in ("admin of Acme", "API key of Globex")]
    for label, client, own, foreign in actors:
        url = _fill(path, {param: _id_value(own, resource) for param, resource in _path_ids(path)})
        base = BODIES[(method, path)](own) if (method, path) in BODIES else {}
        for field in fields:
            answer = _call(client, method, url, base | {field: _foreign_value(field, foreign)})
            if answer.status_code in (401, 403):
                break  # this actor may not call the operation at all: nothing to leak into
            if answer.status_code != 400 or not _names_field(answer, field):
                failures.append(f"{label}: {field} of the other organization -> {answer.status_code} {_text(answer)}")
        else:
            if base:
                # The same body with the actor's own ids is accepted, so the 400s above are the ids'.
                answer = _call(client, method, url, base)
                if answer.status_code >= 400:
                    failures.append(f"{label}: the valid body -> {answer.status_code} {_text(answer)}")
    record_pairs("body", len(actors))
    assert not failures, "\n".join(failures)
