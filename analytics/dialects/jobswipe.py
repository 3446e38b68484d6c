"""JobSwipe at `/compat/jobswipe`: its service paths under `/api/v1/`, `{success, data}` envelopes.

Auth as documented: `X-API-Key` (a platform key) for service calls, a Bearer JWT for user calls;
either works on every path. Errors are `{"success": false, "error": {"code", "message"}}` with its
codes (`INVALID_API_KEY`, `INVALID_TOKEN`, `PERMISSION_DENIED`, `RATE_LIMIT_EXCEEDED` with
`retry_after`, `SERVICE_UNAVAILABLE`) and the platform's for the rest. Every call is served by the
platform's serializers, services and selectors; docs/dialects.md lists each documented call.

It lives in `analytics`, the top layer, because its calls span job ingestion (ats), storage and
resumes (recruiting), notifications and webhooks (integrations), matching and analytics.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import re_path
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from analytics import queries
from analytics.api import views as analytics_api
from analytics.metrics import MetricScope
from ats.api import views as ats_api
from integrations.api import views as integrations_api
from integrations.api.serializers import WebhookCreatedSerializer, WebhookSerializer
from integrations.models import Webhook
from integrations.services.webhooks import create_webhook
from matching import services as matching
from recruiting import services as recruiting
from recruiting.api import documents as documents_api
from recruiting.api.dialect import DialectErrors, unrouted_route
from recruiting.api.pagination import MAX_PAGE_NUMBER
from recruiting.api.serializers import QuerySerializer
from recruiting.errors import DomainError
from recruiting.events import record_event
from recruiting.filters import JobFilter
from recruiting.health import healthy, system_checks
from recruiting.models import Application, Candidate, Document, Job, User
from recruiting.tenancy import API_KEY_PREFIX, request_organization

CODES_BY_STATUS = {403: "PERMISSION_DENIED", 429: "RATE_LIMIT_EXCEEDED", 503: "SERVICE_UNAVAILABLE"}


def error_body(status_code: int, platform_body: dict, *, api_key_caller: bool = False) -> dict:
    code = platform_body.get("code") or "ERROR"
    if status_code == 401:
        code = "INVALID_API_KEY" if api_key_caller else "INVALID_TOKEN"
    code = CODES_BY_STATUS.get(status_code, code)
    error = {"code": code, "message": platform_body.get("detail", "Error")}
    if "retry_after" in platform_body:
        error["retry_after"] = platform_body["retry_after"]
    if isinstance(platform_body.get("errors"), dict):
        error["details"] = platform_body["errors"]
    return {"success": False, "error": error}


def _sent_an_api_key(request) -> bool:
    authorization = request.META.get("HTTP_AUTHORIZATION", "")
    return "HTTP_X_API_KEY" in request.META or authorization.startswith(f"Bearer {API_KEY_PREFIX}")


ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "success": {"type": "boolean", "enum": [False]},
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "details": {"type": "object", "additionalProperties": {}, "description": "Field errors, on a 400."},
                "retry_after": {"type": "integer", "description": "Seconds to wait, on a 429."},
            },
            "required": ["code", "message"],
        },
    },
    "required": ["success", "error"],
}


class JobSwipeEnvelope(DialectErrors):
    """Errors in JobSwipe's shape; every successful answer wrapped as `{"success": true, "data": ...}`."""

    error_schema = ERROR_SCHEMA
    success_envelope = True  # recruiting/api/schema.py publishes the success answers wrapped

    def error_body(self, status_code: int, platform_body: dict) -> dict:
        return error_body(status_code, platform_body, api_key_caller=_sent_an_api_key(self.request))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response) and response.status_code < 400 and not getattr(response, "_enveloped", False):
            response.data = {"success": True, "data": response.data}  # rendered after this, by the handler
            response._enveloped = True
        return response


class JobSwipeView(JobSwipeEnvelope, APIView):
    @property
    def organization(self):
        return request_organization(self.request)

    def body(self) -> dict:
        if not isinstance(self.request.data, dict):
            raise serializers.ValidationError({"non_field_errors": ["The body must be a JSON object."]})
        return self.request.data


class HealthView(JobSwipeEnvelope, APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes: list = []

    @extend_schema(responses={200: OpenApiTypes.OBJECT, 503: OpenApiTypes.OBJECT})
    def get(self, request):
        checks = system_checks()
        ok = healthy(checks)
        return Response(
            {"status": "healthy" if ok else "unhealthy", "checks": checks, "timestamp": timezone.now()},
            status=status.HTTP_200_OK if ok else status.HTTP_503_SERVICE_UNAVAILABLE,
        )


# --- jobs ----------------------------------------------------------------------------------------
class JobListQuery(QuerySerializer):
    page = serializers.IntegerField(min_value=1, max_value=MAX_PAGE_NUMBER, default=1)
    per_page = serializers.IntegerField(min_value=1, max_value=100, default=20)


def job_body(job: Job) -> dict:
    return {
        "id": job.pk,
        "external_id": job.external_id,
        "title": job.title,
        "location": job.location,
        "description": job.description,
        "type": job.employment_type,
        "status": job.status,
        "required_skills": job.required_skills,
        "salary_min": job.salary_min,
        "salary_max": job.salary_max,
        "salary_currency": job.salary_currency,
        "source": job.source,
        "created_at": job.created_at,
    }


class JobsView(JobSwipeView):
    required_scopes = {"GET": "jobs:read"}

    @extend_schema(parameters=[JobListQuery], responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        query = JobListQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        page, per_page = query.validated_data["page"], query.validated_data["per_page"]
        params = {k: v for k, v in request.query_params.items() if k not in ("page", "per_page")}
        filters = JobFilter(params, queryset=Job.objects.for_org(self.organization).order_by("-id"))
        if not filters.is_valid():
            raise serializers.ValidationError(filters.errors)
        jobs = filters.qs
        rows = list(jobs[(page - 1) * per_page : page * per_page])
        return Response(
            {"jobs": [job_body(job) for job in rows], "page": page, "per_page": per_page, "total": jobs.count()}
        )


class IngestionView(JobSwipeEnvelope, ats_api.JobIngestionView):
    """`POST /api/v1/ingestion/jobs` `{source, jobs}` → `{ingestion_id, jobs_received, jobs_queued, status}`."""


class IngestionStatusView(JobSwipeEnvelope, ats_api.JobIngestionStatusView):
    pass


# --- application automation ------------------------------------------------------------------------
class AutomationRequest(serializers.Serializer):
    job_id = serializers.IntegerField(min_value=1, max_value=2**62)
    resume_id = serializers.UUIDField(help_text="A resume the platform stores (its `id` from uploads or resumes).")
    cover_letter_template_id = serializers.CharField(max_length=100, required=False, allow_blank=True)
    answers = serializers.ListField(child=serializers.DictField(), max_length=50, required=False)


def application_task(application: Application) -> dict:
    return {
        "task_id": application.pk,
        "status": "completed",
        "application_id": application.pk,
        "job_id": application.job_id,
        "candidate_id": application.candidate_id,
        "stage": application.stage.key,
        "submitted_at": application.applied_at,
    }


class AutomationView(JobSwipeView):
    """`POST /api/v1/automation/applications`: the resume's candidate applies to the job, answers kept as a note."""

    required_scopes = {"POST": "candidates:write"}

    @extend_schema(request=AutomationRequest, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        body = AutomationRequest(data=self.body())
        body.is_valid(raise_exception=True)
        data = body.validated_data
        organization = self.organization
        job = Job.objects.for_org(organization).filter(pk=data["job_id"]).first()
        if job is None:
            raise DomainError("No such job.", code="UNKNOWN_JOB", field="job_id")
        resume = (
            Document.objects.for_org(organization)
            .filter(uuid=data["resume_id"], candidate__isnull=False)
            .select_related("candidate")
            .first()
        )
        if resume is None:
            raise DomainError("No such resume of a candidate.", code="UNKNOWN_RESUME", field="resume_id")
        actor = request.user if request.user.is_authenticated else None
        try:
            application = recruiting.create_application(
                job=job, candidate=resume.candidate, actor=actor, source="jobswipe"
            )
        except DomainError as error:
            record_event(
                organization=organization,
                name="application.failed",
                data={"job_id": job.pk, "candidate_id": resume.candidate_id, "reason": error.message},
            )
            raise
        lines = [
            f"Q: {answer.get('question', '')}\nA: {answer.get('answer', '')}" for answer in data.get("answers", [])
        ]
        if data.get("cover_letter_template_id"):
            lines.insert(0, f"Cover letter template: {data['cover_letter_template_id']}")
        if lines:
            recruiting.add_note(
                candidate=resume.candidate, application=application, body="\n\n".join(lines), author=actor
            )
        record_event(
            organization=organization,
            name="application.completed",
            data=recruiting.application_event_payload(application),
        )
        return Response(application_task(application), status=status.HTTP_201_CREATED)


class AutomationStatusView(JobSwipeView):
    required_scopes = {"GET": "candidates:read"}

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, task_id):
        application = get_object_or_404(
            Application.objects.for_org(self.organization).select_related("stage"), pk=task_id
        )
        return Response(application_task(application))


# --- matching ------------------------------------------------------------------------------------
class JobMatchRequest(serializers.Serializer):
    job_ids = serializers.ListField(child=serializers.IntegerField(min_value=1, max_value=2**62), max_length=100)
    candidate_id = serializers.IntegerField(min_value=1, max_value=2**62, required=False)


class JobMatchesView(JobSwipeView):
    """`POST /api/v1/matching/jobs` `{job_ids}`: the jobs scored for the caller's profile (or `candidate_id`)."""

    required_scopes = {"POST": "matches:read"}

    @extend_schema(request=JobMatchRequest, responses={200: OpenApiTypes.OBJECT})
    def post(self, request):
        body = JobMatchRequest(data=self.body())
        body.is_valid(raise_exception=True)
        organization = self.organization
        job_ids = list(dict.fromkeys(body.validated_data["job_ids"]))
        jobs = list(Job.objects.for_org(organization).filter(pk__in=job_ids))
        if len(jobs) != len(job_ids):
            raise DomainError("A job in job_ids was not found.", code="UNKNOWN_JOB", field="job_ids")
        if "candidate_id" in body.validated_data:
            profile = Candidate.objects.for_org(organization).filter(pk=body.validated_data["candidate_id"]).first()
            if profile is None:
                raise DomainError("No such candidate.", code="UNKNOWN_CANDIDATE", field="candidate_id")
        else:
            profile = getattr(request.user, "matching_profile", None) if request.user.is_authenticated else None
            if profile is None:
                raise DomainError(
                    "Set a matching profile first (PUT /api/v1/matching/profile) or send candidate_id.",
                    code="NO_PROFILE",
                    field="candidate_id",
                )
        return Response({"matches": matching.match_jobs_for_profile(jobs=jobs, profile=profile)})


class ProfileRequest(serializers.Serializer):
    skills = serializers.ListField(child=serializers.CharField(max_length=100), max_length=100, required=False)
    experience_years = serializers.FloatField(min_value=0, max_value=70, required=False, allow_null=True)
    preferred_locations = serializers.ListField(
        child=serializers.CharField(max_length=200), max_length=20, required=False
    )
    job_types = serializers.ListField(child=serializers.CharField(max_length=40), max_length=10, required=False)


class MatchingProfileView(JobSwipeView):
    """`PUT /api/v1/matching/profile`: what the signed-in user wants matched."""

    # Every role may keep a profile of its own; API keys act for no user.
    write_roles = frozenset(User.Role.values)

    @extend_schema(request=ProfileRequest, responses={200: OpenApiTypes.OBJECT})
    def put(self, request):
        body = ProfileRequest(data=self.body())
        body.is_valid(raise_exception=True)
        profile = matching.set_matching_profile(user=request.user, **body.validated_data)
        return Response(
            {
                "skills": profile.skills,
                "experience_years": profile.experience_years,
                "preferred_locations": profile.preferred_locations,
                "job_types": profile.job_types,
                "updated_at": profile.updated_at,
            }
        )


# --- the platform's own endpoints, in the envelope ---------------------------------------------------
class NotificationSendView(JobSwipeEnvelope, integrations_api.SendNotificationView):
    pass


class EventsView(JobSwipeEnvelope, analytics_api.EventsView):
    pass


# Any metric name is counted: one the platform does not compute counts the product events of that type.
QUERY_REQUEST = {
    **analytics_api.QUERY_REQUEST,
    "properties": {
        **analytics_api.QUERY_REQUEST["properties"],
        "metrics": {"type": "array", "items": {"type": "string", "minLength": 1}, "minItems": 1},
    },
}


class QueryView(JobSwipeView):
    """`POST /api/v1/analytics/query`: a metric the platform does not compute (`jobs_viewed`) counts the
    product events of that type."""

    required_scopes = {"POST": "analytics:read"}

    @extend_schema(request={"application/json": QUERY_REQUEST}, responses={200: OpenApiTypes.OBJECT})
    def post(self, request):
        body = dict(self.body())
        names = body.get("metrics")
        renamed = {}
        if isinstance(names, list):
            for name in names:
                if isinstance(name, str) and name not in queries.METRICS and not name.startswith("event:"):
                    renamed[f"event:{name}"] = name
            body["metrics"] = [next((k for k, v in renamed.items() if v == n), n) for n in names]
        try:
            query = queries.parse_query(body=body, today=timezone.localdate())
            result = queries.run_query(scope=MetricScope(organization=self.organization), query=query)
        except queries.QueryError as error:
            raise DomainError(str(error), code=error.code) from None
        rows = [{renamed.get(key, key): value for key, value in row.items()} for row in result["rows"]]
        totals = {renamed.get(key, key): value for key, value in result["totals"].items()}
        return Response({**result, "rows": rows, "totals": totals})


class PresignView(JobSwipeEnvelope, documents_api.PresignView):
    pass


class ResumeParseView(JobSwipeEnvelope, documents_api.ResumeParseView):
    pass


class WebhookRequest(WebhookSerializer):
    name = serializers.CharField(max_length=200, required=False, help_text="`JobSwipe webhook` when left out.")

    class Meta(WebhookSerializer.Meta):
        pass


class WebhooksView(JobSwipeView):
    """`POST /api/v1/webhooks` `{url, events, secret}`: a webhook in JobSwipe's format, signed as it verifies."""

    permission_classes = integrations_api.WebhookViewSet.permission_classes

    @extend_schema(request=WebhookRequest, responses={201: WebhookCreatedSerializer})
    def post(self, request):
        data = {"name": "JobSwipe webhook", "payload_format": Webhook.PayloadFormat.JOBSWIPE, **self.body()}
        body = WebhookRequest(data=data, context={"request": request, "organization": self.organization})
        body.is_valid(raise_exception=True)
        webhook = create_webhook(organization=self.organization, **body.validated_data)
        return Response(WebhookCreatedSerializer(webhook).data, status=status.HTTP_201_CREATED)


app_name = "jobswipe"
urlpatterns = [
    re_path(r"^health/?$", HealthView.as_view()),
    re_path(r"^api/v1/jobs/?$", JobsView.as_view()),
    re_path(r"^api/v1/ingestion/jobs/?$", IngestionView.as_view()),
    re_path(r"^api/v1/ingestion/(?P<pk>[0-9]{1,18})/?$", IngestionStatusView.as_view()),
    re_path(r"^api/v1/automation/applications/?$", AutomationView.as_view()),
    re_path(r"^api/v1/automation/applications/(?P<task_id>[0-9]{1,18})/?$", AutomationStatusView.as_view()),
    re_path(r"^api/v1/matching/jobs/?$", JobMatchesView.as_view()),
    re_path(r"^api/v1/matching/profile/?$", MatchingProfileView.as_view()),
    re_path(r"^api/v1/notifications/send/?$", NotificationSendView.as_view()),
    re_path(r"^api/v1/analytics/events/?$", EventsView.as_view()),
    re_path(r"^api/v1/analytics/query/?$", QueryView.as_view()),
    re_path(r"^api/v1/storage/presigned-url/?$", PresignView.as_view()),
    re_path(r"^api/v1/resume/parse/?$", ResumeParseView.as_view()),
    re_path(r"^api/v1/webhooks/?$", WebhooksView.as_view()),
    unrouted_route(lambda status_code, body: error_body(status_code, body)),
]
