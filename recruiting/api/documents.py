"""Uploads, resumes, resume parsing and signed storage URLs: the API edge over recruiting/resumes.py."""

from __future__ import annotations

import uuid

from django.http import HttpResponse
from drf_spectacular.utils import OpenApiParameter, OpenApiTypes, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from recruiting import documents, resumes
from recruiting.api.parsers import DepthLimitedJSONParser
from recruiting.errors import DomainError, NotFoundError
from recruiting.models import Candidate, Document, User
from recruiting.tenancy import OrganizationScopedMixin, request_organization

READ_WRITE_SCOPES = {
    "GET": "candidates:read",
    "POST": "candidates:write",
    "PUT": "candidates:write",
    "PATCH": "candidates:write",
    "DELETE": "candidates:write",
}
EVERY_ROLE = frozenset(User.Role.values)


class DocumentSerializer(serializers.ModelSerializer):
    filename = serializers.CharField(source="original_filename", read_only=True)
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id",
            "uuid",
            "kind",
            "filename",
            "content_type",
            "size",
            "description",
            "candidate",
            "download_url",
            "parse_status",
            "parse_error",
            "parsing_confidence",
            "parsed_at",
            "accepted_at",
            "created_at",
        ]
        read_only_fields = fields

    def get_download_url(self, document: Document) -> str:
        url, _ = resumes.signed_url(document=document, user=self.context.get("user"))
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request is not None else url


class ResumeSerializer(DocumentSerializer):
    class Meta(DocumentSerializer.Meta):
        fields = [*DocumentSerializer.Meta.fields, "extracted_data"]
        read_only_fields = fields


class UploadRequest(serializers.Serializer):
    file = serializers.FileField()
    description = serializers.CharField(required=False, allow_blank=True, max_length=1000)


class ParseRequest(serializers.Serializer):
    file = serializers.FileField(required=False)
    resume_url = serializers.CharField(required=False, allow_blank=True, max_length=2000)


# What `resumes.parse_now` reads: a posted file, or else the URL of a file the organization stores (the
# `file_url` or `download_url` the platform gave, matched like `resumes.document_for_url` does). A JSON body
# cannot carry a file, so there the URL is required.
STORED_FILE_URL = {
    "type": "string",
    "maxLength": 2000,
    "pattern": r"/storage/files/[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}\b"
    r"|/uploads/[0-9]+\b",
    "description": "A `file_url` or `download_url` this platform gave for one of your organization's files.",
}
PARSE_JSON = {"type": "object", "properties": {"resume_url": STORED_FILE_URL}, "required": ["resume_url"]}
PARSE_FORM = {
    "type": "object",
    "properties": {"file": {"type": "string", "format": "binary"}, "resume_url": STORED_FILE_URL},
    "anyOf": [{"required": ["file"]}, {"required": ["resume_url"]}],
    "description": "A file, or the URL of a stored one; with both, the file is parsed.",
}


class ParseResponse(serializers.Serializer):
    parsed = serializers.BooleanField()
    extracted_data = serializers.DictField()
    parsing_confidence = serializers.FloatField(allow_null=True)
    parsed_at = serializers.DateTimeField(allow_null=True)


@extend_schema_field({"type": "string", "enum": list(resumes.ACCEPTED_FIELDS)})
class AcceptedFieldName(serializers.CharField):
    """Types only: `resumes.accept_parsed_fields` names every unknown field at once (UNKNOWN_FIELD)."""


class AcceptRequest(serializers.Serializer):
    fields = serializers.ListField(child=AcceptedFieldName(), required=False)


class PresignRequest(serializers.Serializer):
    filename = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    content_type = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    operation = serializers.ChoiceField(choices=["upload", "download"])
    file_url = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class PresignResponse(serializers.Serializer):
    upload_url = serializers.CharField(required=False)
    download_url = serializers.CharField(required=False)
    file_url = serializers.CharField()
    expires_at = serializers.DateTimeField()


class LimitedUploadMixin:
    """Install the size-limited upload handler before DRF reads the body (413 before it is read)."""

    def initialize_request(self, request, *args, **kwargs):
        documents.limit_uploads(request)
        return super().initialize_request(request, *args, **kwargs)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "user": self.request.user}


@extend_schema(tags=["uploads"])
class UploadViewSet(
    LimitedUploadMixin,
    OrganizationScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """Files of the organization: uploaded here (multipart `file` + `description`), listed, read, deleted."""

    lookup_value_regex = "[0-9]+"
    queryset = Document.objects.select_related("candidate")
    serializer_class = DocumentSerializer
    parser_classes = [MultiPartParser, FormParser]
    required_scopes = READ_WRITE_SCOPES
    write_roles = EVERY_ROLE - {User.Role.VIEWER}

    @extend_schema(request={"multipart/form-data": UploadRequest}, responses={201: DocumentSerializer})
    def create(self, request):
        description = request.data.get("description", "") or ""
        filename, data = documents.read_posted_file(request.FILES)
        document = resumes.store_document(
            organization=self.organization,
            data=data,
            filename=filename,
            uploaded_by=request.user,
            description=str(description),
        )
        return Response(self.get_serializer(document).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance):
        resumes.delete_document(document=instance)


@extend_schema(tags=["resumes"])
class CandidateResumesView(LimitedUploadMixin, OrganizationScopedMixin, APIView):
    """A candidate's resumes: upload one (PDF, DOCX or text; parsed in the background) or list them."""

    parser_classes = [MultiPartParser, FormParser]
    required_scopes = READ_WRITE_SCOPES
    write_roles = EVERY_ROLE - {User.Role.VIEWER}

    def get_serializer_context(self):
        return {"request": self.request, "user": self.request.user}

    def _candidate(self, candidate_id: int) -> Candidate:
        candidate = Candidate.objects.for_org(self.organization).filter(pk=candidate_id).first()
        if candidate is None:
            raise NotFoundError("Candidate not found.")
        return candidate

    @extend_schema(responses={200: ResumeSerializer(many=True)})
    def get(self, request, candidate_id: int):
        resumes_of = self._candidate(candidate_id).documents.filter(kind=Document.Kind.RESUME)
        return Response(ResumeSerializer(resumes_of, many=True, context=self.get_serializer_context()).data)

    @extend_schema(request={"multipart/form-data": UploadRequest}, responses={201: ResumeSerializer})
    def post(self, request, candidate_id: int):
        candidate = self._candidate(candidate_id)
        filename, data = documents.read_posted_file(request.FILES)
        document = resumes.attach_resume(
            candidate=candidate,
            data=data,
            filename=filename,
            uploaded_by=request.user,
        )
        document.refresh_from_db()
        return Response(
            ResumeSerializer(document, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )


@extend_schema(tags=["resumes"])
class ResumeViewSet(LimitedUploadMixin, OrganizationScopedMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """One resume with its parsed fields; parse it again, or accept its fields into the candidate."""

    lookup_value_regex = "[0-9]+"
    queryset = Document.objects.filter(kind=Document.Kind.RESUME)
    serializer_class = ResumeSerializer
    required_scopes = READ_WRITE_SCOPES
    write_roles = EVERY_ROLE - {User.Role.VIEWER}

    @extend_schema(request=AcceptRequest, responses={200: ResumeSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        document = self.get_object()
        body = AcceptRequest(data=request.data)
        body.is_valid(raise_exception=True)
        resumes.accept_parsed_fields(document=document, actor=request.user, fields=body.validated_data.get("fields"))
        document.refresh_from_db()
        return Response(self.get_serializer(document).data)

    @extend_schema(request=None, responses={202: ResumeSerializer})
    @action(detail=True, methods=["post"])
    def parse(self, request, pk=None):
        document = resumes.request_parse(document=self.get_object())
        return Response(self.get_serializer(document).data, status=status.HTTP_202_ACCEPTED)


@extend_schema(tags=["resumes"])
class ResumeParseView(LimitedUploadMixin, APIView):
    """Parse a posted file, or a file the platform already stores (`resume_url`), and answer with the fields."""

    parser_classes = [DepthLimitedJSONParser, MultiPartParser, FormParser]
    required_scopes = {"POST": "candidates:write"}
    extra_error_statuses = (404,)  # a `resume_url` the organization does not store
    write_roles = EVERY_ROLE - {User.Role.VIEWER}

    @extend_schema(
        request={"multipart/form-data": PARSE_FORM, "application/json": PARSE_JSON},
        responses={200: ParseResponse},
    )
    def post(self, request):
        organization = request_organization(request)
        uploaded = request.FILES.get("file")
        # The serializer, not this view, reads the body: a JSON array or string is its 400, not a crash.
        body = ParseRequest(data=request.data if uploaded is None else {})
        body.is_valid(raise_exception=True)
        document = resumes.parse_now(
            organization=organization,
            data=documents.read_uploaded_file(uploaded) if uploaded is not None else None,
            resume_url=body.validated_data.get("resume_url", ""),
        )
        if document.parse_status != Document.ParseStatus.PARSED:
            raise DomainError(
                document.parse_error or "The resume could not be parsed.", code="UNREADABLE_FILE", field="file"
            )
        return Response(
            ParseResponse(
                {
                    "parsed": True,
                    "extracted_data": document.extracted_data,
                    "parsing_confidence": document.parsing_confidence,
                    "parsed_at": document.parsed_at,
                }
            ).data
        )


@extend_schema(tags=["uploads"])
class PresignView(APIView):
    """A signed, expiring URL to upload a new file (PUT) or download a stored one (GET)."""

    required_scopes = {"POST": "candidates:write"}
    write_roles = EVERY_ROLE - {User.Role.VIEWER}
    extra_error_statuses = (404,)  # a download of a `file_url` the organization does not store

    @extend_schema(request=PresignRequest, responses={200: PresignResponse})
    def post(self, request):
        body = PresignRequest(data=request.data)
        body.is_valid(raise_exception=True)
        answer = resumes.presign(
            organization=request_organization(request),
            operation=body.validated_data["operation"],
            filename=body.validated_data["filename"],
            file_url=body.validated_data["file_url"],
            user=request.user if request.user.is_authenticated else None,
        )
        for name in ("upload_url", "download_url", "file_url"):
            if name in answer:
                answer[name] = request.build_absolute_uri(answer[name])
        return Response(PresignResponse(answer).data)


def _uuid(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError as error:
        raise NotFoundError("File not found.") from error


@extend_schema(
    tags=["uploads"],
    parameters=[OpenApiParameter("signature", OpenApiTypes.STR, OpenApiParameter.QUERY, required=True)],
)
class SignedFileView(APIView):
    """The signed URL itself: GET downloads the file, PUT uploads its bytes; the signature is the credential."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request, file_uuid: str):
        document, data = resumes.signed_download(
            file_uuid=_uuid(file_uuid), signature=request.query_params.get("signature", "")
        )
        response = HttpResponse(data, content_type=document.content_type)
        response["Content-Disposition"] = f'attachment; filename="{document.original_filename.replace(chr(34), "")}"'
        response["X-Content-Type-Options"] = "nosniff"
        return response

    @extend_schema(request={"application/octet-stream": OpenApiTypes.BINARY}, responses={201: DocumentSerializer})
    def put(self, request, file_uuid: str):
        file_uuid = _uuid(file_uuid)
        signature = request.query_params.get("signature", "")
        # The signature first: a stranger's body is never read. The raw body is read within the limit.
        grant = documents.verify_file_signature(signature, file_uuid=file_uuid, operation="put")
        data = documents.read_limited(request._request, content_length=request.META.get("CONTENT_LENGTH"))
        document = resumes.receive_signed_upload(grant=grant, data=data)
        return Response(DocumentSerializer(document, context={"request": request}).data, status=status.HTTP_201_CREATED)
