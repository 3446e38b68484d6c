"""Analytics API edges: parse the request, call one analytics function, shape the answer."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from django.http import FileResponse, QueryDict, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from analytics import exports, queries, services
from analytics.metrics import MetricScope
from analytics.stats import candidate_stats, job_stats
from recruiting.api.errors import ApiError, error_body
from recruiting.api.filters import PlatformFilterBackend, refused_filter_values
from recruiting.api.serializers import QuerySerializer
from recruiting.audit import record_audit
from recruiting.errors import NotFoundError
from recruiting.filters import CandidateFilter
from recruiting.models import Candidate, User
from recruiting.tenancy import request_organization


class AnalyticsView(APIView):
    required_scopes = {"GET": "analytics:read", "POST": "analytics:read"}

    @property
    def organization(self):
        return request_organization(self.request)


class ScopeSerializer(QuerySerializer):
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    job = serializers.IntegerField(required=False, min_value=1, max_value=2**62)
    department = serializers.CharField(required=False, max_length=120)
    refresh = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs):
        if attrs.get("start") and attrs.get("end") and attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": ["The end date is before the start date."]})
        return attrs


def metric_scope(params, organization) -> tuple[MetricScope, bool]:
    """The period and job filters of a metrics request (query string or an export link), validated."""
    if not isinstance(params, QueryDict):  # an export link's signed parameters: query-string text
        params = QueryDict(urlencode(params))
    body = ScopeSerializer(data=params)
    body.is_valid(raise_exception=True)
    data = body.validated_data
    scope = MetricScope(
        organization=organization,
        start=data.get("start"),
        end=data.get("end"),
        job_id=data.get("job"),
        department=data.get("department", "").strip(),
    )
    return scope, data["refresh"]


class DashboardView(AnalyticsView):
    @extend_schema(parameters=[ScopeSerializer], responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        scope, refresh = metric_scope(request.query_params, self.organization)
        return Response(services.cached_dashboard(scope=scope, refresh=refresh))


METRIC_NAME = {
    "type": "string",
    "pattern": "^(" + "|".join(queries.METRICS) + "|event:.+)$",
    "description": "A metric, or `event:<event_type>` for the product events of one type.",
}
QUERY_REQUEST = {
    "type": "object",
    "properties": {
        "metrics": {"type": "array", "items": METRIC_NAME, "minItems": 1},
        "dimensions": {
            "type": "array",
            "items": {"type": "string", "enum": queries.DIMENSIONS},
            "description": "Each metric groups by `date` and by the dimensions of its own source.",
        },
        "granularity": {"type": "string", "enum": list(queries.GRANULARITIES)},
        "filters": {
            "type": "object",
            "properties": {
                "date_range": {
                    "type": "object",
                    "properties": {
                        "start": {"type": "string", "format": "date"},
                        "end": {"type": "string", "format": "date"},
                    },
                    "required": ["start", "end"],
                    "description": f"At most {queries.MAX_RANGE_DAYS} days, the end not before the start.",
                },
                **{name: {"type": "string"} for name in queries.FILTERS[1:]},
            },
            "additionalProperties": False,
            "description": "A filter applies to the metrics whose source has it; otherwise a 400 names the valid ones.",
        },
    },
    "required": ["metrics"],
}
EVENT_REQUEST = {
    "type": "object",
    "properties": {
        "event_type": {"type": "string", "minLength": 1, "maxLength": 100, "pattern": r"^[^\x00]*\S[^\x00]*$"},
        "properties": {
            "type": "object",
            "nullable": True,
            "description": f"At most {services.MAX_EVENT_PROPERTIES_BYTES} bytes of JSON, no NUL characters.",
        },
    },
    "required": ["event_type"],
}


class QueryView(AnalyticsView):
    @extend_schema(request={"application/json": QUERY_REQUEST}, responses={200: OpenApiTypes.OBJECT})
    def post(self, request):
        try:
            query = queries.parse_query(body=request.data, today=timezone.localdate())
            result = queries.run_query(scope=MetricScope(organization=self.organization), query=query)
        except queries.QueryError as error:
            # The error shape plus `valid`: the names the caller could have sent instead.
            detail = f"{error} Valid: {', '.join(error.valid)}." if error.valid else str(error)
            return Response(error_body(detail, error.code, valid=error.valid), status=status.HTTP_400_BAD_REQUEST)
        return Response(result)


class EventsView(AnalyticsView):
    required_scopes = {"POST": "analytics:write"}

    @extend_schema(request={"application/json": EVENT_REQUEST}, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        body = request.data if isinstance(request.data, dict) else {}
        try:
            event = services.record_event(
                organization=self.organization,
                recorded_by=request.user,
                event_type=body.get("event_type"),
                properties=body.get("properties"),
            )
        except services.EventError as error:
            raise ApiError(str(error), code=error.code) from None
        return Response(
            {"id": event.id, "event_type": event.event_type, "occurred_at": event.occurred_at},
            status=status.HTTP_201_CREATED,
        )


class JobStatsView(AnalyticsView):
    required_scopes = {"GET": "jobs:read"}

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        return Response(job_stats(organization=self.organization))


class CandidateStatsView(AnalyticsView):
    required_scopes = {"GET": "candidates:read"}

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        return Response(candidate_stats(organization=self.organization))


class ExportFormatNegotiation(BaseContentNegotiation):
    """`?format=csv|xlsx` names the file, not a DRF renderer; errors still render as JSON."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


DELIVERIES = ("file", "link")


def export_params(query_params, *, allowed_formats: list[str]) -> tuple[str, str, dict[str, str]]:
    """`format`, `delivery` and the remaining filters of an export request, checked."""
    params = {key: query_params.get(key) for key in query_params}
    export_format = params.pop("format", None) or "csv"
    delivery = params.pop("delivery", None) or "file"
    if export_format not in allowed_formats:
        raise ApiError(
            f"Unknown export format {export_format!r}; use one of: {', '.join(allowed_formats)}.",
            code="UNKNOWN_FORMAT",
        )
    if delivery not in DELIVERIES:
        raise ApiError(f"Unknown delivery {delivery!r}; use one of: {', '.join(DELIVERIES)}.", code="UNKNOWN_DELIVERY")
    return export_format, delivery, params


def filtered_candidates(organization, params: dict[str, str]):
    filters = CandidateFilter(params, queryset=Candidate.objects.for_org(organization))
    if errors := refused_filter_values(filters, params):  # as the candidate list refuses them
        raise serializers.ValidationError(errors)
    if not filters.is_valid():
        raise serializers.ValidationError(filters.errors)
    return filters.qs


def candidate_export_response(*, organization, params: dict[str, str], export_format: str, actor, ip_address):
    """Every candidate of the organization matching `params`, streamed as a file; audited."""
    candidates = filtered_candidates(organization, params)
    record_audit(
        organization=organization,
        actor=actor,
        action="candidates.exported",
        target_type="candidate",
        target_id=export_format,
        ip_address=ip_address,
    )
    rows = exports.candidate_rows(candidates)
    filename = f"candidates-{date.today().isoformat()}.{export_format}"
    if export_format == "xlsx":
        return FileResponse(
            exports.xlsx_file(exports.CANDIDATE_COLUMNS, rows),
            as_attachment=True,
            filename=filename,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    stream = exports.csv_stream if export_format == "csv" else exports.json_stream
    content_type = "text/csv; charset=utf-8" if export_format == "csv" else "application/json"
    response = StreamingHttpResponse(stream(exports.CANDIDATE_COLUMNS, rows), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def report_export_response(*, organization, params: dict[str, str], actor, ip_address):
    """The dashboard metrics for the scope in `params` as a CSV report; audited."""
    scope, refresh = metric_scope(params, organization)
    body = services.cached_dashboard(scope=scope, refresh=refresh)
    record_audit(
        organization=organization,
        actor=actor,
        action="analytics.report_exported",
        target_type="report",
        ip_address=ip_address,
    )
    response = StreamingHttpResponse(
        exports.csv_stream(exports.REPORT_COLUMNS, exports.report_rows(body["dashboard_metrics"])),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="analytics-report-{date.today().isoformat()}.csv"'
    return response


EXPORT_LINK = {
    "type": "object",
    "properties": {
        "export_url": {"type": "string", "format": "uri", "description": "GET it to stream the file; no credential."},
        "format": {"type": "string", "enum": exports.FORMATS},
        "expires_at": {"type": "string", "format": "date-time"},
    },
    "required": ["export_url", "format", "expires_at"],
}
CSV_BODY = {"type": "string", "description": "CSV (RFC 4180, UTF-8): a header row of column names, one row per line."}
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_query(formats: list[str]) -> list[OpenApiParameter]:
    """`format` and `delivery`, as `export_params` reads them."""
    return [
        OpenApiParameter(
            "format", OpenApiTypes.STR, enum=formats, description=f"The file's format; `{formats[0]}` by default."
        ),
        OpenApiParameter(
            "delivery",
            OpenApiTypes.STR,
            enum=list(DELIVERIES),
            description="`file` (default) streams the file; `link` answers a signed link to it, as JSON.",
        ),
    ]


def export_link_response(request, *, kind: str, export_format: str, params: dict[str, str]) -> Response:
    """`{"export_url", "format", "expires_at"}`: a signed link that streams the export when fetched."""
    api_key = request.auth if getattr(request.auth, "scopes", None) is not None else None
    signature, expires_at = exports.sign_export_link(
        kind=kind,
        organization_id=request_organization(request).pk,
        export_format=export_format,
        params=params,
        user_id=request.user.pk if request.user.is_authenticated else None,
        api_key_id=api_key.pk if api_key is not None else None,
    )
    url = (
        request.build_absolute_uri(reverse("analytics_api:export-download")) + "?" + urlencode({"signature": signature})
    )
    return Response({"export_url": url, "format": export_format, "expires_at": expires_at})


class CandidateExportView(AnalyticsView):
    """Every candidate matching the list's filters, as CSV, JSON or XLSX, streamed or behind a signed link."""

    required_scopes = {"GET": "candidates:read"}
    content_negotiation_class = ExportFormatNegotiation
    # The filters `filtered_candidates` applies; the schema publishes them from here like the candidate list's.
    filter_backends = [PlatformFilterBackend]
    filterset_class = CandidateFilter
    queryset = Candidate.objects.none()

    @extend_schema(
        operation_id="api_v1_candidates_export_file",
        filters=True,
        parameters=export_query(exports.FORMATS),
        responses={
            (200, "text/csv"): OpenApiResponse(CSV_BODY, description="`format=csv` (the default)."),
            (200, "application/json"): OpenApiResponse(
                {
                    "oneOf": [
                        {"type": "array", "items": {"type": "object"}, "description": "`format=json`: the rows."},
                        EXPORT_LINK,
                    ]
                },
                description="`format=json`: one object per candidate; `delivery=link`: the signed link.",
            ),
            (200, XLSX_MEDIA_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="`format=xlsx`."),
        },
    )
    def get(self, request):
        export_format, delivery, params = export_params(request.query_params, allowed_formats=exports.FORMATS)
        if delivery == "link":
            filtered_candidates(self.organization, params)  # a bad filter is a 400 now, not at download
            return export_link_response(request, kind="candidates", export_format=export_format, params=params)
        return candidate_export_response(
            organization=self.organization,
            params=params,
            export_format=export_format,
            actor=request.user,
            ip_address=request.META.get("REMOTE_ADDR"),
        )


class ReportExportView(AnalyticsView):
    """The dashboard metrics as a CSV report (same filters as the dashboard), streamed or behind a signed link."""

    content_negotiation_class = ExportFormatNegotiation

    @extend_schema(
        parameters=[ScopeSerializer, *export_query(["csv"])],
        responses={
            (200, "text/csv"): OpenApiResponse(CSV_BODY, description="The report (the default)."),
            (200, "application/json"): OpenApiResponse(EXPORT_LINK, description="`delivery=link`: the signed link."),
        },
    )
    def get(self, request):
        export_format, delivery, params = export_params(request.query_params, allowed_formats=["csv"])
        metric_scope(params, self.organization)  # a bad scope is a 400 before anything is signed
        if delivery == "link":
            params.pop("refresh", None)  # a link reads the cached metrics, like the dashboard
            return export_link_response(request, kind="report", export_format=export_format, params=params)
        return report_export_response(
            organization=self.organization,
            params=params,
            actor=request.user,
            ip_address=request.META.get("REMOTE_ADDR"),
        )


@extend_schema(
    parameters=[OpenApiParameter("signature", OpenApiTypes.STR, OpenApiParameter.QUERY, required=True)],
    responses={(200, "text/csv"): OpenApiTypes.BINARY},
)
class ExportDownloadView(APIView):
    """A signed export link: the signature is the credential; the rows are read now, in the link's organization.

    A caller who also authenticates as another organization gets a 404, as for any object not theirs.
    """

    permission_classes = [AllowAny]
    content_negotiation_class = ExportFormatNegotiation

    def get(self, request):
        grant, organization = services.organization_of_export_link(signature=request.query_params.get("signature", ""))
        caller_organization = request_organization(request)
        if caller_organization is not None and caller_organization.pk != organization.pk:
            raise NotFoundError("Not found.", code="NOT_FOUND")
        actor = User.objects.filter(pk=grant.user_id).first() if grant.user_id else None
        ip_address = request.META.get("REMOTE_ADDR")
        if grant.kind == "report":
            return report_export_response(
                organization=organization, params=grant.params, actor=actor, ip_address=ip_address
            )
        return candidate_export_response(
            organization=organization,
            params=grant.params,
            export_format=grant.export_format,
            actor=actor,
            ip_address=ip_address,
        )
