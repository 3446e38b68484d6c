"""Real data for the schema fuzz: schemathesis hooks that put the fuzzed organization's rows where a
request names one, so schema-valid requests reach the success paths and `positive_data_acceptance`
(ST202) reports what the API wrongly refuses, not ids that happen not to exist.

Used two ways: `make stress` starts `st run` with `SCHEMATHESIS_HOOKS=tests.fuzz_data` and
`FUZZ_DATA=<file>` (the JSON `collect()` wrote), and the in-suite fuzz
(tests/security/test_schema_fuzzing.py) imports this module and hands `use()` what `collect()` made.

For each schema-valid (positive) case, three in four get real data: an id of a row that exists
(applications, stage keys, templates, interviews, notes, jobs, resumes, users, notifications...)
where the path or body names one, a file of the type the upload expects, a webhook URL the outbound
guard accepts in that run, a fresh `external_id` and e-mail, an interview in the future, a period that
ends after it starts. The fourth keeps what schemathesis generated, so invalid data is still fuzzed:
every check applies to it except `positive_data_acceptance` (an id that does not exist is a 400 by
design), which `filter_failure` drops for those cases, marked by the `X-Fuzz-Data: generated` header.
Negative cases are left alone (filling them could make them valid).

The choice is made from the generated case's own contents (a CRC, not Python's salted `hash`), so a
seed reproduces the same requests. Rows a request deletes (a DELETE, a merge's duplicate, an erasure)
come from their own share of ids, which nothing else is given, so a later request never names a row
an earlier one removed.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import zlib
from datetime import UTC, date, datetime, timedelta
from typing import Any

import schemathesis

MARKER = "X-Fuzz-Data"
GENERATED = "generated"
REAL_SHARE = 4  # one case in REAL_SHARE keeps the generated data
SERIAL = itertools.count(1)  # schemathesis repeats a case: each one's external_id and e-mail are new

POOL: dict[str, Any] = {}

# The path segment before `{id}` names the rows the id is one of.
PATH_KINDS = {
    "applications": "application",
    "candidates": "candidate",
    "feedback": "feedback",
    "integrations": "integration",
    "webhooks": "webhook",
    "interviews": "interview",
    "jobs": "job",
    "match": "job",
    "notes": "note",
    "notifications": "notification",
    "rejection-reasons": "rejection_reason_id",
    "resumes": "resume_id",
    "scorecards": "scorecard",
    "stages": "stage_id",
    "files": "upload_uuid",
    "uploads": "upload",
    "users": "user",
}
# Body (and query) fields naming one row, and lists of rows.
FIELD_KINDS = {
    "candidate": "candidate",
    "candidate_id": "candidate",
    "job": "job",
    "job_id": "job",
    "application": "application",
    "interview": "interview",
    "email_template": "email_template",
    "user_id": "user",
    "stage": "stage",
    "rejection_reason": "rejection_reason",
    "resume_id": "resume",
    "integration_id": "integration",
    "actor": "user",
}
LIST_KINDS = {"job_ids": "job", "hiring_team": "user", "interviewers": "user", "ids": "notification"}
# Rows a request can remove (DELETE, erase), each kind's last third kept for those requests.
REMOVABLE_KINDS = {
    "application",
    "candidate",
    "feedback",
    "integration",
    "webhook",
    "interview",
    "job",
    "note",
    "scorecard",
    "upload",
    "user",
}
# Requests that remove the row their path names.
REMOVING = re.compile(r"^DELETE |/erase$")

CSV_IMPORT = (
    "external_id,first_name,last_name,email,phone,skills,experience_years\n"
    '{tag}-1,Zoë,O\'Connor,zoe.{tag}@example.com,+44 20 7946 0958,"Python; SQL",7\n'
    "{tag}-2,José,Álvarez,jose.{tag}@example.es,+55 11 98765-4321,Django,4.5\n"
    "{tag}-3,Anaïs,D'Arcy,,,,\n"
)
TEXT_RESUME = (
    "Amélie D'Arcy\namelie.darcy@example.com · +33 6 12 34 56 78 · Lyon, France\n\n"
    "Senior backend engineer, 7 years: Python, Django, PostgreSQL, Celery.\n"
)


def use(pool: dict[str, Any]) -> None:
    POOL.clear()
    POOL.update(pool)


if os.environ.get("FUZZ_DATA"):
    with open(os.environ["FUZZ_DATA"], encoding="utf-8") as handle:
        use(json.load(handle))


def collect(
    *, organization, admin, webhook_url: str, per_kind: int = 12, oauth_code: str | None = None
) -> dict[str, Any]:
    """Rows of every kind a request can name, created where the organization has none, as a JSON-able pool.

    Each id list keeps its last third for requests that remove a row (`<kind>:removable`). With
    `oauth_code` (a code the OAuth provider configured for google_calendar accepts, a local one in the
    tests), OAuth integrations connected with a refresh token, and a state issued to `admin` for each,
    are what the `/oauth/` operations name."""
    from datetime import timedelta as delta

    from django.utils import timezone

    from analytics import queries
    from integrations.models import Integration, Notification
    from integrations.providers import PROVIDERS
    from integrations.services.notifications import notify_user
    from integrations.services.webhooks import create_webhook
    from recruiting import models, services
    from recruiting.resumes import parse_document, store_document

    org = organization
    candidates = list(models.Candidate.objects.for_org(org).order_by("id")[: per_kind * 3])
    unapplied = models.Candidate.objects.for_org(org).exclude(applications__isnull=False).order_by("-id")
    # People to apply (6 per kind), duplicates to merge away (10 per kind) and people to delete or erase
    # (1 per kind, in no pipeline: removing them takes no application, interview or scorecard of the
    # pool with them), made where the demo has too few.
    for index in range(per_kind * 17 - unapplied.count()):
        services.create_candidate(
            organization=org,
            first_name=("Zoë", "José", "Anaïs", "Seán")[index % 4],
            last_name=("O'Connor", "Álvarez", "D'Arcy", "Ó Briain")[index % 4],
            email=f"fuzz.unapplied.{index}@example.com",
            source="fuzz",
        )
    applications = list(models.Application.objects.for_org(org).order_by("id")[: per_kind * 3])
    for index in range(per_kind - models.User.objects.filter(organization=org).exclude(pk=admin.pk).count()):
        services.create_user(
            organization=org,
            email=f"fuzz.recruiter.{index}@example.com",
            password=None,
            role=models.User.Role.RECRUITER,
        )
    if not models.EmailTemplate.objects.for_org(org).exists():
        for index in range(per_kind):
            models.EmailTemplate.objects.create(
                organization=org,
                name=f"Relance nº{index}",
                subject="Votre candidature — {{job_title}}",
                body="Bonjour {{first_name}},\n\nMerci pour l'entretien d'hier.",
            )
    if not models.Note.objects.for_org(org).exists():
        for application in applications[: per_kind * 2]:
            models.Note.objects.create(
                organization=org,
                candidate_id=application.candidate_id,
                application=application,
                author=admin,
                body="Strong on Django; asked about São Paulo relocation.",
            )
    for index in range(per_kind - Notification.objects.filter(user=admin).count()):
        notify_user(user=admin, type="fuzz.seeded", title=f"Rappel nº{index}", message="L'entretien est à 14 h.")
    if not models.Interview.objects.for_org(org).filter(status=models.Interview.Status.SCHEDULED).exists():
        for application in applications[: per_kind * 2]:
            services.schedule_interview(
                application=application, scheduled_at=timezone.now() + delta(days=7), interviewers=[admin]
            )
    if not models.Document.objects.for_org(org).filter(kind=models.Document.Kind.RESUME).exists():
        for candidate in candidates[:per_kind]:
            store_document(
                organization=org,
                data=TEXT_RESUME.encode(),
                filename="cv.txt",
                uploaded_by=admin,
                candidate=candidate,
                kind=models.Document.Kind.RESUME,
            )
    for document in models.Document.objects.for_org(org).filter(kind=models.Document.Kind.RESUME):
        if not document.is_parsed:  # a client accepts the fields of a parsed resume (the worker's job)
            parse_document(document_id=document.pk)
    if not models.Document.objects.for_org(org).filter(kind=models.Document.Kind.UPLOAD).exists():
        for index in range(per_kind):
            store_document(organization=org, data=TEXT_RESUME.encode(), filename=f"note-{index}.txt", uploaded_by=admin)
    if not Integration.objects.for_org(org).exists():
        for index in range(per_kind):
            Integration.objects.create(organization=org, name=f"Intégration {index}", provider="http")
    from integrations.models import Webhook
    from matching.models import MatchingProfile
    from matching.services import set_matching_profile

    if not MatchingProfile.objects.filter(user=admin).exists():  # JobSwipe's users set one before matching
        set_matching_profile(
            user=admin,
            skills=["Python", "Django", "PostgreSQL"],
            experience_years=6.5,
            preferred_locations=["Lyon, France", "São Paulo"],
            job_types=["full_time"],
        )

    if not Webhook.objects.for_org(org).exists():
        for index in range(per_kind):
            create_webhook(organization=org, name=f"Récepteur {index}", url=webhook_url, events=["candidate.created"])

    oauth_states = _connected_oauth_integrations(org, admin, per_kind) if oauth_code else {}

    def ids(queryset, field="id") -> list:
        return [value if isinstance(value, int) else str(value) for value in queryset.values_list(field, flat=True)]

    scheduled = models.Interview.objects.for_org(org).filter(status=models.Interview.Status.SCHEDULED)
    pool = {
        "candidate": [c.pk for c in candidates],
        "job": ids(models.Job.objects.for_org(org).order_by("id")),
        "application": [a.pk for a in applications],
        "application_pairs": [[a.pk, a.candidate_id, a.job_id] for a in applications],
        "candidate_unapplied": ids(unapplied[: per_kind * 6]),
        "candidate:duplicate": ids(unapplied[per_kind * 6 : per_kind * 16]),
        "stage": ids(models.PipelineStage.objects.for_org(org), "key"),
        "stage_id": ids(models.PipelineStage.objects.for_org(org)),
        "rejection_reason": ids(models.RejectionReason.objects.for_org(org).filter(archived_at=None), "code"),
        "rejection_reason_id": ids(models.RejectionReason.objects.for_org(org)),
        "email_template": ids(models.EmailTemplate.objects.for_org(org)),
        "interview": ids(scheduled.exclude(pk__in=models.Scorecard.objects.for_org(org).values("interview_id"))),
        "note": ids(models.Note.objects.for_org(org)),
        "notification": ids(Notification.objects.filter(user=admin)),
        "user": ids(
            models.User.objects.filter(organization=org, is_active=True, is_staff=False, is_superuser=False).exclude(
                pk=admin.pk
            )
        ),
        "resume": ids(models.Document.objects.for_org(org).filter(kind=models.Document.Kind.RESUME), "uuid"),
        "resume_id": ids(models.Document.objects.for_org(org).filter(kind=models.Document.Kind.RESUME)),
        "upload": ids(models.Document.objects.for_org(org).filter(kind=models.Document.Kind.UPLOAD)),
        "upload_uuid": ids(models.Document.objects.for_org(org).filter(kind=models.Document.Kind.UPLOAD), "uuid"),
        "integration": ids(Integration.objects.for_org(org)),
        "integration:oauth": list(oauth_states),
        "oauth_state": oauth_states,
        "oauth_code": oauth_code,
        "webhook": ids(Webhook.objects.for_org(org)),
        "scorecard": ids(models.Scorecard.objects.for_org(org)),
        "feedback": ids(models.Feedback.objects.for_org(org)),
        "auth_types": {key: list(provider.auth_types) for key, provider in PROVIDERS.items()},
        "metric_filters": {
            **{name: sorted(source.dimensions) for name, source in queries.METRICS.items()},
            "event:": sorted(queries.EVENT_DIMENSIONS),
        },
        "max_range_days": queries.MAX_RANGE_DAYS,
        "webhook_url": webhook_url,
    }
    for kind, values in list(pool.items()):
        if kind in REMOVABLE_KINDS and len(values) >= 3:
            cut = len(values) * 2 // 3
            pool[kind], pool[f"{kind}:removable"] = values[:cut], values[cut:]
    pool["application_pairs"] = [pair for pair in pool["application_pairs"] if pair[0] in pool["application"]]
    pool["candidate"], pool["candidate:removable"] = (
        [c.pk for c in candidates],
        ids(unapplied[per_kind * 16 : per_kind * 17]),
    )
    return pool


def _connected_oauth_integrations(org, admin, count: int) -> dict[str, str]:
    """OAuth integrations connected as a real admin would leave them (tokens, a refresh token), and for
    each a state issued to `admin` by the authorize step, which a callback must bring back."""
    from urllib.parse import parse_qs, urlsplit

    from integrations.models import Integration
    from integrations.services.integrations import create_integration
    from integrations.services.oauth import oauth_authorize_url

    states = {}
    for index in range(count):
        integration = create_integration(
            organization=org,
            created_by=admin,
            name=f"Agenda d'équipe {index}",
            provider="google_calendar",
            auth_type="oauth2",
            status=Integration.Status.ACTIVE,
        )
        integration.access_token, integration.refresh_token = "access-1", "refresh-1"
        integration.save()
        url = oauth_authorize_url(integration=integration, user=admin)
        states[str(integration.pk)] = parse_qs(urlsplit(url).query)["state"][0]
    return states


def _crc(case) -> int:
    return zlib.crc32(repr((case.method, case.path, case.path_parameters, case.query, case.body)).encode())


def _positive(case) -> bool:
    meta = case.meta  # unknown (None) is left alone: filling a negative case could make it valid
    return meta is not None and meta.generation.mode.is_positive


def _pick(rnd: random.Random, kind: str, default=None):
    values = POOL.get(kind) or []
    return rnd.choice(values) if values else default


def _fresh(kind: str, default=None):
    """A row no earlier request was given, while they last: a second scorecard for one interview, a
    second application of one person to one job are refused by design (schemathesis repeats cases)."""
    values = POOL.get(kind) or []
    return values[next(SERIAL) % len(values)] if values else default


def _files(path: str, tag: str, rnd: random.Random) -> bytes:
    if path.endswith("/import"):
        return CSV_IMPORT.format(tag=tag).encode()
    from tests.documents.corpus import PEOPLE, as_docx, as_pdf, as_text

    return rnd.choice((as_pdf, as_docx, as_text))(rnd.choice(PEOPLE))


def _fill_body(case, rnd: random.Random, tag: str) -> None:
    body, label = case.body, f"{case.method} {case.path}"
    if not isinstance(body, dict):
        if isinstance(body, list):
            for item in body:
                if isinstance(item, dict):
                    _fill_fields(item, rnd, tag, label)
        return
    for field, value in body.items():  # free-form objects and lists; text fields' patterns already exclude NUL
        if isinstance(value, dict | list):
            body[field] = _without_nul(value)
    if "file" in body and (case.media_type or "").startswith("multipart/"):
        body["file"] = _files(case.path, tag, rnd)
    _fill_fields(body, rnd, tag, label)
    for nested in ("candidates", "jobs"):  # bulk intake: a list of rows
        for item in body.get(nested) or [] if isinstance(body.get(nested), list) else []:
            if isinstance(item, dict):
                _fill_fields(item, rnd, tag + str(id(item) % 997), label)


def _fill_fields(body: dict, rnd: random.Random, tag: str, label: str) -> None:
    for field, kind in FIELD_KINDS.items():
        if field in body and isinstance(body[field], int | str | None) and (value := _pick(rnd, kind)) is not None:
            body[field] = str(value) if isinstance(body[field], str) and kind not in ("stage",) else value
    pairs = POOL.get("application_pairs") or []
    if "application" in body and "candidate" in body and pairs:
        body["application"], body["candidate"], _ = rnd.choice(pairs)
    _freshen(body, label, tag)
    if body.get("stage") == "rejected" and not body.get("rejection_reason"):  # a rejection names its reason
        body["rejection_reason"] = _pick(rnd, "rejection_reason", "")
    if isinstance(body.get("headers"), dict):  # a header's name follows RFC 9110, which OpenAPI 3.0 cannot say
        body["headers"] = {"X-Team": "recrutement"[: rnd.randint(1, 12)]} if body["headers"] else {}
    for field, kind in LIST_KINDS.items():
        if isinstance(body.get(field), list) and POOL.get(kind):
            count = min(max(len(body[field]), 1), len(POOL[kind]))
            body[field] = rnd.sample(POOL[kind], count)
    for field, url in (
        ("linkedin_url", "https://www.linkedin.com/in/amelie-darcy"),
        ("resume_url", "https://cv.example.com/amelie.pdf"),
    ):
        if isinstance(body.get(field), str) and "/candidates" in label:  # Django's URL rules are narrower than `uri`
            body[field] = url
    if isinstance(body.get("resume_url"), str) and label.rstrip("/").endswith("resume/parse") and POOL.get("resume"):
        body["resume_url"] = f"/api/v1/storage/files/{_pick(rnd, 'resume')}"  # the `file_url` the platform gave
    if isinstance(body.get("password"), str) and "/users" in label:
        # A password a person would choose: Django's validators refuse common, numeric and e-mail-like ones,
        # which the schema states in words (the common list has 20,000 entries).
        body["password"] = f"Clé-d'été-{tag}"
    if isinstance(body.get("metrics"), list):
        _only_filters_every_metric_has(body)
    for field in ("url", "webhook_url"):
        if field in body and POOL.get("webhook_url"):
            body[field] = POOL["webhook_url"]
    if "scheduled_at" in body:
        body["scheduled_at"] = (datetime.now(UTC) + timedelta(days=rnd.randint(1, 60))).isoformat()
    if "/interviews" in label and "status" in body:
        body["status"] = "scheduled"
    if "auth_type" in body or "provider" in body:
        provider = body.get("provider") if body.get("provider") in POOL.get("auth_types", {}) else "http"
        if provider in POOL.get("auth_types", {}):  # the pair a provider supports (a stored one may differ)
            body["provider"], body["auth_type"] = provider, rnd.choice(POOL["auth_types"][provider])
    _in_order(body, "start", "end")
    _in_order(body, "start_date", "end_date")
    _in_order(body, "salary_min", "salary_max")


def _freshen(body: dict, label: str, tag: str) -> None:
    """Values a row may have once (an external_id, an e-mail, a person's application to a job, a scorecard
    per interview, a merged duplicate), new on every send: schemathesis sends some cases more than once."""
    if re.search(r"^POST .*/applications$", label) and "candidate" in body:
        body["candidate"] = _fresh("candidate_unapplied", body["candidate"])
    if re.search(r"^POST .*/scorecards$", label) and "interview" in body:
        body["interview"] = _fresh("interview", body["interview"])
    if "duplicate_id" in body:
        body["duplicate_id"] = _fresh("candidate:duplicate", body["duplicate_id"])
    if "external_id" in body:
        body["external_id"] = f"fuzz-{tag}-{next(SERIAL)}"
    if "email" in body and ("/users" in label or "/candidates" in label):
        body["email"] = f"fuzz.{tag}.{next(SERIAL)}@example.com"


def _only_filters_every_metric_has(body: dict) -> None:
    """An analytics query groups and filters its metrics by dimensions they have (a rule across fields, in
    the request's description): a real client picks them so; the date range spans at most MAX_RANGE_DAYS."""
    names = [name for name in body["metrics"] if isinstance(name, str)]
    by_metric, max_days = POOL.get("metric_filters"), POOL.get("max_range_days")
    if not names or not by_metric:
        return
    # A name the platform does not compute counts product events (`event:<type>`, JobSwipe's any name).
    shared = set.intersection(*(set(by_metric.get(name, by_metric["event:"])) for name in names))
    if isinstance(body.get("dimensions"), list):  # and groups them by `date` and the dimensions they have
        body["dimensions"] = [name for name in body["dimensions"] if name == "date" or name in shared]
    filters = body["filters"] if isinstance(body.get("filters"), dict) else {}
    if "filters" in body:
        body["filters"] = {name: value for name, value in filters.items() if name == "date_range" or name in shared}
    period = filters.get("date_range")
    if isinstance(period, dict) and isinstance(period.get("start"), str) and isinstance(period.get("end"), str):
        try:
            start, end = date.fromisoformat(period["start"]), date.fromisoformat(period["end"])
        except ValueError:
            return
        start, end = min(start, end), max(start, end)
        longest = timedelta(days=max_days - 1)
        end = min(end, start + longest if start <= date.max - longest else date.max)
        period["start"], period["end"] = start.isoformat(), end.isoformat()


def _without_nul(value):
    """A free-form JSON value as a real client sends it: PostgreSQL's JSON cannot store NUL, which the
    fields' descriptions say and OpenAPI 3.0 cannot (no rule for the keys of a free-form object)."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, list):
        return [_without_nul(item) for item in value]
    if isinstance(value, dict):
        return {_without_nul(key): _without_nul(item) for key, item in value.items()}
    return value


def _in_order(values: dict, start: str, end: str) -> None:
    first, last = values.get(start), values.get(end)
    if type(first) is type(last) and isinstance(first, str | int) and first > last:
        values[start], values[end] = values[end], values[start]


def _fill_path(case, rnd: random.Random) -> None:
    segments = case.path.strip("/").split("/")
    removing = bool(REMOVING.search(f"{case.method} {case.path}"))
    for index, segment in enumerate(segments):
        match = re.fullmatch(r"\{(\w+)\}", segment)
        if not match or index == 0 or match.group(1) not in (case.path_parameters or {}):
            continue
        name = match.group(1)
        kind = {"candidate_id": "candidate", "job_id": "job", "user_id": "user"}.get(name) or PATH_KINDS.get(
            segments[index - 1]
        )
        if kind is None:
            continue
        if removing and index == len(segments) - (2 if segments[-1] == "erase" else 1):
            kind = f"{kind}:removable"
        if (value := _pick(rnd, kind)) is not None:
            case.path_parameters[name] = value


def fill(case):
    """The case with the organization's rows where it names one (three in four positive cases)."""
    if not POOL or not _positive(case) or (case.headers or {}).get(MARKER):
        return case
    crc = _crc(case)
    if crc % REAL_SHARE == 0:
        case.headers = {**(case.headers or {}), MARKER: GENERATED}
        return case
    rnd, tag = random.Random(crc), f"{crc:08x}"
    _fill_path(case, rnd)
    if isinstance(case.query, dict):
        _fill_fields(case.query, rnd, tag, f"{case.method} {case.path}")
    _fill_body(case, rnd, tag)
    if re.search(r"^(PUT|PATCH) .*/applications/\{id\}$", f"{case.method} {case.path}") and isinstance(case.body, dict):
        pair = next((p for p in POOL.get("application_pairs", []) if p[0] == case.path_parameters.get("id")), None)
        if pair and ("candidate" in case.body or "job" in case.body):  # its own person and job: they are unique
            case.body.update({"candidate": pair[1], "job": pair[2]})
    case.headers = {**(case.headers or {}), MARKER: "real"}
    return case


def _oauth_integration(case) -> None:
    """Authorize, callback and refresh need an OAuth provider's integration: one of the pool's, whichever
    integration generation or the stateful phase's links put in the path."""
    oauth, parameters = POOL.get("integration:oauth") or [], case.path_parameters or {}
    if "/oauth/" in case.path and oauth and "id" in parameters and str(parameters["id"]) not in oauth:
        parameters["id"] = oauth[_crc(case) % len(oauth)]


def _oauth_callback(case) -> None:
    """A callback as the provider's redirect brings it: the code it issued and the state we issued.

    The schema also allows `error` instead (the person declined at the provider): refusing that is the
    callback's job, so a real-data callback carries the success path's code and state."""
    state = (POOL.get("oauth_state") or {}).get(str((case.path_parameters or {}).get("id")))
    if not state or not re.search(r"/oauth/callback/?$", case.path):
        return
    for values in (case.body, case.query):
        if isinstance(values, dict) and {"code", "state", "error"} & values.keys():
            values.pop("error", None)
            values.pop("error_description", None)
            values.update(code=POOL["oauth_code"], state=state)


@schemathesis.hook
def map_case(context, case):
    return fill(case)


@schemathesis.hook
def before_call(context, case, kwargs):
    """A real-data case sent again (schemathesis replays some) gets fresh one-of-a-kind values, as a new
    request from a real client would; an OAuth step the stateful phase pointed at an integration its
    links found (any provider) goes to an OAuth integration again, with that one's state."""
    if (case.headers or {}).get(MARKER) != "real":
        return
    _oauth_integration(case)
    _oauth_callback(case)
    if not isinstance(case.body, dict):
        return
    label, tag = f"{case.method} {case.path}", f"{_crc(case):08x}"
    _freshen(case.body, label, tag)
    for nested in ("candidates", "jobs"):
        for item in case.body.get(nested) if isinstance(case.body.get(nested), list) else []:
            if isinstance(item, dict):
                _freshen(item, label, tag + str(id(item) % 997))


@schemathesis.hook
def filter_failure(context, failure, case, response) -> bool:
    """A generated id that does not exist is refused by design: ST202 is judged on real-data cases only."""
    generated = (case.headers or {}).get(MARKER) == GENERATED
    if generated and type(failure).__name__ == "RejectedPositiveData":
        return False
    # A multipart form carries text only: a generated boolean `true` arrives as the string "true", which a
    # text field rightly accepts; schemathesis calls that a type violation accepted.
    # And a value that breaks one branch of a `oneOf` (text, or blank) while it fits the other is valid.
    multipart = (case.media_type or "").startswith("multipart/")
    message = str(getattr(failure, "message", "")) + str(failure)
    return not (multipart and ("violates `type`" in message or "/oneOf/" in message))
