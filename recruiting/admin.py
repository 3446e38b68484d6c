"""Django admin for every recruiting model, scoped to the staff user's organization."""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.http import Http404

from recruiting import services
from recruiting.audit import record_audit
from recruiting.models import (
    Application,
    AuditEntry,
    Candidate,
    CandidateActivity,
    CandidateRedirect,
    Document,
    EmailTemplate,
    Feedback,
    Interview,
    Job,
    JobQuestion,
    JobStage,
    Note,
    Organization,
    OutboxEvent,
    PipelineStage,
    RejectionReason,
    SavedSearch,
    Scorecard,
    ScorecardCriterion,
    StageChange,
    Tag,
    User,
)


def _is_platform_operator(request) -> bool:
    return request.user.is_active and request.user.is_superuser


def _scope_to_staff_organization(queryset, request):
    """Keep the staff user's organization's rows; platform operators keep every row."""
    if _is_platform_operator(request):
        return queryset
    if hasattr(queryset.model, "organization"):
        return queryset.filter(organization_id=request.user.organization_id)
    if queryset.model is Organization:
        return queryset.filter(pk=request.user.organization_id)
    return queryset


class OrganizationScopeMixin:
    """Scope rows, relation pickers, list filters and object lookups to the staff user's organization."""

    def get_queryset(self, request):
        return _scope_to_staff_organization(super().get_queryset(request), request)

    def get_object(self, request, object_id, from_field=None):
        # Another organization's row is a 404, exactly like the API and the pages.
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404
        return obj

    def _scope_choices(self, db_field, request, kwargs: dict) -> dict:
        """Offer only the staff user's organization's rows, so foreign ids fail form validation."""
        related = db_field.related_model
        if not _is_platform_operator(request) and (hasattr(related, "organization") or related is Organization):
            kwargs["queryset"] = _scope_to_staff_organization(related._default_manager.all(), request)
        return kwargs

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        return super().formfield_for_foreignkey(db_field, request, **self._scope_choices(db_field, request, kwargs))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        return super().formfield_for_manytomany(db_field, request, **self._scope_choices(db_field, request, kwargs))


class OrganizationScopedAdmin(OrganizationScopeMixin, admin.ModelAdmin):
    """Superusers see every organization; other staff see and create rows of their own only."""

    readonly_timestamps = ("created_at", "updated_at")

    def get_readonly_fields(self, request, obj=None):
        fields = [name for name in self.readonly_timestamps if hasattr(self.model, name)]
        return [*super().get_readonly_fields(request, obj), *fields]

    def get_exclude(self, request, obj=None):
        exclude = list(super().get_exclude(request, obj) or [])
        if not _is_platform_operator(request):
            exclude.append("organization")
        return exclude

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        if _is_platform_operator(request):
            return [*filters, "organization"]
        # A plain relation filter lists every organization's rows; offer only the ones in scope.
        return [self._related_only(name) for name in filters]

    def _related_only(self, list_filter):
        if isinstance(list_filter, str) and "__" not in list_filter:
            field = self.model._meta.get_field(list_filter)
            if field.is_relation:
                return (list_filter, admin.RelatedOnlyFieldListFilter)
        return list_filter

    def save_model(self, request, obj, form, change):
        if not _is_platform_operator(request):
            obj.organization = request.user.organization
        super().save_model(request, obj, form, change)


class ReadOnlyScopedAdmin(OrganizationScopedAdmin):
    """Rows an admin looks up here but changes in the dashboard, where their rules live (a job's own
    stages and criteria, rejection reasons, e-mail templates, the activity timeline)."""

    def has_add_permission(self, request, *args):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PlatformOnlyAdmin(admin.ModelAdmin):
    """Rows shared by every organization: only platform operators (superusers) see or edit them."""

    def has_module_permission(self, request):
        return _is_platform_operator(request)

    def has_view_permission(self, request, obj=None):
        return _is_platform_operator(request)

    def has_add_permission(self, request, *args):
        return _is_platform_operator(request)

    def has_change_permission(self, request, obj=None):
        return _is_platform_operator(request)

    def has_delete_permission(self, request, obj=None):
        return _is_platform_operator(request)


class ScopedInline(OrganizationScopeMixin, admin.TabularInline):
    extra = 0
    show_change_link = True


@admin.register(Organization)
class OrganizationAdmin(PlatformOnlyAdmin):
    list_display = ("name", "slug", "plan", "created_at")
    list_filter = ("plan",)
    search_fields = ("name", "slug")
    readonly_fields = ("created_at",)
    prepopulated_fields = {"slug": ("name",)}


@admin.register(User)
class UserAdmin(OrganizationScopeMixin, BaseUserAdmin):
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
        # Platform operators are not any organization's to edit (password, access) or to see.
        return queryset if _is_platform_operator(request) else queryset.filter(is_superuser=False)

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj)]
        if not _is_platform_operator(request):
            readonly += ["organization", "is_superuser"]
        return readonly

    def get_list_filter(self, request):
        return self.list_filter if _is_platform_operator(request) else ("role", "is_active", "is_staff")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Staff may hand on only the groups and permissions they hold themselves.
        if not _is_platform_operator(request) and db_field.name == "groups":
            kwargs["queryset"] = request.user.groups.all()
        if not _is_platform_operator(request) and db_field.name == "user_permissions":
            held = Q(user=request.user) | Q(group__user=request.user)
            kwargs["queryset"] = Permission.objects.filter(held).distinct()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not _is_platform_operator(request):
            # Organization is never chosen by scoped staff; it is theirs.
            obj.organization = request.user.organization
            obj.is_superuser = False if not change else User.objects.get(pk=obj.pk).is_superuser
        super().save_model(request, obj, form, change)
        # Access changes made here are in the organization's audit log like those made in the dashboard.
        actions = ["user.created"] if not change else []
        if change and "role" in form.changed_data:
            actions.append("user.role_changed")
        if change and "is_active" in form.changed_data:
            actions.append("user.activated" if obj.is_active else "user.deactivated")
        if "is_staff" in form.changed_data or "is_superuser" in form.changed_data:
            actions.append("user.admin_access_changed")
        if obj.organization_id is not None:
            for action in actions:
                record_audit(
                    organization=obj.organization,
                    actor=request.user,
                    action=action,
                    target_type="user",
                    target_id=obj.pk,
                    ip_address=request.META.get("REMOTE_ADDR"),
                )


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

    def save_model(self, request, obj, form, change):
        # Jobs are created, opened and closed through the services, so job.* events are recorded.
        if change:
            fields = {name: getattr(obj, name) for name in form.changed_data if name != "hiring_team"}
            services.update_job(job=Job.objects.get(pk=obj.pk), **fields)
            return
        organization = obj.organization if _is_platform_operator(request) else request.user.organization
        skipped = {"hiring_team", "organization", "created_by"}
        fields = {name: getattr(obj, name) for name in form.cleaned_data if name not in skipped}
        job = services.create_job(organization=organization, created_by=request.user, **fields)
        obj.pk, obj.organization, obj._state.adding = job.pk, organization, False


class PossibleDuplicateFilter(admin.SimpleListFilter):
    title = "possible duplicate"
    parameter_name = "possible_duplicate"

    def lookups(self, request, model_admin):
        return [("yes", "Flagged as a likely duplicate"), ("no", "Not flagged")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(possible_duplicate_of__isnull=False)
        if self.value() == "no":
            return queryset.filter(possible_duplicate_of__isnull=True)
        return queryset


@admin.register(CandidateRedirect)
class CandidateRedirectAdmin(OrganizationScopedAdmin):
    """Read-only: written by a merge, so a merged candidate's old id and partner id lead to the kept one."""

    list_display = ("merged_id", "candidate", "source", "external_id", "merged_at")
    search_fields = ("=merged_id", "external_id")
    list_select_related = ("candidate",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Candidate)
class CandidateAdmin(OrganizationScopedAdmin):
    list_display = ("full_name", "email", "location", "experience_years", "seniority", "source", "updated_at")
    list_filter = ("seniority", "source", PossibleDuplicateFilter)
    search_fields = ("first_name", "last_name", "email", "external_id")
    inlines = [ApplicationInline, NoteInline]
    filter_horizontal = ("tags",)
    show_full_result_count = False  # a COUNT(*) per page is the costliest part of large lists


@admin.register(Tag)
class TagAdmin(OrganizationScopedAdmin):
    list_display = ("name", "created_at")
    search_fields = ("name",)


@admin.register(SavedSearch)
class SavedSearchAdmin(OrganizationScopedAdmin):
    list_display = ("name", "owner", "shared", "query", "created_at")
    list_filter = ("shared",)
    search_fields = ("name", "query")
    list_select_related = ("owner",)


@admin.register(PipelineStage)
class PipelineStageAdmin(OrganizationScopedAdmin):
    list_display = ("name", "key", "order", "kind")
    list_filter = ("kind",)
    search_fields = ("name", "key")


class StageChangeInline(ScopedInline):
    model = StageChange
    extra = 0
    fields = ("from_stage", "to_stage", "changed_by", "reason", "changed_at")
    readonly_fields = fields
    can_delete = False
    show_change_link = False

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

    def save_model(self, request, obj, form, change):
        if not (change and "stage" in form.changed_data):
            return super().save_model(request, obj, form, change)
        # A stage move writes stage history and its events, so it goes through the one service.
        new_stage = obj.stage
        obj.stage_id = Application.objects.values_list("stage_id", flat=True).get(pk=obj.pk)
        super().save_model(request, obj, form, change)
        moved = services.move_application_to_stage(application=obj, stage=new_stage, actor=request.user)
        obj.stage, obj.stage_changed_at = moved.stage, moved.stage_changed_at


@admin.register(StageChange)
class StageChangeAdmin(OrganizationScopedAdmin):
    list_display = ("application", "from_stage", "to_stage", "changed_by", "changed_at")
    list_filter = ("to_stage__key",)
    search_fields = ("application__candidate__email", "reason")
    list_select_related = ("application__candidate", "application__job", "from_stage", "to_stage", "changed_by")
    raw_id_fields = ("application",)

    # History is written only by move_application_to_stage, never typed in by hand.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


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

    def save_model(self, request, obj, form, change):
        if not (change and "feedback" in form.changed_data):
            return super().save_model(request, obj, form, change)
        # Edited feedback is bias-checked by the same service the API uses.
        feedback = obj.feedback
        obj.feedback = Scorecard.objects.values_list("feedback", flat=True).get(pk=obj.pk)
        super().save_model(request, obj, form, change)
        services.revise_scorecard(scorecard=obj, feedback=feedback)


@admin.register(Feedback)
class FeedbackAdmin(OrganizationScopedAdmin):
    list_display = ("candidate", "reviewer", "rating", "source", "bias_filtered", "created_at")
    list_filter = ("bias_filtered", "source", "rating")
    search_fields = ("candidate__email", "reviewer", "text")
    list_select_related = ("candidate",)
    raw_id_fields = ("candidate", "application")
    # Feedback text is bias-checked when it arrives (API, partners); admin may not bypass that.
    readonly_fields = ("text", "original_text", "bias_flags", "bias_filtered")

    def has_add_permission(self, request):
        return False


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

    def has_add_permission(self, request):
        return False  # events are recorded by the services that change the rows


# Groups hold permissions for every organization, so editing them is a platform operator's job.
admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(PlatformOnlyAdmin, BaseGroupAdmin):
    pass


# Periodic tasks run for every organization: platform operators only.
for _model, _model_admin in list(admin.site._registry.items()):
    if _model._meta.app_label == "django_celery_beat":
        admin.site.unregister(_model)
        admin.site.register(_model, type(type(_model_admin).__name__, (PlatformOnlyAdmin, type(_model_admin)), {}))


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


@admin.register(Document)
class DocumentAdmin(OrganizationScopedAdmin):
    """Uploads and resumes: searchable by file name and candidate; the bytes are never edited here."""

    list_display = ("original_filename", "kind", "candidate", "content_type", "size", "parse_status", "created_at")
    list_filter = ("kind", "parse_status", "content_type")
    search_fields = ("original_filename", "candidate__first_name", "candidate__last_name", "candidate__email")
    list_select_related = ("candidate",)
    readonly_fields = (
        "uuid",
        "stored_name",
        "content_type",
        "size",
        "sha256",
        "parse_status",
        "parse_error",
        "extracted_data",
        "parsing_confidence",
        "parsed_at",
        "accepted_at",
    )
    raw_id_fields = ("candidate", "uploaded_by")


@admin.register(JobStage)
class JobStageAdmin(ReadOnlyScopedAdmin):
    list_display = ("job", "stage", "order")
    search_fields = ("job__title", "stage__name")
    list_filter = ("job",)


@admin.register(ScorecardCriterion)
class ScorecardCriterionAdmin(ReadOnlyScopedAdmin):
    list_display = ("name", "job", "order")
    search_fields = ("name", "description", "job__title")
    list_filter = ("job",)


@admin.register(JobQuestion)
class JobQuestionAdmin(ReadOnlyScopedAdmin):
    list_display = ("text", "job", "required", "order")
    search_fields = ("text", "job__title")
    list_filter = ("required", "job")


@admin.register(RejectionReason)
class RejectionReasonAdmin(ReadOnlyScopedAdmin):
    list_display = ("label", "code", "order", "archived_at")
    search_fields = ("label", "code")
    list_filter = (("archived_at", admin.EmptyFieldListFilter),)


@admin.register(EmailTemplate)
class EmailTemplateAdmin(ReadOnlyScopedAdmin):
    list_display = ("name", "subject", "updated_at")
    search_fields = ("name", "subject", "body")


@admin.register(CandidateActivity)
class CandidateActivityAdmin(ReadOnlyScopedAdmin):
    list_display = ("candidate", "kind", "summary", "created_at")
    search_fields = ("summary", "candidate__first_name", "candidate__last_name", "candidate__email")
    list_filter = ("kind",)
    list_select_related = ("candidate",)
    raw_id_fields = ("candidate",)
