"""Reads of the partner API: candidate pages for ATS pulls and scorecard exports, as plain JSON-ready dicts."""

from __future__ import annotations

from base64 import urlsafe_b64decode, urlsafe_b64encode
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db.models import F, QuerySet
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan

from ats.validation import CANDIDATE_FIELDS
from recruiting import duplicates, shared_cache
from recruiting.bias import check_bias
from recruiting.counting import cheap_count
from recruiting.errors import DomainError
from recruiting.json_rows import JsonRow, RawJSON, json_array, renders_in_database
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


@dataclass(frozen=True)
class CandidatePage:
    total: int
    total_is_estimate: bool
    candidates: list[dict[str, Any]] | RawJSON  # RawJSON: the page rendered by PostgreSQL
    next_cursor: str | None


# Where page N of a pull starts, remembered when page N-1 is served: a partner walking the pages
# of a pull reads each one by seeking the index from there, so page 1,000 costs what page 1 does.
PAGE_START_SECONDS = 600


def encode_cursor(updated_at: datetime, candidate_id: int) -> str:
    return urlsafe_b64encode(f"{updated_at.isoformat()}|{candidate_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    try:
        text = urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        moment, candidate_id = text.rsplit("|", 1)
        updated_at = datetime.fromisoformat(moment)
        if updated_at.tzinfo is None:
            raise ValueError(moment)
        return updated_at, int(candidate_id)
    except (ValueError, UnicodeDecodeError) as error:
        raise DomainError(
            "cursor is not one this API gave out; use next_cursor from a previous page.",
            code="INVALID_CURSOR",
            field="cursor",
        ) from error


def _after(queryset: QuerySet, position: tuple[datetime, int]) -> QuerySet:
    """Rows after `position` in (updated_at, id) order, as one row comparison the index seeks to.

    `updated_at >= t AND NOT (updated_at = t AND id <= n)` seeks to `t` only, then reads and drops
    every row of `t` before `n`: a bulk intake writes up to 1,000 rows with one `updated_at`, and a
    page starting inside them read ~1,000 heap rows (1.0-1.4 ms) where `(updated_at, id) > (t, n)`
    reads the page's 50 (0.45-0.66 ms, EXPLAIN ANALYZE at 100,000 candidates). SQLite gets Django's
    equivalent OR form."""
    return queryset.filter(TupleGreaterThan(Tuple(F("updated_at"), F("id")), tuple(position)))


def _page_start_key(organization: Organization, updated_since: datetime | None, page_size: int, page: int) -> str:
    since = updated_since.isoformat() if updated_since else "-"
    return f"ats:pull:{organization.pk}:{since}:{page_size}:{page}"


def _page_start(
    ordered: QuerySet, *, organization: Organization, updated_since: datetime | None, page: int, page_size: int
) -> tuple[datetime, int] | None | bool:
    """Where `page` starts: None for the first page, False past the end, else the last row before it."""
    if page == 1:
        return None
    key = _page_start_key(organization, updated_since, page_size, page)
    remembered = shared_cache.get(key)
    if remembered is not None:
        return remembered
    # Not walked to: skip over the index alone (no rows read) to the row before the page, and remember
    # where it starts as a walked page's start is remembered, so asking for it again (a retry, another
    # worker of the same partner) seeks instead of skipping.
    offset = (page - 1) * page_size
    before = ordered.values_list("updated_at", "id")[offset - 1 : offset]
    if not before:
        return False
    shared_cache.set(key, before[0], PAGE_START_SECONDS)
    return before[0]


def candidate_page(
    *,
    organization: Organization,
    page: int,
    page_size: int,
    updated_since: datetime | None,
    cursor: str | None = None,
) -> CandidatePage:
    """One page of the organization's candidates, oldest change first, so pulls can resume by updated_at.

    Pages are keyset reads on (organization, updated_at, id): by `cursor` (the previous page's
    `next_cursor`), or by page number from where the previous page ended.
    """
    queryset = Candidate.objects.for_org(organization)
    if updated_since is not None:
        queryset = queryset.filter(updated_at__gte=updated_since)
    total, total_is_estimate = cheap_count(queryset)
    ordered = queryset.order_by("updated_at", "id")
    if cursor:
        start = decode_cursor(cursor)
    else:
        start = _page_start(
            ordered, organization=organization, updated_since=updated_since, page=page, page_size=page_size
        )
    page_rows = ordered if start is None or start is False else _after(ordered, start)
    if start is False:
        rows, candidates = [], []
    elif renders_in_database(queryset.db):
        # Each row rendered as JSON by PostgreSQL beside its position; the same JSON partner_candidate writes.
        rendered = list(
            page_rows.values_list(JsonRow(Candidate, PARTNER_CANDIDATE_FIELDS), "updated_at", "id")[:page_size]
        )
        rows = [{"updated_at": updated_at, "id": candidate_id} for _row, updated_at, candidate_id in rendered]
        candidates = json_array(row for row, _updated_at, _id in rendered)
    else:
        rows = list(page_rows.values(*PARTNER_CANDIDATE_FIELDS)[:page_size])
        candidates = [partner_candidate(row) for row in rows]
    next_cursor = None
    if len(rows) == page_size:
        end = (rows[-1]["updated_at"], rows[-1]["id"])
        next_cursor = encode_cursor(*end)
        if not cursor:
            shared_cache.set(_page_start_key(organization, updated_since, page_size, page + 1), end, PAGE_START_SECONDS)
    return CandidatePage(
        total=total,
        total_is_estimate=total_is_estimate,
        candidates=candidates,
        next_cursor=next_cursor,
    )


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
