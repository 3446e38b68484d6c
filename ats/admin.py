"""Django admin for partner integrations: keys are issued, rotated and revoked through the api_keys service."""

from django.contrib import admin, messages

from ats.models import (
    ApiKey,
    ApiKeyAuditLog,
    CandidateImport,
    CandidateImportFailure,
    IngestedJobPosting,
    JobIngestion,
    PartnerIntegration,
)
from ats.services import api_keys
from recruiting.admin import OrganizationScopedAdmin, ReadOnlyScopedAdmin
from recruiting.errors import DomainError


@admin.register(PartnerIntegration)
class PartnerIntegrationAdmin(OrganizationScopedAdmin):
    list_display = ("name", "organization", "rate_limit", "is_active", "created_at")
    search_fields = ("name",)
    actions = ["issue_key"]

    @admin.action(description="Issue a new API key (shown once)")
    def issue_key(self, request, queryset):
        for integration in queryset:
            _key, raw_key = api_keys.create_api_key(
                organization=integration.organization,
                name=f"{integration.name} key",
                scopes=None,
                created_by=request.user,
                integration=integration,
            )
            self.message_user(
                request, f"{integration.name}: {raw_key} — copy it now, it is not stored.", messages.WARNING
            )


@admin.register(ApiKey)
class ApiKeyAdmin(OrganizationScopedAdmin):
    list_display = ("name", "masked", "integration", "scopes", "created_at", "expires_at", "revoked_at", "last_used_at")
    list_filter = ("integration",)
    readonly_fields = [f.name for f in ApiKey._meta.fields]
    actions = ["revoke", "rotate"]

    def has_add_permission(self, request):
        return False  # keys are issued from an integration, so the raw key can be shown once

    @admin.action(description="Revoke selected keys now")
    def revoke(self, request, queryset):
        for api_key in queryset:
            api_keys.revoke_api_key(api_key=api_key, actor=request.user)
        self.message_user(request, f"Revoked {queryset.count()} key(s).")

    @admin.action(description="Rotate (old key valid 24 hours)")
    def rotate(self, request, queryset):
        for api_key in queryset:
            try:
                _successor, raw_key = api_keys.rotate_api_key(api_key=api_key, actor=request.user)
            except DomainError as error:
                self.message_user(request, f"{api_key.name}: {error.message}", messages.ERROR)
            else:
                self.message_user(request, f"{api_key.name}: new key {raw_key} — copy it now.", messages.WARNING)


@admin.register(ApiKeyAuditLog)
class ApiKeyAuditLogAdmin(OrganizationScopedAdmin):
    list_display = ("api_key", "action", "actor", "occurred_at")
    readonly_fields = [f.name for f in ApiKeyAuditLog._meta.fields]


@admin.register(CandidateImport)
class CandidateImportAdmin(OrganizationScopedAdmin):
    list_display = ("pk", "file_name", "status", "processed", "total", "inserted", "updated", "error_count")
    exclude = ("csv_text",)


@admin.register(JobIngestion)
class JobIngestionAdmin(OrganizationScopedAdmin):
    list_display = ("pk", "source", "status", "jobs_received", "jobs_created", "jobs_updated", "created_at")


@admin.register(CandidateImportFailure)
class CandidateImportFailureAdmin(ReadOnlyScopedAdmin):
    list_display = ("candidate_import", "row", "reason")
    search_fields = ("reason",)
    list_filter = ("candidate_import",)


@admin.register(IngestedJobPosting)
class IngestedJobPostingAdmin(ReadOnlyScopedAdmin):
    list_display = ("job", "company", "salary_range", "updated_at")
    search_fields = ("job__title", "company", "apply_url")
    list_select_related = ("job",)
