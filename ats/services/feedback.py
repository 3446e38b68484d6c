"""Feedback partners send about a candidate they pushed."""

from __future__ import annotations

from decimal import Decimal

from ats.models import PartnerIntegration
from recruiting import duplicates
from recruiting import services as recruiting_services
from recruiting.errors import NotFoundError
from recruiting.models import Candidate, Feedback


def find_partner_candidate(*, integration: PartnerIntegration, external_id: str) -> Candidate | None:
    """The candidate this integration pushed with `external_id`, else the organization's only one with it."""
    scoped = Candidate.objects.for_org(integration.organization).filter(external_id=external_id)
    own = scoped.filter(source=integration.candidate_source).first()
    if own is not None:
        return own
    matches = list(scoped[:2])
    if len(matches) == 1:
        return matches[0]
    if not matches:
        # A record merged into another: its partner id leads to the kept one.
        return duplicates.redirected_partner_id(organization=integration.organization, external_id=external_id)
    return None


def add_partner_feedback(
    *,
    integration: PartnerIntegration,
    candidate_external_id: str,
    text: str,
    rating: Decimal | None,
    reviewer: str,
    source: str,
) -> Feedback:
    candidate = find_partner_candidate(integration=integration, external_id=candidate_external_id)
    if candidate is None:
        raise NotFoundError("Candidate not found")
    return recruiting_services.add_feedback(
        candidate=candidate, text=text, rating=rating, reviewer=reviewer, source=source or integration.name
    )
