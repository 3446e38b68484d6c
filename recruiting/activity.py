"""The candidate timeline's one writer for what no other row records (see `CandidateActivity`)."""

from __future__ import annotations

from recruiting.models import Candidate, CandidateActivity, Interview, Organization, User


def record_activity(
    *,
    candidate: Candidate | int,
    organization: Organization,
    kind: str,
    summary: str,
    actor: User | None = None,
    detail: str = "",
    interview: Interview | None = None,
) -> CandidateActivity:
    """Write one timeline line for a candidate (what no other row records)."""
    actor = actor if actor is not None and getattr(actor, "is_authenticated", False) else None
    return CandidateActivity.objects.create(
        organization=organization,
        candidate_id=candidate if isinstance(candidate, int) else candidate.pk,
        actor=actor,
        kind=kind,
        summary=summary[:500],
        detail=detail,
        interview=interview,
        interview_at=interview.scheduled_at if interview is not None else None,
    )
