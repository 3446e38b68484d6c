"""Analytics API edges: parse the request, call one analytics function, shape the answer."""

from __future__ import annotations

from datetime import date

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from rest_framework import serializers, status
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.response import Response
from rest_framework.views import APIView

from analytics import exports, queries, services
from analytics.metrics import MetricScope
from analytics.stats import candidate_stats, job_stats
from recruiting.api.errors import ApiError, error_body
from recruiting.audit import record_audit
from recruiting.filters import CandidateFilter
from recruiting.models import Candidate
from recruiting.tenancy import request_organization


class AnalyticsView(APIView):
    required_scopes = {"GET": "analytics:read", "POST": "analytics:read"}

    @property
    def organization(self):
        return request_organization(self.request)


class ScopeSerializer(serializers.Serializer):
    start = serializers.DateField(required=False)
    end = serializers.DateField(required=False)
    job = serializers.IntegerField(required=False, min_value=1, max_value=2**62)
    department = serializers.CharField(required=False, max_length=120)
    refresh = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs):
        if attrs.get("start") and attrs.get("end") and attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": ["The end date is before the start date."]})
        return attrs


def metric_scope(request, organization) -> tuple[MetricScope, bool]:
    """The period and job filters of a metrics request (query string), validated."""
    params = ScopeSerializer(data=request.query_params)
    params.is_valid(raise_exception=True)
    data = params.validated_data
    scope = MetricScope(
        organization=organization,
        start=data.get("start"),
        end=data.get("end"),
        job_id=data.get("job"),
        department=data.get("department", "").strip(),
    )
    return scope, data["refresh"]


class DashboardView(AnalyticsView):
    def get(self, request):
        scope, refresh = metric_scope(request, self.organization)
        return Response(services.cached_dashboard(scope=scope, refresh=refresh))


class QueryView(AnalyticsView):
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

    def get(self, request):
        return Response(job_stats(organization=self.organization))


class CandidateStatsView(AnalyticsView):
    required_scopes = {"GET": "candidates:read"}

    def get(self, request):
        return Response(candidate_stats(organization=self.organization))


class ExportFormatNegotiation(BaseContentNegotiation):
    """`?format=csv|xlsx` names the file, not a DRF renderer; errors still render as JSON."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class CandidateExportView(AnalyticsView):
    """Every candidate matching the list's filters, as CSV, JSON or XLSX, streamed."""

    required_scopes = {"GET": "candidates:read"}
    content_negotiation_class = ExportFormatNegotiation

    def get(self, request):
        export_format = request.query_params.get("format", "csv")
        if export_format not in exports.FORMATS:
            raise ApiError(
                f"Unknown export format {export_format!r}; use one of: {', '.join(exports.FORMATS)}.",
                code="UNKNOWN_FORMAT",
            )
        params = request.query_params.copy()
        params.pop("format", None)
        filters = CandidateFilter(params, queryset=Candidate.objects.for_org(self.organization), request=request)
        if not filters.is_valid():
            raise serializers.ValidationError(filters.errors)
        record_audit(
            organization=self.organization,
            actor=request.user,
            action="candidates.exported",
            target_type="candidate",
            target_id=export_format,
            ip_address=request.META.get("REMOTE_ADDR"),
        )
        rows = exports.candidate_rows(filters.qs)
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


class ReportExportView(AnalyticsView):
    """The dashboard metrics as a CSV report (same filters as the dashboard)."""

    def get(self, request):
        scope, refresh = metric_scope(request, self.organization)
        body = services.cached_dashboard(scope=scope, refresh=refresh)
        record_audit(
            organization=self.organization,
            actor=request.user,
            action="analytics.report_exported",
            target_type="report",
            ip_address=request.META.get("REMOTE_ADDR"),
        )
        response = StreamingHttpResponse(
            exports.csv_stream(exports.REPORT_COLUMNS, exports.report_rows(body["dashboard_metrics"])),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="analytics-report-{date.today().isoformat()}.csv"'
        return response
