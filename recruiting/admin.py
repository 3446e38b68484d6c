"""Django admin for every recruiting model, scoped to the staff user's organization."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from recruiting.models import (
    Application,
    AuditEntry,
    Candidate,
    Feedback,
    Interview,
    Job,
    Note,
    Organization,
    OutboxEvent,
    PipelineStage,
    Scorecard,
    StageChange,
    User,
)


class OrganizationScopedAdmin(admin.ModelAdmin):
    """Superusers see every organization; other staff see and create rows of their own only."""

    readonly_timestamps = ("created_at", "updated_at")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(organization=request.user.organization)

    def get_readonly_fields(self, request, obj=None):
        fields = [name for name in self.readonly_timestamps if hasattr(self.model, name)]
        return [*super().get_readonly_fields(request, obj), *fields]

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if not request.user.is_superuser:
            exclude.append("organization")
        return exclude

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        return [*filters, "organization"] if request.user.is_superuser else filters

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser and not change:
            obj.organization = request.user.organization
        super().save_model(request, obj, form, change)

    def _scope_choices(self, db_field, request, kwargs: dict) -> dict:
        """Offer only the staff user's organization's rows in relation pickers."""
        related = db_field.related_model
        if not request.user.is_superuser and hasattr(related, "organization"):
            kwargs["queryset"] = related._default_manager.filter(organization=request.user.organization)
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(db_field, request, **self._scope_choices(db_field, request, kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(db_field, request, **self._scope_choices(db_field, request, kwargs))


class ScopedInline(admin.TabularInline):
    extra = 0
    show_change_link = True


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "created_at")
    search_fields = ("name", "slug")
    readonly_fields = ("created_at",)
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset if request.user.is_superuser else queryset.filter(pk=request.user.organization_id)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "organization", "role", "is_active", "is_staff")
    list_filter = ("role", "is_active", "is_staff", "organization")
    search_fields = ("email", "first_name", "last_name")
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Profile", {"fields": ("first_name", "last_name", "organization", "role")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "organization", "role", "password1", "password2")}),
    )

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("organization")
        return queryset if request.user.is_superuser else queryset.filter(organization=request.user.organization)


class ApplicationInline(ScopedInline):
    model = Application
    fields = ("job", "stage", "source", "applied_at")
    readonly_fields = ("applied_at",)
    raw_id_fields = ("job",)


class NoteInline(ScopedInline):
    model = Note
    fields = ("body", "author", "created_at")
    readonly_fields = ("created_at",)
    raw_id_fields = ("author", "application")


@admin.register(Job)
class JobAdmin(OrganizationScopedAdmin):
    list_display = ("title", "department", "location", "remote_policy", "status", "source", "created_at")
    list_filter = ("status", "remote_policy", "employment_type", "experience_level")
    search_fields = ("title", "department", "location", "external_id")
    filter_horizontal = ("hiring_team",)
    date_hierarchy = "created_at"


@admin.register(Candidate)
class CandidateAdmin(OrganizationScopedAdmin):
    list_display = ("full_name", "email", "location", "experience_years", "seniority", "source", "updated_at")
    list_filter = ("seniority", "source")
    search_fields = ("first_name", "last_name", "email", "external_id")
    inlines = [ApplicationInline, NoteInline]
    show_full_result_count = False  # a COUNT(*) per page is the costliest part of large lists


@admin.register(PipelineStage)
class PipelineStageAdmin(OrganizationScopedAdmin):
    list_display = ("name", "key", "order", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "key")


class StageChangeInline(admin.TabularInline):
    model = StageChange
    extra = 0
    fields = ("from_stage", "to_stage", "changed_by", "reason", "changed_at")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class InterviewInline(ScopedInline):
    model = Interview
    fields = ("kind", "scheduled_at", "status")


@admin.register(Application)
class ApplicationAdmin(OrganizationScopedAdmin):
    list_display = ("candidate", "job", "stage", "source", "applied_at", "stage_changed_at")
    list_filter = ("stage__kind", "source")
    search_fields = ("candidate__first_name", "candidate__last_name", "candidate__email", "job__title")
    list_select_related = ("candidate", "job", "stage")
    raw_id_fields = ("candidate", "job")
    readonly_fields = ("applied_at", "stage_changed_at")
    inlines = [StageChangeInline, InterviewInline]


@admin.register(StageChange)
class StageChangeAdmin(OrganizationScopedAdmin):
    list_display = ("application", "from_stage", "to_stage", "changed_by", "changed_at")
    list_filter = ("to_stage__key",)
    search_fields = ("application__candidate__email", "reason")
    list_select_related = ("application__candidate", "application__job", "from_stage", "to_stage", "changed_by")
    raw_id_fields = ("application",)


class ScorecardInline(ScopedInline):
    model = Scorecard
    fields = ("interviewer", "recommendation", "submitted_at")
    readonly_fields = ("submitted_at",)


@admin.register(Interview)
class InterviewAdmin(OrganizationScopedAdmin):
    list_display = ("application", "kind", "scheduled_at", "status")
    list_filter = ("kind", "status")
    search_fields = ("application__candidate__email", "application__job__title")
    list_select_related = ("application__candidate", "application__job")
    raw_id_fields = ("application",)
    filter_horizontal = ("interviewers",)
    inlines = [ScorecardInline]


@admin.register(Scorecard)
class ScorecardAdmin(OrganizationScopedAdmin):
    list_display = ("interview", "interviewer", "recommendation", "submitted_at")
    list_filter = ("recommendation",)
    search_fields = ("interviewer__email", "feedback")
    list_select_related = ("interview__application__candidate", "interview__application__job", "interviewer")
    raw_id_fields = ("interview",)
    readonly_fields = ("original_feedback", "bias_flags", "submitted_at")


@admin.register(Feedback)
class FeedbackAdmin(OrganizationScopedAdmin):
    list_display = ("candidate", "reviewer", "rating", "source", "bias_filtered", "created_at")
    list_filter = ("bias_filtered", "source", "rating")
    search_fields = ("candidate__email", "reviewer", "text")
    list_select_related = ("candidate",)
    raw_id_fields = ("candidate", "application")
    readonly_fields = ("original_text", "bias_flags", "bias_filtered")


@admin.register(Note)
class NoteAdmin(OrganizationScopedAdmin):
    list_display = ("candidate", "author", "created_at")
    search_fields = ("candidate__email", "body")
    list_select_related = ("candidate", "author")
    raw_id_fields = ("candidate", "application")


@admin.register(OutboxEvent)
class OutboxEventAdmin(OrganizationScopedAdmin):
    list_display = ("name", "occurred_at", "relayed_at")
    list_filter = ("name",)
    search_fields = ("name",)
    readonly_fields = ("id", "name", "data", "occurred_at", "relayed_at")


@admin.register(AuditEntry)
class AuditEntryAdmin(OrganizationScopedAdmin):
    """Read-only: the audit log is written by `recruiting.audit.record_audit` and never edited."""

    list_display = ("created_at", "action", "actor", "target_type", "target_id", "ip_address")
    list_filter = ("action",)
    list_select_related = ("actor",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
