"""Reads of the partner API: candidate pages for ATS pulls and scorecard exports, as plain JSON-ready dicts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ats.validation import CANDIDATE_FIELDS
from recruiting import duplicates
from recruiting.bias import check_bias
from recruiting.models import Candidate, Organization, Scorecard

# What partners push, plus id and timestamps; a pushed location reads back as the free text sent.
PARTNER_CANDIDATE_FIELDS = (
    "id",
    *CANDIDATE_FIELDS,
    "created_at",
    "updated_at",
)


def rfc3339(value: datetime | None) -> str | None:
    """A timestamp as partners read it: UTC with a `Z`."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def partner_candidate(values: dict[str, Any]) -> dict[str, Any]:
    """Shape a candidate for partners: RFC 3339 dates and list/object fields never null."""
    return {
        **values,
        "skills": values["skills"] or [],
        "education": values["education"] or [],
        "ats_data": values["ats_data"] or {},
        "created_at": rfc3339(values["created_at"]),
        "updated_at": rfc3339(values["updated_at"]),
    }


def candidate_as_partner_dict(candidate: Candidate) -> dict[str, Any]:
    return partner_candidate({name: getattr(candidate, name) for name in PARTNER_CANDIDATE_FIELDS})


def candidate_page(
    *, organization: Organization, page: int, page_size: int, updated_since: datetime | None
) -> tuple[int, list[dict[str, Any]]]:
    """One page of the organization's candidates, oldest change first, so pulls can resume by updated_at."""
    queryset = Candidate.objects.for_org(organization)
    if updated_since is not None:
        queryset = queryset.filter(updated_at__gte=updated_since)
    total = queryset.count()
    offset = (page - 1) * page_size
    rows = queryset.order_by("updated_at", "id").values(*PARTNER_CANDIDATE_FIELDS)[offset : offset + page_size]
    return total, [partner_candidate(row) for row in rows]


SCORE_CRITERIA = ("technical", "communication", "cultural_fit")


def _percent(rating: float | None) -> int | None:
    """Ratings are 1-5; partners receive 0-100 (1 -> 0, 3 -> 50, 5 -> 100)."""
    if rating is None:
        return None
    return round((min(5, max(1, rating)) - 1) * 25)


def scorecard_scores(ratings: dict[str, int]) -> dict[str, int | None]:
    scores = {criterion: _percent(ratings.get(criterion)) for criterion in SCORE_CRITERIA}
    values = [value for value in ratings.values() if isinstance(value, int | float)]
    overall = ratings.get("overall", sum(values) / len(values) if values else None)
    scores["overall"] = _percent(overall)
    return scores


def _partner_feedback(written: str) -> dict[str, Any]:
    report = check_bias(written)
    return {"feedback": report.sanitized_text, "bias_filtered": report.bias_filtered}


def scorecard_export(
    *,
    organization: Organization,
    candidate_external_id: str | None,
    submitted_from: datetime | None,
    submitted_to: datetime | None,
) -> list[dict[str, Any]]:
    """Scorecards with their sanitized feedback, filtered on when they were submitted."""
    queryset = Scorecard.objects.for_org(organization).select_related(
        "interviewer", "interview__application__candidate", "interview__application__job"
    )
    if candidate_external_id:
        named = duplicates.ids_answering_to_partner_id(organization=organization, external_id=candidate_external_id)
        queryset = queryset.filter(interview__application__candidate_id__in=named)
    if submitted_from is not None:
        queryset = queryset.filter(submitted_at__gte=submitted_from)
    if submitted_to is not None:
        queryset = queryset.filter(submitted_at__lte=submitted_to)
    return [
        {
            "candidate_external_id": scorecard.interview.application.candidate.external_id,
            "interview_date": rfc3339(scorecard.interview.scheduled_at),
            "position": scorecard.interview.application.job.title,
            "scores": scorecard_scores(scorecard.ratings),
            "recommendation": scorecard.recommendation,
            # Partners get the sanitized text, as the ATS integration scripts document, checked with today's rules on the words as written.
            **_partner_feedback(scorecard.original_feedback or scorecard.feedback),
            "recruiter_email": scorecard.interviewer.email,
            "submitted_at": rfc3339(scorecard.submitted_at),
        }
        for scorecard in queryset.order_by("submitted_at", "id")
    ]
