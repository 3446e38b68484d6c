"""A small known pipeline for org A (and a hire in org B that must never show up in A's numbers).

Org A, all applied 60 days ago ("T0"), moves in days after T0:
  Zoë O'Connor (LinkedIn, 4.5 y)     screening +2, interview +5, offer +10, hired +20
  José Álvarez (Referral, 8 y)       screening +4, interview +8, offer +12, hired +40
  Amélie Dubois (LinkedIn, 2 y)      screening +1, rejected +3
  Siobhán Ní Bhriain (LinkedIn, 5.5) screening +2, interview +6, offer +9, rejected +11 (offer declined)
  Mei-Ling O'Hara (Indeed, no experience given) still applied, for the Product Designer job
Jobs: Backend Engineer (Engineering, open 30 days), Product Designer (Product, open 10 days).
Interviews: Zoë with the recruiter and the hiring manager, José with the recruiter.
Scorecards: the recruiter's for Zoë (bias-flagged), the manager's for Zoë.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from recruiting import services
from recruiting.models import Application, Job, PipelineStage, RejectionReason, Scorecard, StageChange
from tests.factories import CandidateFactory, InterviewFactory, JobFactory, ScorecardFactory


@pytest.fixture(autouse=True)
def empty_metrics_cache():
    """Dashboard answers are cached per organization id, and ids repeat between tests."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class KnownPipeline:
    t0: object
    backend: Job
    designer: Job
    applications: dict


def _apply(job, first, last, source, experience, moves, t0, organization):
    candidate = CandidateFactory(
        organization=organization,
        first_name=first,
        last_name=last,
        email=f"{first.lower()}.{last.lower().replace(' ', '').replace(chr(39), '')}@example.com",
        source=source,
        experience_years=experience,
    )
    application = services.create_application(job=job, candidate=candidate, source=source)
    stages = {stage.key: stage for stage in PipelineStage.objects.for_org(organization)}
    skills_gap = RejectionReason.objects.for_org(organization).get(code="skills-gap")
    for key, _ in moves:
        application = services.move_application_to_stage(
            application=application,
            stage=stages[key],
            rejection_reason=skills_gap if key == "rejected" else None,
        )
    StageChange.objects.filter(application=application, from_stage__isnull=True).update(changed_at=t0)
    for key, days in moves:
        StageChange.objects.filter(application=application, to_stage=stages[key]).update(
            changed_at=t0 + timedelta(days=days)
        )
    last_move = t0 + timedelta(days=moves[-1][1]) if moves else t0
    Application.objects.filter(pk=application.pk).update(applied_at=t0, stage_changed_at=last_move)
    return Application.objects.get(pk=application.pk)


@pytest.fixture
def known_pipeline(org_a, org_b, recruiter_a, manager_a, admin_b):
    now = timezone.now()
    t0 = now - timedelta(days=60)
    backend = JobFactory(organization=org_a, title="Backend Engineer", department="Engineering")
    designer = JobFactory(organization=org_a, title="Product Designer", department="Product")
    Job.objects.filter(pk=backend.pk).update(created_at=now - timedelta(days=30))
    Job.objects.filter(pk=designer.pk).update(created_at=now - timedelta(days=10))
    apps = {
        "zoe": _apply(
            backend,
            "Zoë",
            "O'Connor",
            "LinkedIn",
            4.5,
            [("screening", 2), ("interview", 5), ("offer", 10), ("hired", 20)],
            t0,
            org_a,
        ),
        "jose": _apply(
            backend,
            "José",
            "Álvarez",
            "Referral",
            8,
            [("screening", 4), ("interview", 8), ("offer", 12), ("hired", 40)],
            t0,
            org_a,
        ),
        "amelie": _apply(backend, "Amélie", "Dubois", "LinkedIn", 2, [("screening", 1), ("rejected", 3)], t0, org_a),
        "siobhan": _apply(
            backend,
            "Siobhán",
            "Ní Bhriain",
            "LinkedIn",
            5.5,
            [("screening", 2), ("interview", 6), ("offer", 9), ("rejected", 11)],
            t0,
            org_a,
        ),
        "mei": _apply(designer, "Mei-Ling", "O'Hara", "Indeed", None, [], t0, org_a),
    }
    zoe_interview = InterviewFactory(
        application=apps["zoe"], interviewers=[recruiter_a, manager_a], scheduled_at=t0 + timedelta(days=6)
    )
    InterviewFactory(application=apps["jose"], interviewers=[recruiter_a], scheduled_at=t0 + timedelta(days=9))
    flagged = ScorecardFactory(
        interview=zoe_interview,
        interviewer=recruiter_a,
        feedback="Clear thinker; explained trade-offs in São Paulo's payments migration.",
    )
    ScorecardFactory(interview=zoe_interview, interviewer=manager_a, feedback="")
    Scorecard.objects.filter(pk=flagged.pk).update(bias_flags=[{"category": "age", "term": "young"}])
    Scorecard.objects.exclude(pk=flagged.pk).update(bias_flags=[])

    # Org B: a fast hire from the same source that would change every number if it leaked.
    job_b = JobFactory(organization=org_b, title="Backend Engineer", department="Engineering")
    _apply(
        job_b,
        "Zoë",
        "Bergström",
        "LinkedIn",
        30,
        [("screening", 1), ("interview", 1), ("offer", 1), ("hired", 1)],
        t0,
        org_b,
    )
    return KnownPipeline(t0, backend, designer, apps)
