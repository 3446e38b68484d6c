"""Ranking candidates for a job and jobs for a candidate, each match explaining itself.

Every process (each gunicorn worker) keeps one `CandidateIndex` per organization and brings it
up to date before each ranking instead of rebuilding it:
1. rows with `updated_at >= last check - MATCHING_INDEX_LOOKBACK_SECONDS` are re-read (every
   candidate write path bumps `updated_at`; the look-back covers transactions that committed
   a little after they stamped the row) and applied if their version changed;
2. deletions are read from the tombstones a database trigger writes (`CandidateDeletion`);
3. a full (id, updated_at) comparison runs every MATCHING_INDEX_RECONCILE_SECONDS as a safety net.
So a write made through any process is in the next ranking of every process.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from matching import scoring, selectors
from matching.index import CandidateFilter, CandidateIndex, JobQuery, version_of
from matching.models import CandidateDeletion, MatchingProfile
from matching.scoring import LOCATION_PLACE, LOCATION_REMOTE, LOCATION_UNKNOWN, Place, parse_location
from recruiting.models import Candidate, Job, Organization
from recruiting.skills import resolve_skills, resolve_with_spellings, taxonomy
from recruiting.timeline import a_or_an

ID_BATCH = 5000


def algorithm_version() -> str:
    return f"{scoring.ALGORITHM_VERSION}+taxonomy.{taxonomy().version}"


@dataclass
class MatchRanking:
    matches: list[dict[str, Any]]
    candidates_processed: int
    algorithm_version: str
    processing_time_ms: float


# --- the job as the scorer sees it ------------------------------------------------------------
@dataclass(frozen=True)
class JobProfile:
    query: JobQuery
    # The job's own wording for each canonical id, so explanations speak the recruiter's words.
    spelling: dict[str, str]
    location: str


def job_profile(job: Job | dict[str, Any]) -> JobProfile:
    values = job if isinstance(job, dict) else {name: getattr(job, name) for name in selectors.JOB_FIELDS}
    required_ids = list(values["required_skill_ids"] or [])
    nice_ids = list(values["nice_to_have_skill_ids"] or [])
    if not required_ids and values["required_skills"]:
        # A job written by a bulk path that skipped Job.set_skills: resolve its few skills here.
        required_ids = resolve_skills(values["required_skills"])
    if not nice_ids and values["nice_to_have_skills"]:
        nice_ids = [skill for skill in resolve_skills(values["nice_to_have_skills"]) if skill not in required_ids]
    spelling = {
        skill_id: text
        for skill_id, text in reversed(
            resolve_with_spellings([*values["required_skills"], *values["nice_to_have_skills"]])
        )
    }
    return JobProfile(
        query=JobQuery(
            required_skill_ids=tuple(required_ids),
            nice_to_have_skill_ids=tuple(nice_ids),
            experience_level=values["experience_level"],
            remote_policy=values["remote_policy"],
            place=parse_location(values["location"]),
        ),
        spelling=spelling,
        location=values["location"],
    )


# --- explaining one match ---------------------------------------------------------------------
def explain_match(profile: JobProfile, candidate: dict[str, Any]) -> dict[str, Any]:
    """Score one candidate for one job with the index's formula and say why."""
    query = profile.query
    has = set(candidate["skill_ids"] or [])
    matched = [skill for skill in query.required_skill_ids if skill in has]
    missing = [skill for skill in query.required_skill_ids if skill not in has]
    nice = [skill for skill in query.nice_to_have_skill_ids if skill in has]
    years = candidate["experience_years"]
    place = parse_location(candidate["location"])
    parts = {
        "required": scoring.coverage(np.array([len(matched)]), len(query.required_skill_ids)),
        "nice": scoring.coverage(np.array([len(nice)]), len(query.nice_to_have_skill_ids)),
        "experience": scoring.experience_match(np.array([np.nan if years is None else years]), query.experience_level),
        "location": scoring.location_match(
            remote_policy=query.remote_policy,
            job_place=query.place,
            kinds=np.array([place.kind]),
            same_city=np.array([place.city == query.place.city]),
            same_region=np.array([place.region == query.place.region]),
        ),
        "seniority": scoring.seniority_match(
            np.array([scoring.seniority_rank(candidate["seniority"], years)]), query.experience_level
        ),
    }
    score = float(scoring.combine(**parts)[0])
    strength = scoring.recommendation_strength(score)
    name_of = profile.spelling.get
    names = {skill: name_of(skill) or taxonomy().name_of(skill) for skill in (*matched, *missing, *nice)}
    return {
        "score": score,
        "skills_match": round(float(parts["required"][0]), 1),
        "experience_match": round(float(parts["experience"][0]), 1),
        "location_match": round(float(parts["location"][0]), 1),
        "matched_skills": [names[skill] for skill in matched],
        "missing_skills": [names[skill] for skill in missing],
        "nice_to_have_matched": [names[skill] for skill in nice],
        "reasoning": _reasoning(
            strength,
            profile,
            matched=[names[s] for s in matched],
            missing=[names[s] for s in missing],
            nice=[names[s] for s in nice],
            years=years,
            place=place,
            candidate_location=candidate["location"],
        ),
        "recommendation_strength": strength,
    }


def _reasoning(strength, profile, *, matched, missing, nice, years, place: Place, candidate_location) -> str:
    query = profile.query
    total = len(query.required_skill_ids)
    if total == 0:
        skills = "the job lists no required skills"
    elif not missing:
        skills = f"has all {total} required skills ({', '.join(matched)})"
    elif not matched:
        skills = f"has none of the {total} required skills (missing {', '.join(missing)})"
    else:
        skills = f"has {len(matched)} of {total} required skills (missing {', '.join(missing)})"
    if nice:
        skills += f" and {len(nice)} of {len(query.nice_to_have_skill_ids)} nice-to-haves ({', '.join(nice)})"
    level = query.experience_level
    expected = scoring.MIN_YEARS_BY_LEVEL.get(level, 0)
    if years is None:
        experience = "experience not stated"
    else:
        unit = "year" if years == 1 else "years"
        experience = f"{years:g} {unit} of experience for a {level} role ({expected:g}+ expected)"
    if query.remote_policy == "remote":
        location = "the role is remote"
    elif query.place.kind != LOCATION_PLACE:
        location = "the job names no location"
    elif place.kind == LOCATION_UNKNOWN:
        location = "location not stated"
    elif place.kind == LOCATION_REMOTE:
        policy = Job.RemotePolicy(query.remote_policy).label.lower()
        location = f"wants remote work for {a_or_an(policy)} role in {profile.location}"
    elif place.city == query.place.city:
        location = f"based in {candidate_location}"
    elif place.region == query.place.region:
        location = f"based in {candidate_location}, same region as the job"
    else:
        location = f"based in {candidate_location}, not {profile.location}"
    return f"{strength.capitalize()} match: {skills}; {experience}; {location}."


# --- the per-process index registry ------------------------------------------------------------
@dataclass
class _IndexEntry:
    index: CandidateIndex
    checked_at: datetime
    reconciled_at: datetime
    fresh: bool = True
    lock: threading.Lock = field(default_factory=threading.Lock)


def build_candidate_index(*, organization: Organization) -> CandidateIndex:
    """Build an organization's index from the database."""
    return CandidateIndex.from_columns(selectors.candidate_index_columns(organization=organization))


class IndexRegistry:
    """The indexes one process keeps, one per organization, least recently used dropped first."""

    def __init__(self) -> None:
        self._entries: OrderedDict[int, _IndexEntry] = OrderedDict()
        self._lock = threading.Lock()

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def with_fresh_index(self, organization: Organization, work):
        """Run `work(index)` on the organization's index, brought up to date first, under its lock."""
        entry = self._entry_for(organization)
        with entry.lock:
            self._refresh(entry, organization)
            return work(entry.index)

    def _entry_for(self, organization: Organization) -> _IndexEntry:
        with self._lock:
            entry = self._entries.get(organization.pk)
            if entry is not None:
                self._entries.move_to_end(organization.pk)
                return entry
            now = timezone.now()
            entry = self._entries[organization.pk] = _IndexEntry(CandidateIndex(), now, now)
            while len(self._entries) > settings.MATCHING_INDEX_MAX_ORGANIZATIONS:
                self._entries.popitem(last=False)
            return entry

    def _refresh(self, entry: _IndexEntry, organization: Organization) -> None:
        now = timezone.now()
        if entry.fresh:
            entry.index = build_candidate_index(organization=organization)
            entry.checked_at = entry.reconciled_at = now
            entry.fresh = False
            return
        since = entry.checked_at - timedelta(seconds=settings.MATCHING_INDEX_LOOKBACK_SECONDS)
        changed, deleted = selectors.index_changes(organization=organization, since=since)
        entry.index.apply(changed)
        entry.index.remove(deleted)
        if now - entry.reconciled_at >= timedelta(seconds=settings.MATCHING_INDEX_RECONCILE_SECONDS):
            _reconcile(entry.index, organization)
            entry.reconciled_at = now
        entry.checked_at = now


def _reconcile(index: CandidateIndex, organization: Organization) -> None:
    """Make the index equal the database using only (id, updated_at) of every candidate."""
    indexed_pks, indexed_versions = index.versions()
    indexed = dict(zip(indexed_pks.tolist(), indexed_versions.tolist(), strict=True))
    stale: list[int] = []
    present: set[int] = set()
    for pk, updated_at in selectors.candidate_versions(organization=organization):
        present.add(pk)
        if indexed.get(pk) != version_of(updated_at):
            stale.append(pk)
    index.remove([pk for pk in indexed if pk not in present])
    for start in range(0, len(stale), ID_BATCH):
        index.apply(selectors.candidate_index_columns(organization=organization, ids=stale[start : start + ID_BATCH]))


def purge_candidate_deletions(*, older_than: timedelta | None = None) -> int:
    """Delete tombstones no process still needs: older than any process's look-back can reach."""
    older_than = older_than or timedelta(
        seconds=2 * settings.MATCHING_INDEX_RECONCILE_SECONDS + settings.MATCHING_INDEX_LOOKBACK_SECONDS
    )
    deleted, _ = CandidateDeletion.objects.filter(deleted_at__lt=timezone.now() - older_than).delete()
    return deleted


@dataclass(frozen=True)
class SkillIdRefresh:
    candidates_changed: int
    jobs_changed: int


def refresh_skill_ids(*, batch_size: int = 2000) -> SkillIdRefresh:
    """Re-resolve stored skill ids with the current taxonomy; changed candidates get a new `updated_at`
    so every process's index picks them up as ordinary updates."""
    candidates_changed = 0
    batch: list[Candidate] = []
    fields = [*Candidate.SKILL_FIELDS, "updated_at"]
    for candidate in Candidate.objects.only("id", *Candidate.SKILL_FIELDS).order_by("pk").iterator(batch_size):
        before = candidate.skill_ids
        candidate.set_skills(candidate.skills or [])
        if candidate.skill_ids != before:
            candidate.updated_at = timezone.now()
            batch.append(candidate)
        if len(batch) >= batch_size:
            candidates_changed += Candidate.objects.bulk_update(batch, fields)
            batch = []
    candidates_changed += Candidate.objects.bulk_update(batch, fields) if batch else 0
    jobs: list[Job] = []
    for job in Job.objects.order_by("pk"):
        before = (job.required_skill_ids, job.nice_to_have_skill_ids)
        job.set_skills()
        if (job.required_skill_ids, job.nice_to_have_skill_ids) != before:
            jobs.append(job)
    jobs_changed = Job.objects.bulk_update(jobs, list(Job.SKILL_FIELDS), batch_size=batch_size) if jobs else 0
    return SkillIdRefresh(candidates_changed=candidates_changed, jobs_changed=jobs_changed)


# This process's indexes (each gunicorn worker has its own and keeps it fresh the same way).
indexes = IndexRegistry()


def forget_candidate_indexes() -> None:
    """Drop every cached index of this process (tests, and after a taxonomy change)."""
    indexes.clear()


@dataclass(frozen=True)
class WarmedIndexes:
    organizations: int
    candidates: int
    seconds: float


def warm_indexes(*, organizations: int | None = None) -> WarmedIndexes:
    """Build this process's indexes of the organizations with the most candidates, so their first
    ranking does not pay for it; gunicorn.conf.py calls it when a worker starts."""
    wanted = min(
        settings.MATCHING_WARM_ORGANIZATIONS if organizations is None else organizations,
        settings.MATCHING_INDEX_MAX_ORGANIZATIONS,
    )
    started = time.perf_counter()
    sizes = list(
        Candidate.objects.order_by()
        .values_list("organization_id")
        .annotate(size=Count("id"))
        .order_by("-size", "organization_id")[:wanted]
    )
    by_pk = Organization.objects.in_bulk([pk for pk, _ in sizes])
    for pk, _ in reversed(sizes):  # the largest is used last, so dropped last
        indexes.with_fresh_index(by_pk[pk], lambda index: None)
    return WarmedIndexes(
        organizations=len(sizes), candidates=sum(size for _, size in sizes), seconds=time.perf_counter() - started
    )


# --- the two rankings ---------------------------------------------------------------------------
def rank_candidates_for_job(
    *,
    job: Job,
    limit: int = 10,
    exclude_in_pipeline: bool = False,
    location: str | None = None,
    min_experience: float | None = None,
    registry: IndexRegistry | None = None,
) -> MatchRanking:
    """Rank the organization's candidates for a job, best first, each with its explanation."""
    started = time.perf_counter()
    registry = registry or indexes
    organization = job.organization
    profile = job_profile(job)
    exclude = selectors.pipeline_candidate_ids(job=job) if exclude_in_pipeline else frozenset()
    candidate_filter = CandidateFilter(
        exclude_pks=exclude, location_contains=location or None, min_experience=min_experience
    )
    ranked = registry.with_fresh_index(
        organization, lambda index: index.rank(profile.query, limit=limit, candidate_filter=candidate_filter)
    )
    rows = selectors.candidates_to_explain(organization=organization, ids=ranked.pks) if ranked.pks else {}
    matches = []
    for pk in ranked.pks:
        row = rows.get(pk)
        if row is None:  # deleted between the ranking and this read
            continue
        matches.append(
            {
                "candidate_id": pk,
                "name": f"{row['first_name']} {row['last_name']}".strip(),
                "email": row["email"],
                **explain_match(profile, row),
            }
        )
    # The explanation re-scores from the row just read; order by that score so both always agree.
    matches.sort(key=lambda match: (-match["score"], match["candidate_id"]))
    return MatchRanking(
        matches=matches,
        candidates_processed=ranked.candidates_processed,
        algorithm_version=algorithm_version(),
        processing_time_ms=round((time.perf_counter() - started) * 1000, 2),
    )


def rank_jobs_for_candidate(*, candidate: Candidate, limit: int = 10) -> list[dict[str, Any]]:
    """Rank the organization's open jobs for one candidate, best first, with the same explanation."""
    row = {
        "skill_ids": candidate.skill_ids,
        "experience_years": candidate.experience_years,
        "seniority": candidate.seniority,
        "location": candidate.location,
    }
    ranked = [
        {"job_id": job["id"], "title": job["title"], **explain_match(job_profile(job), row)}
        for job in selectors.open_jobs(organization=candidate.organization)
    ]
    ranked.sort(key=lambda match: (-match["score"], match["job_id"]))
    return ranked[:limit]


# --- ranking candidates posted with the request ------------------------------------------------
@dataclass(frozen=True)
class PostedJob:
    """A job described in a request, not stored: skills listed or in prose, level, place."""

    required_skills: list[str]
    nice_to_have_skills: list[str]
    experience_level: str
    location: str
    remote_policy: str


@dataclass(frozen=True)
class PostedCandidate:
    """A candidate described in a request, not stored."""

    reference: Any  # the caller's own id, echoed back
    name: str
    skills: list[str]
    experience_years: float | None
    location: str
    seniority: str


def rank_posted_candidates(
    *,
    job: PostedJob,
    candidates: list[PostedCandidate],
    threshold: float = 0.0,
    max_results: int = 10,
    include_explanation: bool = True,
) -> MatchRanking:
    """Score candidates sent with the request against a job sent with it; nothing is stored.

    The same formula and explanation as a stored ranking; `threshold` is a share of the best score
    (0.7 keeps scores of 70 and up), `max_results` caps the answer.
    """
    started = time.perf_counter()
    required = resolve_skills(job.required_skills)
    values = {
        "required_skills": job.required_skills,
        "nice_to_have_skills": job.nice_to_have_skills,
        "required_skill_ids": required,
        "nice_to_have_skill_ids": [s for s in resolve_skills(job.nice_to_have_skills) if s not in required],
        "experience_level": job.experience_level,
        "remote_policy": job.remote_policy,
        "location": job.location,
    }
    profile = job_profile(values)
    matches = []
    for candidate in candidates:
        row = {
            "skill_ids": resolve_skills(candidate.skills),
            "experience_years": candidate.experience_years,
            "location": candidate.location,
            "seniority": candidate.seniority,
        }
        explained = explain_match(profile, row)
        if explained["score"] < threshold * 100:
            continue
        match = {"candidate_id": candidate.reference, "name": candidate.name, "score": explained["score"]}
        if include_explanation:
            match.update(explained)
        else:
            match["recommendation_strength"] = explained["recommendation_strength"]
        matches.append(match)
    matches.sort(key=lambda match: -match["score"])
    return MatchRanking(
        matches=matches[:max_results],
        candidates_processed=len(candidates),
        algorithm_version=algorithm_version(),
        processing_time_ms=round((time.perf_counter() - started) * 1000, 2),
    )


def set_matching_profile(*, user, **fields: Any) -> MatchingProfile:
    """Store what `user` wants matched (skills, years, preferred places, job types)."""
    profile, _ = MatchingProfile.objects.update_or_create(
        user=user, defaults={"organization_id": user.organization_id, **fields}
    )
    return profile


def match_jobs_for_profile(*, jobs: list[Job], profile: MatchingProfile | Candidate) -> list[dict[str, Any]]:
    """Score the given jobs for a user's matching profile (or a stored candidate), best first.

    Each match: `job_id`, `score` between 0 and 1, `reason`, `matched_skills`, `missing_skills`. With
    several preferred places, a job is scored for the one that suits it best.
    """
    if isinstance(profile, Candidate):
        places = [profile.location]
        skill_ids, years, seniority = (
            profile.skill_ids or resolve_skills(profile.skills),
            profile.experience_years,
            profile.seniority,
        )
    else:
        places = list(profile.preferred_locations) or [""]
        skill_ids, years, seniority = resolve_skills(profile.skills), profile.experience_years, ""
    matches = []
    for job in jobs:
        job_values = job_profile(job)
        best = max(
            (
                explain_match(
                    job_values,
                    {"skill_ids": skill_ids, "experience_years": years, "location": place, "seniority": seniority},
                )
                for place in places
            ),
            key=lambda explained: explained["score"],
        )
        matches.append(
            {
                "job_id": job.pk,
                "title": job.title,
                "score": round(best["score"] / 100, 3),
                "reason": best["reasoning"],
                "matched_skills": best["matched_skills"],
                "missing_skills": best["missing_skills"],
            }
        )
    matches.sort(key=lambda match: (-match["score"], match["job_id"]))
    return matches
