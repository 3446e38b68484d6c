"""Recruiting API viewsets: scoped querysets, serializers and filters; workflows live in services."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import BaseThrottle
from rest_framework.views import APIView
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.settings import api_settings as jwt_settings
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.utils import get_md5_hash_password

from recruiting import duplicates, json_rows, lifecycle, page_starts, services
from recruiting.api import serializers as s
from recruiting.api.errors import ApiError
from recruiting.api.permissions import ADMIN_ROLES, caller_role, is_api_key_caller
from recruiting.api.rendering import json_response
from recruiting.api.schema import ErrorSerializer
from recruiting.bias import check_bias
from recruiting.errors import DomainError
from recruiting.filters import (
    ApplicationFilter,
    AuditEntryFilter,
    CandidateFilter,
    FeedbackFilter,
    InterviewFilter,
    JobFilter,
    NoteFilter,
    ScorecardFilter,
    UserFilter,
)
from recruiting.health import healthy, system_checks
from recruiting.login_throttle import record_login_attempt
from recruiting.models import (
    Application,
    AuditEntry,
    Candidate,
    Feedback,
    Interview,
    Job,
    Note,
    PipelineStage,
    RejectionReason,
    Scorecard,
    User,
)
from recruiting.tenancy import OrganizationScopedMixin, request_organization

HIRING_WRITE_ROLES = User.HIRING_ROLES


def access_token_body(access, user: User) -> dict:
    """The access token with the caller's organization and role as claims, as the API returns it."""
    access["org"] = user.organization_id
    access["role"] = user.role
    return {
        "access_token": str(access),
        "token_type": "Bearer",
        "expires_in": int(jwt_settings.ACCESS_TOKEN_LIFETIME.total_seconds()),
    }


def _token_pair(user: User) -> dict:
    refresh = RefreshToken.for_user(user)
    refresh["org"] = user.organization_id
    refresh["role"] = user.role
    return {**access_token_body(refresh.access_token, user), "refresh_token": str(refresh)}


class TokenEndpoint(APIView):
    """Unauthenticated token endpoints that still answer 401 (not 403) with a Bearer challenge."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    def get_authenticate_header(self, request):
        return 'Bearer realm="api"'


class LoginThrottle(BaseThrottle):
    """Sign-in attempts per client address (recruiting.login_throttle), as a DRF throttle."""

    def allow_request(self, request, view) -> bool:
        self._wait = record_login_attempt(request)
        return self._wait is None

    def wait(self):
        return self._wait


class LoginView(TokenEndpoint):
    throttle_classes = [LoginThrottle]

    @extend_schema(
        request=s.LoginSerializer,
        responses={200: s.TokenPairSerializer},
        auth=[],
        tags=["auth"],
    )
    def post(self, request):
        """Exchange an email and password for a bearer token pair."""
        body = s.LoginSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user = authenticate(request, email=body.validated_data["email"], password=body.validated_data["password"])
        if user is None or not user.is_active:
            raise ApiError("Invalid email or password.", code="INVALID_CREDENTIALS", status_code=401)
        return Response(_token_pair(user))


def usable_refresh_token(raw: str) -> tuple[RefreshToken, User]:
    """The refresh token and its active user, if it is unexpired, not blacklisted and not revoked."""
    try:
        refresh = RefreshToken(raw)
        user = User.objects.get(pk=refresh[jwt_settings.USER_ID_CLAIM], is_active=True)
        if refresh.get(jwt_settings.REVOKE_TOKEN_CLAIM) != get_md5_hash_password(user.password):
            raise TokenError("Issued before the last password change.")
    except (TokenError, User.DoesNotExist, KeyError) as exc:
        raise InvalidToken("Invalid or expired refresh token.") from exc
    return refresh, user


class RefreshView(TokenEndpoint):
    @extend_schema(
        request=s.RefreshSerializer,
        responses={200: s.TokenPairSerializer},
        auth=[],
        tags=["auth"],
    )
    def post(self, request):
        """Exchange a refresh token for a new token pair; the used refresh token stops working."""
        body = s.RefreshSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        refresh, user = usable_refresh_token(body.validated_data["refresh_token"])
        refresh.blacklist()
        return Response(_token_pair(user))


class LogoutView(TokenEndpoint):
    @extend_schema(request=s.RefreshSerializer, responses={204: None}, auth=[], tags=["auth"])
    def post(self, request):
        """Sign out: blacklist the refresh token so it can mint no more access tokens."""
        body = s.RefreshSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        refresh, _user = usable_refresh_token(body.validated_data["refresh_token"])
        refresh.blacklist()
        return Response(status=status.HTTP_204_NO_CONTENT)


class RegisterView(APIView):
    """Self-registration (ReViewPoint): a partner's API key (`users:write`) or an admin."""

    write_roles = ADMIN_ROLES
    required_scopes = {"POST": "users:write"}

    @extend_schema(request=s.RegistrationSerializer, responses={201: s.RegisteredSerializer}, tags=["auth"])
    def post(self, request):
        """Create a viewer account in the caller's organization; 409 when the e-mail has an account."""
        body = s.RegistrationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user = services.register_user(organization=request_organization(request), **body.validated_data)
        return Response(
            {"user": s.MemberSerializer(user).data, "message": "User registered successfully"},
            status=status.HTTP_201_CREATED,
        )


class MeView(APIView):
    @extend_schema(responses={200: s.UserSerializer}, tags=["auth"])
    def get(self, request):
        """The signed-in user, with organization and role."""
        return Response(s.UserSerializer(request.user).data)


# An admin cannot demote, deactivate or remove themselves (services.update_user): a rule about who asks,
# which no request schema can state, so the answer is documented on each operation it can refuse.
SELF_DEMOTION = OpenApiResponse(
    ErrorSerializer,
    description=(
        "Invalid input; or, with code SELF_DEMOTION, the caller asked to demote, deactivate or remove their own "
        "account: ask another admin."
    ),
)


@extend_schema_view(
    update=extend_schema(responses={200: s.MemberSerializer, 400: SELF_DEMOTION}),
    partial_update=extend_schema(responses={200: s.MemberSerializer, 400: SELF_DEMOTION}),
    destroy=extend_schema(responses={204: None, 400: SELF_DEMOTION}),
)
class UserViewSet(
    OrganizationScopedMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    """The organization's users: every member reads (to pick interviewers); only admins manage."""

    queryset = User.objects.select_related("organization")
    serializer_class = s.MemberSerializer
    write_roles = ADMIN_ROLES
    filterset_class = UserFilter
    ordering = ["email"]
    # Partners read the user list (ReViewPoint's service client); managing users stays with admins.
    required_scopes = {"GET": "users:read"}

    def perform_destroy(self, instance):
        # Users are deactivated, never deleted: their history (moves, scorecards) keeps its author.
        services.update_user(user=instance, actor=self.request.user, is_active=False)


class JobViewSet(OrganizationScopedMixin, viewsets.ModelViewSet):
    # Numeric ids only, so sibling routes such as `jobs/stats` never reach this viewset.
    lookup_value_regex = "[0-9]+"
    queryset = Job.objects.prefetch_related("hiring_team")
    serializer_class = s.JobSerializer
    required_scopes = {
        "GET": "jobs:read",
        "POST": "jobs:write",
        "PUT": "jobs:write",
        "PATCH": "jobs:write",
        "DELETE": "jobs:write",
    }
    filterset_class = JobFilter
    ordering_fields = ["created_at", "updated_at", "title", "id"]
    ordering = ["-created_at", "-id"]

    def list(self, request, *args, **kwargs):
        """The organization's jobs, newest first: each row with its hiring team rendered as JSON by
        PostgreSQL, or shaped from plain rows elsewhere (see job_list_row); the two write the same JSON."""
        jobs = self.filter_queryset(self.get_queryset()).prefetch_related(None)
        if json_rows.renders_in_database(jobs.db, local_times=True):
            rows = jobs.values_list(json_rows.JsonRow(Job, s.JOB_LIST_FIELDS), flat=True)
            return self.paginator.get_rendered_response(self.paginate_queryset(rows))
        return self.get_paginated_response(s.job_list_rows(self.paginate_queryset(jobs.values(*s.JOB_LIST_COLUMNS))))

    def perform_destroy(self, instance):
        services.delete_job(job=instance)


class CandidateViewSet(OrganizationScopedMixin, viewsets.ModelViewSet):
    # Numeric ids only, so sibling routes such as `candidates/stats` never reach this viewset.
    lookup_value_regex = "[0-9]+"
    queryset = Candidate.objects.all()
    serializer_class = s.CandidateSerializer
    required_scopes = {
        "GET": "candidates:read",
        "POST": "candidates:write",
        "PUT": "candidates:write",
        "PATCH": "candidates:write",
        "DELETE": "candidates:write",
    }
    filterset_class = CandidateFilter
    ordering_fields = ["created_at", "updated_at", "last_name", "experience_years", "id"]
    ordering = ["-created_at", "-id"]

    @staticmethod
    def _rendered(candidates):
        """Each candidate as the JSON text PostgreSQL renders (recruiting.json_rows), the serializer's fields."""
        return candidates.values_list(json_rows.JsonRow(Candidate, s.CANDIDATE_LIST_FIELDS), flat=True)

    def list(self, request, *args, **kwargs):
        """The organization's candidates, newest first: each row rendered as JSON by PostgreSQL, or shaped
        from plain rows elsewhere (see candidate_list_row); the two write the same JSON."""
        candidates = self.filter_queryset(self.get_queryset())
        self.paginator.page_starts = page_starts.for_candidate_list(
            request_organization(request), request.query_params, using=candidates.db
        )
        if json_rows.renders_in_database(candidates.db, local_times=True):
            return self.paginator.get_rendered_response(self.paginate_queryset(self._rendered(candidates)))
        rows = self.paginate_queryset(candidates.values(*s.CANDIDATE_LIST_COLUMNS))
        return self.get_paginated_response(s.candidate_list_rows(rows))

    def _personal_data_caller(self, request) -> None:
        """Exports and erasures are for organization admins and API keys with the candidates scope."""
        if not is_api_key_caller(request) and caller_role(request) not in ADMIN_ROLES:
            raise ApiError(
                "Only organization admins can export or erase a person's data.", code="FORBIDDEN", status_code=403
            )

    @extend_schema(request=None, responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def export(self, request, pk=None):
        """Everything held about the person (every related record and file reference); audited."""
        self._personal_data_caller(request)
        candidate = self.get_object()
        return Response(
            lifecycle.export_candidate(
                candidate=candidate, actor=request.user, ip_address=request.META.get("REMOTE_ADDR")
            )
        )

    @extend_schema(request=None, responses={200: s.CandidateSerializer})
    @action(detail=True, methods=["post"])
    def erase(self, request, pk=None):
        """Anonymise the person; stage history, scores, dates and source stay for reporting; audited."""
        self._personal_data_caller(request)
        candidate = lifecycle.erase_candidate(
            candidate=self.get_object(), actor=request.user, ip_address=request.META.get("REMOTE_ADDR")
        )
        return Response(self.get_serializer(candidate).data)

    def retrieve(self, request, *args, **kwargs):
        """A candidate; the id of one merged into another answers 301 to the kept record. On PostgreSQL
        the record is rendered by the database, as a row of the list is (the same JSON as the
        serializer's: tests/api_speed/test_candidate_list_rows.py)."""
        try:
            candidates = self.get_queryset()
            if not json_rows.renders_in_database(candidates.db, local_times=True):
                return super().retrieve(request, *args, **kwargs)
            row = self._rendered(candidates.filter(pk=kwargs[self.lookup_field])).first()
            if row is None:
                raise Http404
            return json_response(json_rows.RawJSON(row))
        except Http404:
            kept = duplicates.redirect_for(organization=self.organization, candidate_id=kwargs[self.lookup_field])
            if kept is None:
                raise
            return HttpResponsePermanentRedirect(reverse("recruiting_api:candidate-detail", args=[kept.pk]))

    @extend_schema(request=s.CandidateMergeSerializer, responses={200: s.CandidateSerializer})
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """Merge `duplicate_id` into this candidate: its applications, interviews, scorecards, feedback,
        notes, resumes and partner ids move here in one transaction; its id then answers 301 here."""
        kept = self.get_object()
        body = s.CandidateMergeSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        duplicate = Candidate.objects.for_org(self.organization).filter(pk=body.validated_data["duplicate_id"]).first()
        if duplicate is None:
            # Another organization's id reads exactly like one that does not exist.
            raise DomainError("No such candidate to merge.", code="UNKNOWN_CANDIDATE", field="duplicate_id")
        merged = duplicates.merge_candidates(
            kept=kept, duplicate=duplicate, actor=request.user, ip_address=request.META.get("REMOTE_ADDR")
        )
        return Response(self.get_serializer(merged).data)

    @extend_schema(request=None, responses={200: s.CandidateSerializer})
    @action(detail=True, methods=["post"], url_path="not-a-duplicate")
    def not_a_duplicate(self, request, pk=None):
        """Clear the likely-duplicate flag: a recruiter checked and these are two people."""
        candidate = duplicates.dismiss_possible_duplicate(candidate=self.get_object(), actor=request.user)
        return Response(self.get_serializer(candidate).data)


class AuditEntryViewSet(OrganizationScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """The organization's audit log: who exported, erased or merged whom, changed keys, roles and
    integrations, and from where; no personal payload. Admins, and API keys with `audit:read`."""

    queryset = AuditEntry.objects.select_related("actor")
    serializer_class = s.AuditEntrySerializer
    read_roles = ADMIN_ROLES
    required_scopes = {"GET": "audit:read"}
    filterset_class = AuditEntryFilter
    ordering = ["-created_at", "-id"]


class PipelineStageViewSet(OrganizationScopedMixin, viewsets.ReadOnlyModelViewSet):
    queryset = PipelineStage.objects.all()
    serializer_class = s.StageSerializer
    pagination_class = None
    ordering = ["order", "id"]


class RejectionReasonViewSet(OrganizationScopedMixin, viewsets.ReadOnlyModelViewSet):
    """The organization's rejection reasons, to pick one when moving an application to Rejected."""

    queryset = RejectionReason.objects.all()
    serializer_class = s.RejectionReasonSerializer
    pagination_class = None
    ordering = ["order", "id"]


class ApplicationViewSet(OrganizationScopedMixin, viewsets.ModelViewSet):
    queryset = Application.objects.select_related("candidate", "job", "stage", "rejection_reason")
    serializer_class = s.ApplicationSerializer
    filterset_class = ApplicationFilter
    ordering_fields = ["applied_at", "stage_changed_at", "id"]
    ordering = ["-applied_at", "-id"]

    # A list page shows of each application's candidate, job, stage and rejection reason only these;
    # loading their every column (descriptions, skills, partner data: 100-odd decoded values a page)
    # cost the page about a third of its CPU.
    LIST_RELATED_COLUMNS = (
        "candidate__first_name",
        "candidate__last_name",
        "job__title",
        "stage__key",
        "rejection_reason__code",
    )

    def get_queryset(self):
        applications = super().get_queryset()
        if self.action == "list":
            own = [field.name for field in Application._meta.concrete_fields]
            applications = applications.only(*own, *self.LIST_RELATED_COLUMNS)
        return applications

    def list(self, request, *args, **kwargs):
        """The organization's applications, newest first: on PostgreSQL each row rendered as JSON by the
        database with its candidate's name, job title, stage key and rejection code (the serializer's
        JSON: tests/api_speed/test_application_list_rows.py); elsewhere by the serializer."""
        applications = self.filter_queryset(self.get_queryset())
        if not json_rows.renders_in_database(applications.db, local_times=True):
            return super().list(request, *args, **kwargs)
        rows = applications.values_list(json_rows.JsonRow(Application, s.APPLICATION_LIST_FIELDS), flat=True)
        return self.paginator.get_rendered_response(self.paginate_queryset(rows))

    def get_serializer_class(self):
        if self.action in ("update", "partial_update"):
            return s.ApplicationUpdateSerializer
        if self.action == "move":
            return s.MoveStageSerializer
        if self.action == "history":
            return s.StageChangeSerializer
        return super().get_serializer_class()

    @extend_schema(request=s.MoveStageSerializer, responses={200: s.ApplicationSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Move the application to another pipeline stage, recording history."""
        application = self.get_object()
        body = self.get_serializer(data=request.data)
        body.is_valid(raise_exception=True)
        moved = services.move_application_to_stage(
            application=application,
            stage=body.validated_data["stage"],
            actor=request.user,
            reason=body.validated_data.get("rejection_note") or body.validated_data["reason"],
            rejection_reason=body.validated_data.get("rejection_reason"),
            email_template=body.validated_data.get("email_template"),
        )
        return Response(s.ApplicationSerializer(moved, context=self.get_serializer_context()).data)

    @extend_schema(responses={200: s.StageChangeSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None, filterset_class=None)
    def history(self, request, pk=None):
        """The application's stage history, newest first."""
        application = self.get_object()
        changes = application.history.select_related("from_stage", "to_stage", "changed_by")
        return Response(s.StageChangeSerializer(changes, many=True).data)


class InterviewViewSet(OrganizationScopedMixin, viewsets.ModelViewSet):
    queryset = Interview.objects.select_related("application__candidate", "application__job").prefetch_related(
        "interviewers"
    )
    serializer_class = s.InterviewSerializer
    filterset_class = InterviewFilter
    write_roles = HIRING_WRITE_ROLES
    ordering_fields = ["scheduled_at", "id"]
    ordering = ["-scheduled_at", "-id"]


class ScorecardViewSet(OrganizationScopedMixin, viewsets.ModelViewSet):
    queryset = Scorecard.objects.select_related("interviewer")
    serializer_class = s.ScorecardSerializer
    required_scopes = {"GET": "scorecards:read"}
    filterset_class = ScorecardFilter
    write_roles = HIRING_WRITE_ROLES
    ordering_fields = ["submitted_at", "id"]
    ordering = ["-submitted_at", "-id"]


class FeedbackViewSet(
    OrganizationScopedMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.ListModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Feedback.objects.all()
    serializer_class = s.FeedbackSerializer
    required_scopes = {"POST": "feedback:write"}
    filterset_class = FeedbackFilter
    write_roles = HIRING_WRITE_ROLES
    ordering = ["-created_at", "-id"]


class NoteViewSet(OrganizationScopedMixin, viewsets.ModelViewSet):
    queryset = Note.objects.select_related("author")
    serializer_class = s.NoteSerializer
    filterset_class = NoteFilter
    write_roles = HIRING_WRITE_ROLES
    ordering = ["-created_at", "-id"]


class BiasCheckView(APIView):
    """Any member, or an API key with `feedback:write`, may check text before submitting it."""

    write_roles = frozenset(User.Role.values)
    required_scopes = {"POST": "feedback:write"}

    @extend_schema(request=s.BiasCheckSerializer, responses={200: s.BiasReportSerializer})
    def post(self, request):
        """Flag biased phrases and return a sanitized text."""
        body = s.BiasCheckSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return Response(check_bias(body.validated_data["text"]).as_dict())


def health(request):
    """Liveness and dependency checks: 200 when every check is ok, 503 otherwise."""
    checks = system_checks()
    ok = healthy(checks)
    return JsonResponse(
        {"status": "ok" if ok else "error", "checks": checks},
        status=status.HTTP_200_OK if ok else status.HTTP_503_SERVICE_UNAVAILABLE,
    )
