"""Matching API: thin views over matching.services, scoped to the caller's organization."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from matching import services
from matching.api import serializers as s
from recruiting.models import Candidate, Job, User
from recruiting.precompiled import RowWithParents
from recruiting.tenancy import request_organization

# Partners call these with an API key carrying the read scope.
MATCH_SCOPES = {"GET": "matches:read", "POST": "matches:read"}


def _organization(request):
    organization = request_organization(request)
    if organization is None:
        raise NotFound()
    return organization


# A ranking reads its job by id within the caller's organization; SQL built once per process
# (recruiting/precompiled.py): Django compiled the job's 30-odd columns in ~0.6 ms of CPU a request.
_JOBS = RowWithParents(Job, (), scoped_by="organization")


def _job(request, job_id: int) -> Job:
    organization = _organization(request)
    try:
        job = _JOBS.get(job_id, scope=organization.pk)
    except Job.DoesNotExist:
        raise NotFound(f"Job {job_id} not found.") from None
    job.organization = organization
    return job


class TopMatchesView(APIView):
    required_scopes = MATCH_SCOPES

    @extend_schema(
        parameters=[s.TopMatchesQuery],
        responses={200: s.TopMatchesResponse},
        tags=["matching"],
    )
    def get(self, request, job_id: int):
        """The best candidates for a job, each with its score and reasons."""
        query = s.TopMatchesQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        job = _job(request, job_id)
        ranking = services.rank_candidates_for_job(job=job, **query.validated_data)
        return Response(
            {
                "job_id": job.pk,
                "matches": ranking.matches,
                "candidates_processed": ranking.candidates_processed,
                "algorithm_version": ranking.algorithm_version,
                "processing_time_ms": ranking.processing_time_ms,
            }
        )


class BatchMatchesView(APIView):
    required_scopes = MATCH_SCOPES
    # A batch ranking only reads, so every role that may read may post it.
    write_roles = frozenset(User.Role.values)

    @extend_schema(
        request=s.BatchMatchRequest,
        responses={200: s.BatchMatchResponse},
        tags=["matching"],
    )
    def post(self, request):
        """Rank candidates for up to 10 jobs at once."""
        body = s.BatchMatchRequest(data=request.data)
        body.is_valid(raise_exception=True)
        job_ids = list(dict.fromkeys(body.validated_data["job_ids"]))
        jobs = {job.pk: job for job in Job.objects.for_org(_organization(request)).filter(pk__in=job_ids)}
        unknown = [job_id for job_id in job_ids if job_id not in jobs]
        if unknown:
            # An id in a body is a bad request, whether it does not exist or belongs to another organization.
            raise ValidationError({"job_ids": [f"Job {unknown[0]} not found."]})
        results = []
        for job_id in job_ids:
            ranking = services.rank_candidates_for_job(
                job=jobs[job_id],
                limit=body.validated_data["limit"],
                exclude_in_pipeline=body.validated_data["exclude_in_pipeline"],
            )
            results.append(
                {"job_id": job_id, "matches": ranking.matches, "candidates_processed": ranking.candidates_processed}
            )
        return Response(
            {
                "matches": results,
                "processed": len(results),
                "status": "completed",
                "algorithm_version": services.algorithm_version(),
            }
        )


class CandidateMatchesView(APIView):
    required_scopes = MATCH_SCOPES

    @extend_schema(
        parameters=[s.LimitQuery],
        responses={200: s.CandidateMatchesResponse},
        tags=["matching"],
    )
    def get(self, request, candidate_id: int):
        """Open jobs ranked for one candidate, with the same explanation."""
        query = s.LimitQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        candidate = Candidate.objects.for_org(_organization(request)).filter(pk=candidate_id).first()
        if candidate is None:
            raise NotFound(f"Candidate {candidate_id} not found.")
        matches = services.rank_jobs_for_candidate(candidate=candidate, limit=query.validated_data["limit"])
        return Response(
            {"candidate_id": candidate.pk, "matches": matches, "algorithm_version": services.algorithm_version()}
        )
