"""ReViewPoint at `/compat/reviewpoint`: its paths under `/api/v1/`, FastAPI-style errors.

Documented calls and what serves them are listed in docs/dialects.md. Authentication is the
platform's: a Bearer JWT from `/compat/reviewpoint/api/v1/auth/login` (the platform's login), or an
API key as `X-API-Key`. Errors are `{"detail": "..."}`; field errors are 422 with
`{"detail": [{"loc": ["body", field], "msg", "type"}]}` as FastAPI answers them. The WebSocket at
`/compat/reviewpoint/api/v1/ws` is the platform's notifications socket (config/websocket_urls.py).
Uploads (`/api/v1/uploads`) are not served yet.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import re_path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from recruiting import services
from recruiting.api import documents as platform_documents
from recruiting.api import views as platform
from recruiting.api.dialect import DialectErrors, unrouted_route
from recruiting.api.errors import ApiError
from recruiting.api.pagination import MAX_PAGE_NUMBER
from recruiting.api.permissions import ADMIN_ROLES
from recruiting.api.serializers import QuerySerializer, RegistrationSerializer
from recruiting.filters import UserFilter
from recruiting.models import User
from recruiting.tenancy import request_organization

PREFIX = "compat/reviewpoint/"
MAX_PAGE_SIZE = 100


def error_body(status_code: int, platform_body: dict, *, location: str = "body") -> dict:
    errors = platform_body.get("errors")
    if status_code == 422 and isinstance(errors, dict):
        return {
            "detail": [
                {"loc": [location, field], "msg": str(message), "type": "value_error"}
                for field, messages in errors.items()
                for message in (messages if isinstance(messages, list) else [messages])
            ]
        }
    if status_code == 409 and platform_body.get("code") == "EMAIL_TAKEN":
        return {"detail": "Email already registered"}
    return {"detail": platform_body.get("detail", "Error")}


ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "detail": {
            "oneOf": [
                {"type": "string"},
                {
                    "type": "array",
                    "description": "On a 422: one entry per invalid field.",
                    "items": {
                        "type": "object",
                        "properties": {
                            "loc": {"type": "array", "items": {"type": "string"}},
                            "msg": {"type": "string"},
                            "type": {"type": "string"},
                        },
                        "required": ["loc", "msg", "type"],
                    },
                },
            ]
        }
    },
    "required": ["detail"],
}


class ReviewPointErrors(DialectErrors):
    error_schema = ERROR_SCHEMA
    extra_error_statuses = (422,)

    def error_status(self, status_code: int, platform_body: dict) -> int:
        # FastAPI answers invalid input with 422; the document's client checks for it.
        return 422 if status_code == 400 and isinstance(platform_body.get("errors"), dict) else status_code

    def error_body(self, status_code: int, platform_body: dict) -> dict:
        location = "query" if self.request.method == "GET" else "body"
        return error_body(status_code, platform_body, location=location)


class ReviewPointView(ReviewPointErrors, APIView):
    pass


def user_body(user: User) -> dict:
    return {
        "id": user.pk,
        "email": user.email,
        "name": user.get_full_name() or user.email,
        "is_active": user.is_active,
        "is_admin": user.role in User.ADMIN_ROLES,
        "role": user.role,
        "created_at": user.date_joined,
    }


class LoginView(ReviewPointErrors, platform.LoginView):
    """`POST /api/v1/auth/login` `{email, password}` → `{access_token, refresh_token, expires_in, token_type}`."""


class RefreshView(ReviewPointErrors, platform.TokenEndpoint):
    """`POST /api/v1/auth/refresh` `{refresh_token}` → a new access token; the refresh token stays usable.

    ReViewPoint's client keeps its first refresh token for every later refresh, so this dialect
    does not rotate it (the platform's own refresh does). It still expires, and logging out or a
    password change still ends it.
    """

    @extend_schema(request=platform.s.RefreshSerializer, responses={200: OpenApiTypes.OBJECT})
    def post(self, request):
        body = platform.s.RefreshSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        refresh, user = platform.usable_refresh_token(body.validated_data["refresh_token"])
        return Response(
            {
                **platform.access_token_body(refresh.access_token, user),
                "refresh_token": body.validated_data["refresh_token"],
            }
        )


class MeView(ReviewPointView):
    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        if not request.user.is_authenticated:
            raise ApiError("Not authenticated", code="NOT_AUTHENTICATED", status_code=401)
        return Response(user_body(request.user))


class PageSerializer(QuerySerializer):
    page = serializers.IntegerField(min_value=1, max_value=MAX_PAGE_NUMBER, default=1)
    size = serializers.IntegerField(min_value=1, max_value=MAX_PAGE_SIZE, default=20)


class UserListView(ReviewPointView):
    """`GET /api/v1/users?q=&active=&admin=&page=&size=` → `{users, total, page, size, has_next}`."""

    required_scopes = {"GET": "users:read"}

    @extend_schema(
        operation_id="compat_reviewpoint_api_v1_users_list",
        parameters=[
            PageSerializer,
            OpenApiParameter("q", str, description="Part of a name or an e-mail address."),
            OpenApiParameter("active", str, enum=["true", "false"]),
            OpenApiParameter("admin", str, enum=["true", "false"]),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        paging = PageSerializer(data=request.query_params)
        paging.is_valid(raise_exception=True)
        page, size = paging.validated_data["page"], paging.validated_data["size"]
        users = User.objects.for_org(request_organization(request)).order_by("email", "pk")
        search = UserFilter(data=request.query_params, queryset=users, request=request)
        if not search.is_valid():
            raise serializers.ValidationError(search.errors)
        total = search.qs.count()
        start = (page - 1) * size
        rows = list(search.qs[start : start + size])
        return Response(
            {
                "users": [user_body(user) for user in rows],
                "total": total,
                "page": page,
                "size": size,
                "has_next": start + len(rows) < total,
            }
        )


class UserDetailView(ReviewPointView):
    required_scopes = {"GET": "users:read"}

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, user_id: int):
        return Response(user_body(get_object_or_404(User.objects.for_org(request_organization(request)), pk=user_id)))


class UploadsView(ReviewPointErrors, platform_documents.UploadViewSet):
    """`POST /api/v1/uploads` (multipart `file`, `description`) → `{id, filename, content_type, size, download_url}`.

    The platform's uploads (recruiting/api/documents.py) with ReViewPoint's error shape: a refused
    file is a 422 naming `file`, a file over the limit a 413.
    """


class RegisterView(ReviewPointView):
    """`POST /api/v1/auth/register` `{email, password, name}` with `X-API-Key` → 201 `{user, message}`."""

    write_roles = ADMIN_ROLES
    required_scopes = {"POST": "users:write"}

    @extend_schema(request=RegistrationSerializer, responses={201: OpenApiTypes.OBJECT})
    def post(self, request):
        body = RegistrationSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user = services.register_user(organization=request_organization(request), **body.validated_data)
        return Response(
            {"user": user_body(user), "message": "User registered successfully"}, status=status.HTTP_201_CREATED
        )


app_name = "reviewpoint"
urlpatterns = [
    re_path(r"^api/v1/auth/login/?$", LoginView.as_view()),
    re_path(r"^api/v1/auth/refresh/?$", RefreshView.as_view()),
    re_path(r"^api/v1/auth/register/?$", RegisterView.as_view()),
    re_path(r"^api/v1/users/me/?$", MeView.as_view()),
    re_path(r"^api/v1/users/(?P<user_id>[0-9]+)/?$", UserDetailView.as_view()),
    re_path(r"^api/v1/users/?$", UserListView.as_view()),
    re_path(r"^api/v1/uploads/?$", UploadsView.as_view({"get": "list", "post": "create"})),
    re_path(r"^api/v1/uploads/(?P<pk>[0-9]+)/?$", UploadsView.as_view({"get": "retrieve", "delete": "destroy"})),
    unrouted_route(error_body),
]
