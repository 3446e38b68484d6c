"""Partner API endpoints: thin views over the ats services and selectors."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import get_object_or_404
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from ats import selectors
from ats.api.authentication import RequiredApiKeyAuthentication
from ats.api.filters import parse_query_datetime, positive_int
from ats.api.serializers import (
    BULK_CANDIDATES_REQUEST,
    ApiKeySerializer,
    JobIngestionSerializer,
    PartnerFeedbackSerializer,
    RegisterIntegrationSerializer,
    RotateSerializer,
    import_body,
    ingestion_body,
)
from ats.models import ApiKey, CandidateImport, JobIngestion
from ats.selectors import rfc3339
from ats.services import api_keys, candidate_upserts, csv_import, job_ingestion
from ats.services.feedback import add_partner_feedback
from recruiting.api.errors import ApiError
from recruiting.api.permissions import HasOrganizationRole, IsOrganizationAdmin
from recruiting.api.rendering import json_response
from recruiting.tenancy import request_organization

MAX_PAGE_SIZE = 100


def _integration(request):
    """The partner integration behind an API-key request, or None for a signed-in user."""
    return getattr(request.auth, "integration", None)


class PartnerEndpoint(APIView):
    """An /api/ats/ endpoint: an `X-API-Key` is required and the key's scopes decide."""

    authentication_classes = [RequiredApiKeyAuthentication]
    permission_classes = [HasOrganizationRole]
    # The seed contract's headers describe the key's hourly window, not the plan's per-minute one.
    reports_api_key_window = True


# --- Integration and key management (admins, by JWT or session; never by API key) -------------


class RegisterIntegrationView(APIView):
    permission_classes = [IsOrganizationAdmin]

    @extend_schema(request=RegisterIntegrationSerializer, tags=["partner"], responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        """Register a partner integration and return its API key (shown only this once)."""
        body = RegisterIntegrationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        integration, api_key, raw_key = api_keys.register_integration(
            organization=request_organization(request), created_by=request.user, **body.validated_data
        )
        return Response(
            {
                "integration_id": integration.pk,
                "name": integration.name,
                "api_key": raw_key,
                "scopes": api_key.scopes,
                "message": "Store this API key now: it is shown only once.",
            },
            status=status.HTTP_201_CREATED,
        )


class ApiKeyListView(APIView):
    permission_classes = [IsOrganizationAdmin]

    @extend_schema(tags=["partner"], responses={200: ApiKeySerializer(many=True)})
    def get(self, request):
        """The organization's API keys, masked."""
        keys = ApiKey.objects.for_org(request_organization(request)).select_related("integration")
        return Response(ApiKeySerializer(keys, many=True).data)


class RevokeApiKeyView(APIView):
    permission_classes = [IsOrganizationAdmin]

    @extend_schema(request=None, tags=["partner"], responses={200: ApiKeySerializer})
    def post(self, request, pk: int):
        """Revoke a key: its next request is a 401."""
        api_key = get_object_or_404(ApiKey.objects.for_org(request_organization(request)), pk=pk)
        return Response(ApiKeySerializer(api_keys.revoke_api_key(api_key=api_key, actor=request.user)).data)


class RotateApiKeyView(APIView):
    permission_classes = [IsOrganizationAdmin]

    @extend_schema(request=RotateSerializer, tags=["partner"], responses={201: OpenApiTypes.OBJECT})
    def post(self, request, pk: int):
        """Issue a successor key; the old one keeps working for `grace_hours`."""
        api_key = get_object_or_404(ApiKey.objects.for_org(request_organization(request)), pk=pk)
        body = RotateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        successor, raw_key = api_keys.rotate_api_key(
            api_key=api_key, actor=request.user, grace_hours=body.validated_data["grace_hours"]
        )
        return Response(
            {
                **ApiKeySerializer(successor).data,
                "api_key": raw_key,
                "old_key_expires_at": rfc3339(ApiKey.objects.get(pk=api_key.pk).expires_at),
            },
            status=status.HTTP_201_CREATED,
        )


# --- The ATS contract ------------------------------------------------------------------------------


class CandidateSyncView(PartnerEndpoint):
    required_scopes = {"POST": "candidates:write"}

    @extend_schema(request=None, tags=["partner"], responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        """Upsert a candidate by (integration, external_id)."""
        candidate, _created = candidate_upserts.sync_candidate(integration=_integration(request), payload=request.data)
        return Response(selectors.candidate_as_partner_dict(candidate), status=status.HTTP_201_CREATED)


class CandidatePullView(PartnerEndpoint):
    required_scopes = {"GET": "candidates:read"}

    @extend_schema(
        tags=["partner"],
        parameters=[
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int, description="At most 100."),
            OpenApiParameter("updated_since", str, description="ISO 8601, inclusive."),
            OpenApiParameter("cursor", str, description="`next_cursor` of the previous page, instead of `page`."),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        """The organization's candidates, oldest change first; every page costs what the first does."""
        page = positive_int(request, "page", 1)
        page_size = min(positive_int(request, "page_size", 50), MAX_PAGE_SIZE)
        updated_since = parse_query_datetime(request.query_params.get("updated_since"), parameter="updated_since")
        result = selectors.candidate_page(
            organization=request_organization(request),
            page=page,
            page_size=page_size,
            updated_since=updated_since,
            cursor=request.query_params.get("cursor") or None,
        )
        return json_response(
            {
                "total": result.total,
                "total_is_estimate": result.total_is_estimate,
                "candidates": result.candidates,
                "page": page,
                "page_size": page_size,
                "next_cursor": result.next_cursor,
            }
        )


class ScorecardExportView(PartnerEndpoint):
    required_scopes = {"GET": "scorecards:read"}

    @extend_schema(
        tags=["partner"],
        parameters=[
            OpenApiParameter("candidate_external_id", str),
            OpenApiParameter("from_date", str, description="ISO 8601; submitted at or after."),
            OpenApiParameter("to_date", str, description="ISO 8601; submitted at or before."),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        """Scorecards as a bare JSON array, with bias-checked feedback."""
        params = request.query_params
        return Response(
            selectors.scorecard_export(
                organization=request_organization(request),
                candidate_external_id=params.get("candidate_external_id") or None,
                submitted_from=parse_query_datetime(params.get("from_date"), parameter="from_date"),
                submitted_to=parse_query_datetime(params.get("to_date"), parameter="to_date", end_of_day=True),
            )
        )


class FeedbackSyncView(PartnerEndpoint):
    required_scopes = {"POST": "feedback:write"}

    @extend_schema(
        request=PartnerFeedbackSerializer,
        parameters=[OpenApiParameter("candidate_external_id", str, required=True)],
        tags=["partner"],
        responses={201: OpenApiTypes.OBJECT},
    )
    def post(self, request):
        """Store partner feedback on a candidate, bias-checked."""
        external_id = request.query_params.get("candidate_external_id", "").strip()
        if not external_id:
            raise serializers.ValidationError({"candidate_external_id": ["This query parameter is required."]})
        body = PartnerFeedbackSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        feedback = add_partner_feedback(
            integration=_integration(request), candidate_external_id=external_id, **body.validated_data
        )
        return Response(
            {
                "status": "success",
                "candidate_id": feedback.candidate_id,
                "feedback_id": feedback.pk,
                "bias_filtered": feedback.bias_filtered,
                "text": feedback.text,
                "bias_flags": feedback.bias_flags,
            },
            status=status.HTTP_201_CREATED,
        )


# --- Bulk intake on /api/v1/ (JWT, session or API key) ---------------------------------------------


class BulkCandidatesView(APIView):
    required_scopes = {"POST": "candidates:write"}

    @extend_schema(
        request={"application/json": BULK_CANDIDATES_REQUEST}, tags=["partner"], responses={200: OpenApiTypes.OBJECT}
    )
    def post(self, request):
        """Validate and upsert up to 1,000 candidates; invalid rows are reported, valid ones land."""
        rows = request.data.get("candidates") if isinstance(request.data, dict) else None
        if not isinstance(rows, list):
            raise serializers.ValidationError({"candidates": ["Send a list of candidates."]})
        if len(rows) > candidate_upserts.BULK_MAX_ROWS:
            raise serializers.ValidationError(
                {"candidates": [f"At most {candidate_upserts.BULK_MAX_ROWS} candidates per request."]}
            )
        source = candidate_upserts.bulk_source(
            integration=_integration(request), requested=str(request.data.get("source") or "")[:100]
        )
        result = candidate_upserts.upsert_candidates(
            organization=request_organization(request), source=source, rows=rows
        )
        return Response(
            {
                "candidates_received": result.received,
                "candidates_inserted": result.inserted,
                "candidates_updated": result.updated,
                "total_errors": len(result.errors),
                "errors": result.errors,
                "possible_duplicates": result.possible_duplicates,
                "status": result.status,
            }
        )


class CandidateImportView(APIView):
    required_scopes = {"POST": "candidates:write"}
    parser_classes = [MultiPartParser]
    MAX_BYTES = 64 * 1024 * 1024

    @extend_schema(
        request={
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary", "description": "A CSV file."}},
                "required": ["file"],
            }
        },
        tags=["partner"],
        responses={202: OpenApiTypes.OBJECT},
    )
    def post(self, request):
        """Start a CSV import (multipart field `file`); poll its progress at /candidates/import/{id}."""
        upload = request.FILES.get("file")
        if upload is None:
            raise serializers.ValidationError({"file": ["Upload a CSV file in the multipart field 'file'."]})
        if upload.size > self.MAX_BYTES:
            raise ApiError("The file is larger than 64 MB.", code="PAYLOAD_TOO_LARGE", status_code=413)
        job = csv_import.start_candidate_import(
            organization=request_organization(request),
            csv_bytes=upload.read(),
            file_name=upload.name or "",
            created_by=request.user if request.user.is_authenticated else None,
            integration=_integration(request),
        )
        return Response(import_body(job), status=status.HTTP_202_ACCEPTED)


class CandidateImportStatusView(APIView):
    required_scopes = {"GET": "candidates:read"}

    @extend_schema(tags=["partner"], responses={200: OpenApiTypes.OBJECT})
    def get(self, request, pk: int):
        """An import's progress: status, processed of total, inserted, updated and row errors."""
        job = get_object_or_404(CandidateImport.objects.for_org(request_organization(request)), pk=pk)
        return Response(import_body(job))


class JobIngestionView(APIView):
    required_scopes = {"POST": "jobs:write"}

    @extend_schema(request=JobIngestionSerializer, tags=["partner"], responses={202: OpenApiTypes.OBJECT})
    def post(self, request):
        """Queue a batch of jobs for upsert by (source, external_id)."""
        body = JobIngestionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        ingestion = job_ingestion.start_job_ingestion(
            organization=request_organization(request), integration=_integration(request), **body.validated_data
        )
        return Response(
            {
                "ingestion_id": ingestion.pk,
                "jobs_received": ingestion.jobs_received,
                "jobs_queued": ingestion.jobs_queued,
                "status": "processing",
                "errors": ingestion.errors,
            },
            status=status.HTTP_202_ACCEPTED,
        )


class JobIngestionStatusView(APIView):
    required_scopes = {"GET": "jobs:read"}

    @extend_schema(tags=["partner"], responses={200: OpenApiTypes.OBJECT})
    def get(self, request, pk: int):
        """The outcome of an ingestion batch."""
        ingestion = get_object_or_404(JobIngestion.objects.for_org(request_organization(request)), pk=pk)
        return Response(ingestion_body(ingestion))
