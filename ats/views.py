"""Pages of the partner integration: candidate CSV imports and API keys.

Each view parses the request, calls one ats service and redirects with a flash message; rows come
from `for_org(self.organization)`, so another organization's are 404s.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views import View
from django.views.generic import FormView, TemplateView

from ats.models import ALL_SCOPES, SCOPE_LABELS, ApiKey, CandidateImport
from ats.services.api_keys import create_api_key, revoke_api_key, rotate_api_key
from ats.services.csv_import import failed_import_rows_csv
from recruiting.errors import DomainError
from recruiting.page_access import WRITE_ROLES, AdminPageMixin, OrganizationPageMixin

NEW_KEY_SESSION = "dashboard_new_api_key"


# --- Candidate imports ----------------------------------------------------------------------------


class CandidateImportView(OrganizationPageMixin, TemplateView):
    """Upload a CSV; the page script posts it to the import API and polls its progress."""

    template_name = "ats/imports.html"
    allowed_roles = WRITE_ROLES
    read_roles = WRITE_ROLES

    def get_context_data(self, **kwargs):
        imports = CandidateImport.objects.for_org(self.organization).defer("csv_text").order_by("-created_at", "-id")
        return super().get_context_data(
            imports=list(imports[:10]), import_api=reverse("ats_api:candidates-import"), **kwargs
        )


class CandidateImportFailedRowsView(OrganizationPageMixin, View):
    """Download an import's failed rows (original columns plus `error`) to fix and upload again."""

    allowed_roles = WRITE_ROLES
    read_roles = WRITE_ROLES
    http_method_names = ["get"]

    def get(self, request, pk):
        candidate_import = get_object_or_404(CandidateImport.objects.for_org(self.organization), pk=pk)
        response = HttpResponse(
            failed_import_rows_csv(candidate_import=candidate_import),
            content_type="text/csv; charset=utf-8",
        )
        stem = (candidate_import.file_name or "import").rsplit(".", 1)[0]
        response["Content-Disposition"] = content_disposition_header(True, f"{stem}-failed-rows.csv")
        return response


# --- API keys -------------------------------------------------------------------------------------


class ApiKeyForm(forms.Form):
    name = forms.CharField(max_length=200, help_text="Who uses it, e.g. “Greenhouse sync”.")
    scopes = forms.MultipleChoiceField(
        choices=[(scope, f"{SCOPE_LABELS[scope]} ({scope})") for scope in ALL_SCOPES],
        widget=forms.CheckboxSelectMultiple,
        help_text="Grant only what the partner needs.",
    )


class ApiKeyListView(AdminPageMixin, FormView):
    template_name = "ats/api_keys.html"
    form_class = ApiKeyForm

    def get_context_data(self, **kwargs):
        keys = ApiKey.objects.for_org(self.organization).select_related("created_by", "integration")
        return super().get_context_data(
            keys=list(keys.order_by("-created_at", "-id")[:200]),
            new_key=self.request.session.pop(NEW_KEY_SESSION, None),
            **kwargs,
        )

    def form_valid(self, form):
        api_key, raw_key = create_api_key(
            organization=self.organization,
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            created_by=self.request.user,
        )
        # Shown once on the next page view, then gone: only its hash is stored.
        self.request.session[NEW_KEY_SESSION] = {"name": api_key.name, "raw": raw_key}
        messages.success(self.request, f"API key “{api_key.name}” created. Copy it now; it is shown only once.")
        return redirect("ats:settings-api-keys")


class ApiKeyRevokeView(AdminPageMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        api_key = get_object_or_404(ApiKey.objects.for_org(self.organization), pk=pk)
        revoke_api_key(api_key=api_key, actor=request.user)
        messages.success(
            request, f"API key “{api_key.name}” revoked, with any key it replaced; its next request is refused."
        )
        return redirect("ats:settings-api-keys")


class ApiKeyRotateView(AdminPageMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        api_key = get_object_or_404(ApiKey.objects.for_org(self.organization), pk=pk)
        try:
            successor, raw_key = rotate_api_key(api_key=api_key, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            request.session[NEW_KEY_SESSION] = {"name": successor.name, "raw": raw_key}
            messages.success(request, f"API key “{api_key.name}” rotated. The old key keeps working for 24 hours.")
        return redirect("ats:settings-api-keys")
