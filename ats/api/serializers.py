"""Request and response shapes of the partner API."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ats.models import ALL_SCOPES, ApiKey, CandidateImport, JobIngestion
from ats.selectors import rfc3339
from ats.services.candidate_upserts import BULK_MAX_ROWS
from recruiting.api.serializers import FeedbackRatingField


@extend_schema_field({"type": "string", "enum": list(ALL_SCOPES)})
class ScopeField(serializers.CharField):
    """A scope name; an unknown one is the key service's INVALID_SCOPE, named with the valid ones."""


class RegisterIntegrationSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    webhook_url = serializers.URLField(max_length=500, required=False, allow_blank=True, default="")
    scopes = serializers.ListField(child=ScopeField(max_length=50), required=False)


# The bulk intake's body (a hand-read list, so a bad row is reported by its index instead of failing the
# batch): any item that is not a candidate object is such a row.
BULK_CANDIDATES_REQUEST = {
    "type": "object",
    "properties": {
        "candidates": {
            "type": "array",
            "maxItems": BULK_MAX_ROWS,
            "items": {"description": "A candidate object; anything else is reported as an invalid row."},
        },
        "source": {"description": "Where the candidates come from (an API key's integration name otherwise)."},
    },
    "required": ["candidates"],
}


class ApiKeySerializer(serializers.ModelSerializer):
    key = serializers.CharField(source="masked", read_only=True)
    integration_name = serializers.CharField(source="integration.name", read_only=True)

    class Meta:
        model = ApiKey
        fields = [
            "id",
            "name",
            "key",
            "integration",
            "integration_name",
            "scopes",
            "created_at",
            "expires_at",
            "revoked_at",
            "last_used_at",
        ]
        read_only_fields = fields


class RotateSerializer(serializers.Serializer):
    grace_hours = serializers.FloatField(min_value=0, max_value=24 * 30, required=False, default=24)


class PartnerFeedbackSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=10000)
    rating = FeedbackRatingField(required=False, allow_null=True, default=None)
    reviewer = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    source = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


def import_body(job: CandidateImport) -> dict:
    return {
        "id": job.pk,
        "status": job.status,
        "file_name": job.file_name,
        "processed": job.processed,
        "total": job.total,
        "inserted": job.inserted,
        "updated": job.updated,
        "total_errors": job.error_count,
        "errors": job.errors,
        "possible_duplicates": job.possible_duplicates,
        "failure": job.failure,
        "created_at": rfc3339(job.created_at),
        "completed_at": rfc3339(job.completed_at),
    }


def ingestion_body(ingestion: JobIngestion) -> dict:
    return {
        "ingestion_id": ingestion.pk,
        "source": ingestion.source,
        "status": ingestion.status,
        "jobs_received": ingestion.jobs_received,
        "jobs_queued": ingestion.jobs_queued,
        "jobs_created": ingestion.jobs_created,
        "jobs_updated": ingestion.jobs_updated,
        "total_errors": len(ingestion.errors),
        "errors": ingestion.errors,
        "created_at": rfc3339(ingestion.created_at),
        "completed_at": rfc3339(ingestion.completed_at),
    }


class JobIngestionSerializer(serializers.Serializer):
    source = serializers.CharField(max_length=100)
    # A row that is not an object (null included) is reported by its index in the answer, not a 400.
    jobs = serializers.ListField(child=serializers.JSONField(allow_null=True), max_length=1000)
