"""A person's data on request: everything held about a candidate exported, or the person erased.

Erasure anonymises the person and keeps the non-personal facts reporting needs (stages and their
dates, scores and recommendations, source, skills). Other apps hold copies of the person's data
(queued webhook payloads, notifications): each registers a handler here from its AppConfig.ready,
so the core reaches them without importing them. Both actions write an audit entry without the
personal data.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet
from django.forms.models import model_to_dict
from django.utils import timezone

from recruiting import documents
from recruiting.audit import record_audit
from recruiting.models import (
    Application,
    Candidate,
    CandidateActivity,
    Document,
    Feedback,
    Interview,
    Note,
    OutboxEvent,
    PipelineStage,
    Scorecard,
    StageChange,
    User,
)

ERASED = "[erased]"


@dataclass(frozen=True)
class Person:
    """What identifies the person in free text and payloads elsewhere: the strings to look for."""

    candidate_id: int
    organization_id: int
    strings: tuple[str, ...]

    def appears_in(self, text: str) -> bool:
        """Whether `text` holds one of the strings as whole words ("Ana" is not in "Banana")."""
        return any(re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text, re.IGNORECASE) for value in self.strings)


# Another app's erasure of its copies: called inside the erasure's transaction with the person.
ErasureHandler = Callable[[Person], None]
ERASURE_HANDLERS: list[ErasureHandler] = []


def register_erasure_handler(handler: ErasureHandler) -> None:
    if handler not in ERASURE_HANDLERS:
        ERASURE_HANDLERS.append(handler)


def _row(instance, exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    data = model_to_dict(instance, exclude=["organization", *exclude])
    data["id"] = instance.pk
    for name in ("created_at", "updated_at", "applied_at", "changed_at", "submitted_at"):
        if hasattr(instance, name):
            data[name] = getattr(instance, name)
    return data


def export_candidate(*, candidate: Candidate, actor: User | None, ip_address: str | None = None) -> dict[str, Any]:
    """Everything held about the person, as JSON-ready data; the export is audited."""
    applications = Application.objects.filter(candidate=candidate).select_related("job", "stage")
    interviews = Interview.objects.filter(application__candidate=candidate)
    export = {
        "exported_at": timezone.now(),
        "candidate": _row(candidate, exclude=("skill_keys",)),
        "applications": [{**_row(app), "job_title": app.job.title, "stage": app.stage.key} for app in applications],
        "stage_history": [_row(change) for change in StageChange.objects.filter(application__candidate=candidate)],
        "interviews": [_row(interview) for interview in interviews],
        "scorecards": [_row(card) for card in Scorecard.objects.filter(interview__in=interviews)],
        "feedback": [_row(item) for item in Feedback.objects.filter(candidate=candidate)],
        "notes": [_row(note) for note in Note.objects.filter(candidate=candidate)],
        "activity": [_row(row) for row in CandidateActivity.objects.filter(candidate=candidate)],
        "files": [
            {**_row(document, exclude=("stored_name",)), "uuid": str(document.uuid)}
            for document in Document.objects.filter(candidate=candidate)
        ],
    }
    _audit(candidate, actor, "candidate.exported", ip_address)
    return json.loads(json.dumps(export, default=str))


def _audit(candidate: Candidate, actor: User | None, action: str, ip_address: str | None) -> None:
    record_audit(
        organization=candidate.organization,
        actor=actor,
        action=action,
        target_type="candidate",
        target_id=candidate.pk,
        ip_address=ip_address,
    )


def _person(candidate: Candidate) -> Person:
    strings = [
        candidate.email,
        candidate.phone,
        candidate.linkedin_url,
        candidate.resume_url,
        candidate.full_name,
        f"{candidate.last_name}, {candidate.first_name}",
        candidate.first_name,
        candidate.last_name,
        candidate.location,
    ]
    return Person(
        candidate_id=candidate.pk,
        organization_id=candidate.organization_id,
        strings=tuple(value for value in strings if value and len(value.strip()) >= 3),
    )


def scrub_json(value: Any, person: Person) -> Any:
    """The value with every string that names the person replaced by ERASED."""
    if isinstance(value, dict):
        return {key: scrub_json(item, person) for key, item in value.items()}
    if isinstance(value, list):
        return [scrub_json(item, person) for item in value]
    if isinstance(value, str) and person.appears_in(value):
        return ERASED
    return value


@transaction.atomic
def erase_candidate(
    *, candidate: Candidate, actor: User | None, ip_address: str | None = None, reason: str = "request"
) -> Candidate:
    """Anonymise the person everywhere the platform holds them; keep the facts reporting needs.

    `reason` is "request" (someone asked) or "retention" (kept past the retention period).
    """
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    person = _person(candidate)
    stored_names = list(Document.objects.filter(candidate=candidate).values_list("stored_name", flat=True))
    Document.objects.filter(candidate=candidate).delete()
    transaction.on_commit(lambda: [documents.delete_stored(name) for name in stored_names])
    Note.objects.filter(candidate=candidate).update(body=ERASED)
    # Timeline lines keep what happened and when; the words that name the person, and e-mail bodies, go.
    CandidateActivity.objects.filter(candidate=candidate).update(detail="")
    for row in CandidateActivity.objects.filter(candidate=candidate):
        if person.appears_in(row.summary):
            CandidateActivity.objects.filter(pk=row.pk).update(summary=f"{row.get_kind_display()} ({ERASED})")
    Feedback.objects.filter(candidate=candidate).update(text=ERASED, original_text="", bias_flags=[], reviewer="")
    Scorecard.objects.filter(interview__application__candidate=candidate).update(
        feedback="", original_feedback="", bias_flags=[]
    )
    Interview.objects.filter(application__candidate=candidate).update(location="")
    StageChange.objects.filter(application__candidate=candidate).update(reason="")
    Application.objects.filter(candidate=candidate).update(rejection_note="")
    for event in OutboxEvent.objects.filter(organization_id=person.organization_id):
        scrubbed = scrub_json(event.data, person)
        if scrubbed != event.data:
            OutboxEvent.objects.filter(pk=event.pk).update(data=scrubbed)
    Candidate.objects.filter(pk=candidate.pk).update(
        first_name="Erased",
        last_name="Candidate",
        email=f"erased-{candidate.pk}{ERASED_EMAIL_DOMAIN}",
        phone="",
        location="",
        linkedin_url="",
        resume_url="",
        education=[],
        ats_data={},
        email_key="",
        phone_key="",
        linkedin_key="",
        updated_at=timezone.now(),
    )
    for handler in ERASURE_HANDLERS:
        handler(person)
    _audit(candidate, actor, "candidate.erased" if reason == "request" else f"candidate.erased_{reason}", ip_address)
    return Candidate.objects.get(pk=candidate.pk)


ERASED_EMAIL_DOMAIN = "@erased.invalid"


def rejected_candidates_past_retention(*, now=None) -> QuerySet[Candidate]:
    """Candidates every application of whom was rejected, the last rejection older than the retention period.

    Candidates never put in a pipeline, or still active in one, are kept; so are ones already erased.
    """
    days = settings.RETENTION_REJECTED_CANDIDATES_DAYS
    if not days:
        return Candidate.objects.none()
    cutoff = (now or timezone.now()) - timedelta(days=days)
    return (
        Candidate.objects.annotate(
            open_applications=Count("applications", filter=~Q(applications__stage__kind=PipelineStage.Kind.REJECTED)),
            last_move=Max("applications__stage_changed_at"),
            applications_count=Count("applications"),
        )
        .filter(applications_count__gt=0, open_applications=0, last_move__lt=cutoff)
        .exclude(email__endswith=ERASED_EMAIL_DOMAIN)
    )


def erase_rejected_past_retention(*, now=None, limit: int = 500) -> int:
    """Anonymise up to `limit` rejected candidates kept past the retention period; each in its own transaction."""
    erased = 0
    for candidate_id in rejected_candidates_past_retention(now=now).values_list("pk", flat=True)[:limit]:
        with transaction.atomic():
            candidate = Candidate.objects.filter(pk=candidate_id).first()
            if candidate is None:
                continue
            erase_candidate(candidate=candidate, actor=None, reason="retention")
            erased += 1
    return erased
