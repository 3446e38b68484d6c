"""BHIV HR Platform at `/compat/bhiv`: its gateway paths (`/health`, `/v1/...`) and its AI agent's `/match`.

Auth as documented: `Authorization: Bearer <api key>` (a platform key, `ats_...`) or a Bearer JWT from
`/compat/bhiv/v1/auth/login` (`{"username": <email>, "password"}`). Errors keep the platform's body,
whose `detail` is what BHIV's `handle_api_response` reads. Lists answer `{"<noun>": [...], "count"}`
with `limit`/`offset` paging. Every call is served by the platform's serializers (validation),
services and selectors; docs/dialects.md lists each documented call and what serves it.

This module lives in `analytics` because BHIV's calls span jobs, candidates, matching, partner
intake and analytics, and only the top layer may import all of them (docs/architecture.md).
"""

from __future__ import annotations

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.urls import re_path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView

from analytics import exports, services
from analytics.api.views import (
    ExportFormatNegotiation,
    ScopeSerializer,
    export_link_response,
    filtered_candidates,
    metric_scope,
)
from analytics.stats import candidate_stats, job_stats
from ats import ratelimit
from ats.api.serializers import BULK_CANDIDATES_REQUEST
from ats.services import candidate_upserts
from matching import services as matching
from matching.api import serializers as matching_api
from matching.api import views as matching_views
from recruiting import services as recruiting
from recruiting.api import serializers as platform
from recruiting.api import views as platform_views
from recruiting.api.dialect import DialectErrors, unrouted_route
from recruiting.api.serializers import QuerySerializer
from recruiting.choices import lenient_choice
from recruiting.filters import CandidateFilter, JobFilter
from recruiting.health import healthy, system_checks
from recruiting.models import Candidate, Job
from recruiting.skills import requirements_in_text
from recruiting.tenancy import request_organization

VERSION = "bhiv-compat/1"
MAX_LIMIT = 200
AGENT_MAX_CANDIDATES = 500


def error_body(status_code: int, platform_body: dict) -> dict:
    # BHIV's client reads `detail`; the platform's body has it (plus `code` and field `errors`).
    return platform_body


class BHIVErrors(DialectErrors):
    def error_body(self, status_code: int, platform_body: dict) -> dict:
        return error_body(status_code, platform_body)


class BHIVView(BHIVErrors, APIView):
    @property
    def organization(self):
        return request_organization(self.request)

    def body(self) -> dict:
        if not isinstance(self.request.data, dict):
            raise serializers.ValidationError({"non_field_errors": ["The body must be a JSON object."]})
        return self.request.data


class Paging(QuerySerializer):
    limit = serializers.IntegerField(min_value=1, max_value=MAX_LIMIT, default=50)
    offset = serializers.IntegerField(min_value=0, max_value=10_000_000, default=0)


def page(request, queryset) -> tuple[list, dict]:
    paging = Paging(data=request.query_params)
    paging.is_valid(raise_exception=True)
    limit, offset = paging.validated_data["limit"], paging.validated_data["offset"]
    rows = list(queryset[offset : offset + limit])
    return rows, {"count": queryset.count(), "limit": limit, "offset": offset}


OBJECT = OpenApiTypes.OBJECT
LOGIN_REQUEST = {
    "type": "object",
    "properties": {
        "username": {"type": "string", "format": "email", "maxLength": 254, "description": "The e-mail address."},
        "email": {"type": "string", "format": "email", "maxLength": 254},
        "password": {"type": "string", "minLength": 1, "maxLength": 128},
    },
    "required": ["password"],
    "anyOf": [{"required": ["username"]}, {"required": ["email"]}],
}
# BHIV's candidate fields in each row (`name`, `technical_skills`, ...), mapped to the platform's.
BULK_REQUEST = {
    **BULK_CANDIDATES_REQUEST,
    "properties": {"candidates": BULK_CANDIDATES_REQUEST["properties"]["candidates"]},
}


# --- bodies as BHIV reads them -----------------------------------------------------------------
def job_body(job: Job) -> dict:
    return {
        "id": job.pk,
        "job_id": job.pk,
        "title": job.title,
        "department": job.department,
        "location": job.location,
        "experience_level": job.get_experience_level_display(),
        "employment_type": job.get_employment_type_display(),
        "requirements": ", ".join(job.required_skills),
        "required_skills": job.required_skills,
        "description": job.description,
        "status": job.status,
        "created_at": job.created_at,
        "updated_at": job.updated_at,
    }


def candidate_body(candidate: Candidate) -> dict:
    education = candidate.education[0] if candidate.education else {}
    return {
        "id": candidate.pk,
        "name": candidate.full_name,
        "email": candidate.email,
        "phone": candidate.phone,
        "location": candidate.location,
        "experience_years": candidate.experience_years,
        "technical_skills": ", ".join(candidate.skills),
        "skills": candidate.skills,
        "seniority_level": candidate.get_seniority_display() if candidate.seniority else "",
        "education_level": education.get("level", "") if isinstance(education, dict) else "",
        "source": candidate.source,
        "created_at": candidate.created_at,
        "updated_at": candidate.updated_at,
    }


def _skills(value) -> list[str]:
    if isinstance(value, list):
        return [str(item).strip() for item in value if str(item).strip()]
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return []


def _name_parts(name: str) -> tuple[str, str]:
    parts = name.split()
    if len(parts) < 2:
        return name.strip(), ""
    return " ".join(parts[:-1]), parts[-1]


def candidate_row(row) -> dict:
    """A BHIV candidate (`name`, `technical_skills`, `seniority_level`, `education_level`) as a platform row."""
    if not isinstance(row, dict):
        return row  # the platform's validation reports it
    mapped = {key: value for key, value in row.items() if key in ("email", "phone", "location", "experience_years")}
    if row.get("name") is not None and ("first_name" not in row or "last_name" not in row):
        first, last = _name_parts(str(row["name"]))
        mapped["first_name"], mapped["last_name"] = first, last or "-"
    for key in ("first_name", "last_name", "external_id", "linkedin_url", "resume_url"):
        if key in row:
            mapped[key] = row[key]
    if "technical_skills" in row or "skills" in row:
        mapped["skills"] = _skills(row.get("technical_skills", row.get("skills")))
    if row.get("seniority_level") or row.get("seniority"):
        mapped["seniority"] = row.get("seniority_level") or row.get("seniority")
    if row.get("education_level"):
        mapped["education"] = [{"level": str(row["education_level"])[:100]}]
    return mapped


# --- system ------------------------------------------------------------------------------------
class HealthView(BHIVErrors, APIView):
    """`GET /health` → `{"status": "healthy", ...}`; open, like BHIV's."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []

    @extend_schema(responses={200: OBJECT, 503: OBJECT})
    def get(self, request):
        checks = system_checks()
        ok = healthy(checks)
        return Response(
            {
                "status": "healthy" if ok else "unhealthy",
                "service": "recruiter-platform",
                "version": VERSION,
                "timestamp": timezone.now(),
                "checks": checks,
            },
            status=status.HTTP_200_OK if ok else status.HTTP_503_SERVICE_UNAVAILABLE,
        )


class SystemStatusView(BHIVView):
    required_scopes = {"GET": "jobs:read"}

    @extend_schema(responses={200: OBJECT})
    def get(self, request):
        checks = system_checks()
        return Response(
            {
                "status": "operational" if healthy(checks) else "degraded",
                "version": VERSION,
                "timestamp": timezone.now(),
                "checks": checks,
                "algorithm_version": matching.algorithm_version(),
            }
        )


class LoginView(BHIVErrors, platform_views.LoginView):
    """`POST /v1/auth/login` `{"username", "password"}` → `{"access_token", ...}`; the username is the e-mail."""

    @extend_schema(request={"application/json": LOGIN_REQUEST}, responses={200: OBJECT})
    def post(self, request):
        body = request.data if isinstance(request.data, dict) else {}
        if "email" not in body and "username" in body:
            request._full_data = {"email": body.get("username"), "password": body.get("password")}
        return super().post(request)


# --- jobs --------------------------------------------------------------------------------------
class JobsView(BHIVView):
    required_scopes = {"GET": "jobs:read", "POST": "jobs:write"}

    @extend_schema(operation_id="compat_bhiv_v1_jobs_list", parameters=[Paging], responses={200: OBJECT})
    def get(self, request):
        filters = JobFilter(request.query_params, queryset=Job.objects.for_org(self.organization).order_by("-id"))
        if not filters.is_valid():
            raise serializers.ValidationError(filters.errors)
        rows, paging = page(request, filters.qs)
        return Response({"jobs": [job_body(job) for job in rows], **paging})

    @extend_schema(request=platform.JobSerializer, responses={201: OBJECT})
    def post(self, request):
        data = {"status": Job.Status.OPEN, **self.body()}  # BHIV has no drafts: a posted job is open
        serializer = platform.JobSerializer(data=data, context={"request": request, "organization": self.organization})
        serializer.is_valid(raise_exception=True)
        job = serializer.save()
        return Response(
            {"job_id": job.pk, "message": "Job created successfully", "job": job_body(job)},
            status=status.HTTP_201_CREATED,
        )


class JobDetailView(BHIVView):
    required_scopes = {"GET": "jobs:read", "PUT": "jobs:write", "DELETE": "jobs:write"}

    def job(self, pk) -> Job:
        return get_object_or_404(Job.objects.for_org(self.organization), pk=pk)

    @extend_schema(responses={200: OBJECT})
    def get(self, request, pk):
        return Response(job_body(self.job(pk)))

    @extend_schema(request=platform.JobSerializer(partial=True), responses={200: OBJECT})
    def put(self, request, pk):
        job = self.job(pk)
        serializer = platform.JobSerializer(
            job, data=self.body(), partial=True, context={"request": request, "organization": self.organization}
        )
        serializer.is_valid(raise_exception=True)
        job = serializer.save()
        return Response({"job_id": job.pk, "message": "Job updated successfully", "job": job_body(job)})

    @extend_schema(responses={200: OBJECT})
    def delete(self, request, pk):
        job = self.job(pk)
        recruiting.delete_job(job=job)
        return Response({"job_id": int(pk), "message": "Job deleted successfully"})


class JobSearchView(BHIVView):
    """`GET /v1/jobs/search?query=&location=&department=`: every word of `query` in the title, description or skills."""

    required_scopes = {"GET": "jobs:read"}

    @extend_schema(
        parameters=[
            Paging,
            OpenApiParameter("query", str, description="Words, each in the title, description or skills."),
            OpenApiParameter("location", str),
            OpenApiParameter("department", str),
        ],
        responses={200: OBJECT},
    )
    def get(self, request):
        query = request.query_params.get("query", "")[:200]
        filters = JobFilter(
            {k: request.query_params.get(k, "") for k in ("location", "department") if request.query_params.get(k)},
            queryset=Job.objects.for_org(self.organization).order_by("-id"),
        )
        if not filters.is_valid():
            raise serializers.ValidationError(filters.errors)
        jobs = filters.qs
        for word in query.split()[:10]:
            jobs = jobs.filter(
                Q(title__icontains=word) | Q(description__icontains=word) | Q(required_skills__icontains=word)
            )
        rows, paging = page(request, jobs)
        return Response({"jobs": [job_body(job) for job in rows], "query": query, **paging})


class JobStatsView(BHIVView):
    required_scopes = {"GET": "jobs:read"}

    @extend_schema(responses={200: OBJECT})
    def get(self, request):
        return Response(job_stats(organization=self.organization))


# --- candidates --------------------------------------------------------------------------------
class CandidatesView(BHIVView):
    required_scopes = {"GET": "candidates:read"}

    @extend_schema(operation_id="compat_bhiv_v1_candidates_list", parameters=[Paging], responses={200: OBJECT})
    def get(self, request):
        rows, paging = page(request, Candidate.objects.for_org(self.organization).order_by("-id"))
        return Response({"candidates": [candidate_body(c) for c in rows], **paging})


class CandidateSearchView(BHIVView):
    """`GET /v1/candidates/search?skills=&location=&experience_min=` (and `query` for a name or e-mail)."""

    required_scopes = {"GET": "candidates:read"}

    @extend_schema(parameters=[Paging], responses={200: OBJECT})
    def get(self, request):
        params = request.query_params.copy()
        if "query" in params and "q" not in params:
            params["q"] = params.pop("query")[0]
        filters = CandidateFilter(params, queryset=Candidate.objects.for_org(self.organization).order_by("-id"))
        if not filters.is_valid():
            raise serializers.ValidationError(filters.errors)
        rows, paging = page(request, filters.qs)
        return Response({"candidates": [candidate_body(c) for c in rows], **paging})


class CandidateDetailView(BHIVView):
    required_scopes = {"GET": "candidates:read"}

    @extend_schema(responses={200: OBJECT})
    def get(self, request, pk):
        return Response(candidate_body(get_object_or_404(Candidate.objects.for_org(self.organization), pk=pk)))


class CandidateBulkView(BHIVView):
    """`POST /v1/candidates/bulk` `{"candidates": [...]}` in BHIV's fields, through the platform's bulk intake."""

    required_scopes = {"POST": "candidates:write"}

    @extend_schema(request={"application/json": BULK_REQUEST}, responses={200: OBJECT})
    def post(self, request):
        rows = self.body().get("candidates")
        if not isinstance(rows, list):
            raise serializers.ValidationError({"candidates": ["Send a list of candidates."]})
        if len(rows) > candidate_upserts.BULK_MAX_ROWS:
            raise serializers.ValidationError(
                {"candidates": [f"At most {candidate_upserts.BULK_MAX_ROWS} candidates per request."]}
            )
        result = candidate_upserts.upsert_candidates(
            organization=self.organization, source="bhiv", rows=[candidate_row(row) for row in rows]
        )
        return Response(
            {
                "message": f"{result.inserted} candidates inserted, {result.updated} updated",
                "candidates_received": result.received,
                "candidates_inserted": result.inserted,
                "candidates_updated": result.updated,
                "total_errors": len(result.errors),
                "errors": result.errors,
                "possible_duplicates": result.possible_duplicates,
                "status": result.status,
            }
        )


class CandidateStatsView(BHIVView):
    required_scopes = {"GET": "candidates:read"}

    @extend_schema(responses={200: OBJECT})
    def get(self, request):
        return Response(candidate_stats(organization=self.organization))


class CandidateExportView(BHIVView):
    """`GET /v1/candidates/export?format=csv` → `{"export_url", ...}`: a signed, expiring link to the file."""

    required_scopes = {"GET": "candidates:read"}
    content_negotiation_class = ExportFormatNegotiation  # `?format=csv` names the file, not a renderer

    @extend_schema(
        parameters=[OpenApiParameter("format", str, enum=list(exports.FORMATS), default="csv")],
        responses={200: OBJECT},
    )
    def get(self, request):
        export_format = request.query_params.get("format", "csv")
        if export_format not in exports.FORMATS:
            raise serializers.ValidationError({"format": [f"Use one of: {', '.join(exports.FORMATS)}."]})
        params = {k: v for k, v in request.query_params.items() if k != "format"}
        filtered_candidates(self.organization, params)
        return export_link_response(request, kind="candidates", export_format=export_format, params=params)


# --- matching ----------------------------------------------------------------------------------
class TopMatchesView(BHIVView):
    required_scopes = {"GET": "matches:read"}

    @extend_schema(parameters=[matching_api.TopMatchesQuery], responses={200: OBJECT})
    def get(self, request, job_id):
        query = matching_api.TopMatchesQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        job = get_object_or_404(Job.objects.for_org(self.organization), pk=job_id)
        ranking = matching.rank_candidates_for_job(job=job, **query.validated_data)
        return Response(
            {
                "job_id": job.pk,
                "matches": ranking.matches,
                "candidates_processed": ranking.candidates_processed,
                "algorithm_version": ranking.algorithm_version,
                "processing_time_ms": ranking.processing_time_ms,
            }
        )


class BatchMatchesView(BHIVErrors, matching_views.BatchMatchesView):
    """`POST /v1/match/batch` `{"job_ids"}` → `{"matches": [{"job_id", "matches"}]}`, as the platform's."""


class AgentThrottle(BaseThrottle):
    """The AI agent's `/match` needs no credentials (BHIV's example sends none): 60 a minute per address."""

    def allow_request(self, request, view):
        if request_organization(request) is not None:
            return True  # a signed-in caller counts against the organization's plan instead
        decision = ratelimit.hit(f"bhiv-agent:{request.META.get('REMOTE_ADDR', '')}", "60/minute")
        request._request.rate_limit = decision
        self._wait = decision.retry_after
        return decision.allowed

    def wait(self):
        return self._wait


class AgentJob(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    skills = serializers.ListField(child=serializers.CharField(max_length=100), max_length=100, required=False)
    required_skills = serializers.ListField(child=serializers.CharField(max_length=100), max_length=100, required=False)
    nice_to_have_skills = serializers.ListField(
        child=serializers.CharField(max_length=100), max_length=100, required=False
    )
    requirements = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    experience_level = serializers.CharField(max_length=40, required=False, allow_blank=True)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True)
    remote_policy = serializers.CharField(max_length=20, required=False, allow_blank=True)


class AgentCandidate(serializers.Serializer):
    id = serializers.JSONField(required=False, allow_null=True)
    name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    skills = serializers.JSONField(required=False, allow_null=True)
    technical_skills = serializers.JSONField(required=False, allow_null=True)
    experience_years = serializers.FloatField(min_value=0, max_value=70, required=False, allow_null=True)
    location = serializers.CharField(max_length=200, required=False, allow_blank=True)
    seniority_level = serializers.CharField(max_length=40, required=False, allow_blank=True)


class AgentOptions(serializers.Serializer):
    include_explanation = serializers.BooleanField(default=True)
    threshold = serializers.FloatField(min_value=0, max_value=1, default=0)
    max_results = serializers.IntegerField(min_value=1, max_value=AGENT_MAX_CANDIDATES, default=10)


class AgentMatchRequest(serializers.Serializer):
    job = AgentJob()
    candidates = serializers.ListField(child=AgentCandidate(), max_length=AGENT_MAX_CANDIDATES)
    options = AgentOptions(required=False)


class AgentMatchView(BHIVErrors, APIView):
    """`POST /match` `{"job", "candidates", "options"}`: ranks the candidates sent, stores nothing."""

    permission_classes = [AllowAny]
    throttle_classes = [AgentThrottle]

    @extend_schema(request=AgentMatchRequest, responses={200: OBJECT})
    def post(self, request):
        body = AgentMatchRequest(data=request.data)
        body.is_valid(raise_exception=True)
        job = body.validated_data["job"]
        options = body.validated_data.get("options") or {"include_explanation": True, "threshold": 0, "max_results": 10}
        required = job.get("required_skills") or job.get("skills") or []
        level = lenient_choice(Job.ExperienceLevel.choices, job.get("experience_level") or "")
        if job.get("requirements"):
            prose_skills, years = requirements_in_text(job["requirements"])
            required = required or prose_skills
            level = level or (recruiting.experience_level_for_years(years) if years is not None else None)
        location = job.get("location", "")
        remote = lenient_choice(Job.RemotePolicy.choices, job.get("remote_policy") or "") or (
            Job.RemotePolicy.REMOTE if location.strip().lower() == "remote" else Job.RemotePolicy.ONSITE
        )
        posted_job = matching.PostedJob(
            required_skills=list(required),
            nice_to_have_skills=list(job.get("nice_to_have_skills") or []),
            experience_level=level or Job.ExperienceLevel.MID,
            location=location,
            remote_policy=remote,
        )
        candidates = [
            matching.PostedCandidate(
                reference=candidate.get("id", index),
                name=candidate.get("name", ""),
                skills=_skills(candidate.get("skills", candidate.get("technical_skills"))),
                experience_years=candidate.get("experience_years"),
                location=candidate.get("location", ""),
                seniority=lenient_choice(Candidate.Seniority.choices, candidate.get("seniority_level") or "") or "",
            )
            for index, candidate in enumerate(body.validated_data["candidates"])
        ]
        ranking = matching.rank_posted_candidates(
            job=posted_job,
            candidates=candidates,
            threshold=options["threshold"],
            max_results=options["max_results"],
            include_explanation=options["include_explanation"],
        )
        return Response(
            {
                "matches": ranking.matches,
                "candidates_processed": ranking.candidates_processed,
                "algorithm_version": ranking.algorithm_version,
                "processing_time_ms": ranking.processing_time_ms,
            }
        )


# --- analytics ---------------------------------------------------------------------------------
class AnalyticsDashboardView(BHIVView):
    """`GET /v1/analytics/dashboard` → `{"dashboard_metrics": {"total_candidates", "total_jobs", ...}, "generated_at"}`."""

    required_scopes = {"GET": "analytics:read"}

    @extend_schema(parameters=[ScopeSerializer], responses={200: OBJECT})
    def get(self, request):
        scope, refresh = metric_scope(request.query_params, self.organization)
        return Response(services.cached_dashboard(scope=scope, refresh=refresh))


app_name = "bhiv"
ID = r"(?P<pk>[0-9]{1,18})"
urlpatterns = [
    re_path(r"^health/?$", HealthView.as_view()),
    re_path(r"^v1/system/status/?$", SystemStatusView.as_view()),
    re_path(r"^v1/auth/login/?$", LoginView.as_view()),
    re_path(r"^v1/jobs/search/?$", JobSearchView.as_view()),
    re_path(r"^v1/jobs/stats/?$", JobStatsView.as_view()),
    re_path(rf"^v1/jobs/{ID}/?$", JobDetailView.as_view()),
    re_path(r"^v1/jobs/?$", JobsView.as_view()),
    re_path(r"^v1/candidates/search/?$", CandidateSearchView.as_view()),
    re_path(r"^v1/candidates/bulk/?$", CandidateBulkView.as_view()),
    re_path(r"^v1/candidates/stats/?$", CandidateStatsView.as_view()),
    re_path(r"^v1/candidates/export/?$", CandidateExportView.as_view()),
    re_path(rf"^v1/candidates/{ID}/?$", CandidateDetailView.as_view()),
    re_path(r"^v1/candidates/?$", CandidatesView.as_view()),
    re_path(r"^v1/match/(?P<job_id>[0-9]{1,18})/top/?$", TopMatchesView.as_view()),
    re_path(r"^v1/match/batch/?$", BatchMatchesView.as_view()),
    re_path(r"^match/?$", AgentMatchView.as_view()),
    re_path(r"^v1/analytics/dashboard/?$", AnalyticsDashboardView.as_view()),
    unrouted_route(error_body),
]
