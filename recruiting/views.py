"""Dashboard pages for jobs, candidates, pipelines, interviews, scorecards and users.

Views parse the form, call one function in recruiting.services and redirect with a flash message;
every queryset comes from `for_org(self.organization)`, so another organization's id is a 404.
"""

from __future__ import annotations

import math
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadhandler import SkipFile
from django.db.models import Count, F, Prefetch, Q
from django.db.models.functions import Lower
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.encoding import force_bytes
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme, urlsafe_base64_encode
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import FormView, TemplateView

from recruiting import (
    bulk_actions,
    candidate_emails,
    careers,
    documents,
    duplicates,
    job_stages,
    resumes,
    saved_searches,
    scorecard_templates,
    selectors,
    services,
    tags,
)
from recruiting.choices import source_label
from recruiting.counting import cheap_count
from recruiting.errors import DomainError, ForbiddenError
from recruiting.filters import CandidateFilter, JobFilter
from recruiting.forms import (
    AddToPipelineForm,
    BulkActionForm,
    CandidateEmailForm,
    CandidateForm,
    CareersApplicationForm,
    EmailTemplateForm,
    InterviewForm,
    JobForm,
    JobQuestionFormSet,
    MergeCandidateForm,
    MoveApplicationForm,
    NewCandidateForm,
    NoteEditForm,
    NoteForm,
    ProfileForm,
    ReasonLabelForm,
    RescheduleInterviewForm,
    SavedSearchForm,
    ScorecardCriterionFormSet,
    ScorecardForm,
    StageNameForm,
    TagForm,
    TagNameForm,
    UserCreateForm,
    UserRoleForm,
)
from recruiting.login_throttle import client_address
from recruiting.models import (
    Application,
    Candidate,
    CandidateActivity,
    Document,
    EmailTemplate,
    Feedback,
    Interview,
    Job,
    JobQuestion,
    Note,
    Organization,
    PipelineStage,
    RejectionReason,
    Scorecard,
    StageChange,
    Tag,
    User,
)
from recruiting.number_formats import format_money, number_format_for
from recruiting.page_access import (
    HIRING_ROLES,
    WRITE_ROLES,
    AdminPageMixin,
    EditFormMixin,
    OrganizationPageMixin,
)
from recruiting.paging import counted_page, page_number, peek_page
from recruiting.templatetags.local_times import local_datetime
from recruiting.timeline import candidate_timeline


def _form_errors_from(form, error: ValidationError | DomainError) -> None:
    """Show a service's refusal next to the matching form field."""
    if isinstance(error, DomainError):
        form.add_error(error.field if error.field in form.fields else None, error.message)
    elif hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


class SignOutView(auth_views.LogoutView):
    """Sign out (POST only) and say so on the sign-in page it redirects to."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, "You are signed out.")
        return response


# --- Jobs -------------------------------------------------------------------------------------


class JobListView(OrganizationPageMixin, TemplateView):
    template_name = "recruiting/job_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        jobs = Job.objects.for_org(self.organization).annotate(
            applications_total=Count("applications"),
            in_progress=Count("applications", filter=Q(applications__stage__kind=PipelineStage.Kind.ACTIVE)),
        )
        job_filter = JobFilter(self.request.GET or None, queryset=jobs.order_by("-created_at", "-id"))
        queryset = job_filter.qs if job_filter.is_bound and job_filter.is_valid() else job_filter.queryset
        status_counts = dict(
            Job.objects.for_org(self.organization).values_list("status").annotate(n=Count("id")).order_by()
        )
        context.update(
            filter=job_filter,
            page=counted_page(queryset, self.request, per_page=20),
            status_tabs=[
                (value, label, status_counts.get(value, 0)) for value, label in [("", "All"), *Job.Status.choices]
            ],
            status_total=sum(status_counts.values()),
            current_status=self.request.GET.get("status", ""),
        )
        return context


class JobFormMixin(OrganizationPageMixin):
    form_class = JobForm
    template_name = "recruiting/job_form.html"
    allowed_roles = WRITE_ROLES
    read_roles = WRITE_ROLES


class JobCreateView(JobFormMixin, FormView):
    def form_valid(self, form):
        try:
            job = services.create_job(organization=self.organization, created_by=self.request.user, **form.cleaned_data)
        except (ValidationError, DomainError) as error:
            _form_errors_from(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Job “{job.title}” created.")
        return redirect("recruiting:job-detail", pk=job.pk)


class JobUpdateView(EditFormMixin, JobFormMixin, FormView):
    model = Job
    context_object_name = "job"

    def form_valid(self, form):
        try:
            job = services.update_job(job=self.get_object(), **form.cleaned_data)
        except (ValidationError, DomainError) as error:
            _form_errors_from(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Job “{job.title}” saved.")
        return redirect("recruiting:job-detail", pk=job.pk)


class JobDetailView(OrganizationPageMixin, TemplateView):
    template_name = "recruiting/job_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job = get_object_or_404(Job.objects.for_org(self.organization), pk=self.kwargs["pk"])
        # Moves go to the job's own live stages only (job_stages); a stage it does not use (archived,
        # or left out of its list) shows as a column, closed to moves, while this job has cards in it.
        stages = job_stages.job_stages(job)
        applications = (
            Application.objects.for_org(self.organization)
            .filter(job=job)
            .select_related("candidate", "rejection_reason")
            .prefetch_related(Prefetch("candidate__tags", queryset=Tag.objects.order_by("name")))
            .order_by("-stage_changed_at", "-id")
        )
        by_stage: dict[int, list[Application]] = {stage.pk: [] for stage in stages}
        for application in applications:
            by_stage.setdefault(application.stage_id, []).append(application)
        used = {stage.pk for stage in stages}
        others = list(
            PipelineStage.objects.for_org(self.organization)
            .filter(pk__in=[pk for pk, cards in by_stage.items() if cards and pk not in used])
            .order_by("order", "id")
        )
        for stage in others:
            stage.closed_to_moves = True
        own_list = job_stages.uses_own_stages(job)
        if own_list:
            # The job's order, then the stages it left, then Hired and Rejected.
            active = [stage for stage in stages if stage.kind == PipelineStage.Kind.ACTIVE]
            shown = active + others + [stage for stage in stages if stage.kind != PipelineStage.Kind.ACTIVE]
        else:
            shown = sorted(stages + others, key=lambda stage: (stage.order, stage.pk))
        columns = [(stage, by_stage[stage.pk]) for stage in shown]
        context.update(
            job=job,
            # A closed job's pipeline is read-only (the service refuses changes); offer none.
            can_change_pipeline=context["can_write"] and job.status != Job.Status.CLOSED,
            rejection_reasons=list(RejectionReason.objects.for_org(self.organization).filter(archived_at__isnull=True)),
            email_templates=list(EmailTemplate.objects.for_org(self.organization).only("id", "name")),
            stages=stages,
            columns=columns,
            uses_own_stages=own_list,
            applications_total=sum(len(cards) for cards in by_stage.values()),
            bulk_form=bulk_form_context(self.organization, job=job, job_stage_list=stages),
        )
        return context


# --- Pipeline ---------------------------------------------------------------------------------


class ApplicationCreateView(OrganizationPageMixin, View):
    """Add a candidate to a job's pipeline (from the candidate page or a top match)."""

    allowed_roles = WRITE_ROLES
    http_method_names = ["post"]

    def post(self, request):
        form = AddToPipelineForm(request.POST, organization=self.organization)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return HttpResponseRedirect(_safe_next(request, reverse("recruiting:candidate-list")))
        candidate, job = form.cleaned_data["candidate"], form.cleaned_data["job"]
        try:
            services.create_application(job=job, candidate=candidate, actor=request.user, source="dashboard")
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"{candidate.full_name} added to the pipeline for {job.title}.")
        return HttpResponseRedirect(_safe_next(request, reverse("recruiting:job-detail", args=[job.pk])))


class ApplicationMoveView(OrganizationPageMixin, View):
    """Move a card without JavaScript; the board's script uses the API for the same service call."""

    allowed_roles = WRITE_ROLES
    http_method_names = ["post"]

    def post(self, request, pk):
        application = get_object_or_404(
            Application.objects.for_org(self.organization).select_related("candidate"), pk=pk
        )
        form = MoveApplicationForm(request.POST)
        stage = None
        if form.is_valid():
            stage = PipelineStage.objects.for_org(self.organization).filter(key=form.cleaned_data["stage"]).first()
        if stage is None:
            messages.error(request, "Choose a stage of your pipeline.")
        else:
            rejection_reason = (
                RejectionReason.objects.for_org(self.organization)
                .filter(code=form.cleaned_data["rejection_reason"])
                .first()
            )
            template_id = form.cleaned_data.get("email_template")
            email_template = (
                EmailTemplate.objects.for_org(self.organization).filter(pk=template_id).first() if template_id else None
            )
            try:
                services.move_application_to_stage(
                    application=application,
                    stage=stage,
                    actor=request.user,
                    reason=form.cleaned_data["reason"],
                    rejection_reason=rejection_reason,
                    email_template=email_template,
                )
            except services.PipelineRuleError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, f"{application.candidate.full_name} moved to {stage.name}.")
        return HttpResponseRedirect(_safe_next(request, reverse("recruiting:job-detail", args=[application.job_id])))


# --- Candidates -------------------------------------------------------------------------------


# The candidate list's sortable columns: the order each sort key asks for, newest first by default.
CANDIDATE_SORTS = {
    "-created": ("-id",),
    "created": ("id",),
    "name": ("last_name", "first_name", "id"),
    "-name": ("-last_name", "-first_name", "-id"),
    "experience": (F("experience_years").asc(nulls_last=True), "id"),
    "-experience": (F("experience_years").desc(nulls_last=True), "-id"),
}
SORTABLE_COLUMNS = (
    ("name", "Candidate", "name"),
    ("experience", "Experience", "-experience"),
    ("created", "Added", "-created"),
)
CANDIDATES_PER_PAGE = 25
# The list's filter fields as the form labels them, for its error messages.
CANDIDATE_FILTER_LABELS = {
    "q": "Name or email",
    "skills": "Skills",
    "skills_match": "Match",
    "location": "Location",
    "experience_min": "Min. years",
    "experience_max": "Max. years",
    "source": "Source",
    "tag": "Tag",
    "possible_duplicates": "Only likely duplicates",
    "updated_since": "Updated since",
}


def candidate_sources(organization) -> list[tuple[str, str]]:
    """The organization's candidate sources as (value, label) choices, one per spelling-insensitive source."""
    choices: dict[str, str] = {}
    for value in selectors.candidate_sources(organization=organization):
        choices.setdefault(value.lower(), source_label(value))
    return sorted(choices.items(), key=lambda item: item[1].lower())


def _list_url(request, **changes) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    for key, value in changes.items():
        params[key] = value
    return "?" + params.urlencode()


class CandidateListView(OrganizationPageMixin, TemplateView):
    template_name = "recruiting/candidate_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org = self.organization
        sort = self.request.GET.get("sort", "-created")
        if sort not in CANDIDATE_SORTS:
            sort = "-created"
        # Newest first by id: the primary-key index serves the order, with no sort over 100,000 rows.
        queryset = Candidate.objects.for_org(org).order_by(*CANDIDATE_SORTS[sort])
        candidate_filter = CandidateFilter(self.request.GET or None, queryset=queryset)
        if candidate_filter.is_bound and candidate_filter.is_valid():
            queryset = candidate_filter.qs
        # A capped count below API_EXACT_COUNT_LIMIT, the planner's estimate above it: never COUNT(*) of everyone.
        total, estimated = cheap_count(queryset)
        last_page = max(1, math.ceil(total / CANDIDATES_PER_PAGE))
        rows = queryset.prefetch_related(Prefetch("tags", queryset=Tag.objects.order_by("name")))
        if not estimated and page_number(self.request) > last_page:
            rows = rows.none()  # known to be past the end: no OFFSET walk over every row to find nothing
        page = peek_page(rows, self.request, per_page=CANDIDATES_PER_PAGE)
        searching = any(v for k, v in self.request.GET.items() if k not in ("page", "sort"))
        columns = []
        for key, label, first_direction in SORTABLE_COLUMNS:
            direction = "ascending" if sort == key else "descending" if sort == f"-{key}" else ""
            next_sort = (f"-{key}" if sort == key else key) if direction else first_direction
            columns.append({"label": label, "url": _list_url(self.request, sort=next_sort), "direction": direction})
        context.update(
            filter=candidate_filter,
            filter_errors=[
                (CANDIDATE_FILTER_LABELS.get(name, name), " ".join(errors))
                for name, errors in (candidate_filter.errors.items() if candidate_filter.is_bound else [])
            ],
            page=page,
            searching=searching,
            total=total,
            total_is_estimate=estimated,
            past_end=page.number > 1 and not page.object_list,
            last_page=last_page,
            last_page_url=_list_url(self.request, page=last_page),
            sort=sort,
            columns={column["label"]: column for column in columns},
            sources=candidate_sources(org),
            current_source=self.request.GET.get("source", "").lower(),
            bulk_form=bulk_form_context(org),
            query_string=saved_searches.clean_query(self.request.GET.urlencode()),
            save_search_form=SavedSearchForm(),
        )
        return context


def bulk_form_context(organization, *, job: Job | None = None, job_stage_list=None) -> dict:
    """What the bulk-action bar offers: open jobs to add to, stages, rejection reasons."""
    return {
        "open_jobs": list(
            Job.objects.for_org(organization)
            .exclude(status=Job.Status.CLOSED)
            .exclude(pk=job.pk if job else None)
            .only("id", "title")
            .order_by("title", "id")
        ),
        # On a board, the job's stages; on the list, the organization's (a job refuses any it does not use).
        "stages": [
            stage
            for stage in (
                (job_stage_list or job_stages.job_stages(job)) if job else job_stages.organization_stages(organization)
            )
            if stage.kind != PipelineStage.Kind.REJECTED
        ],
        "rejection_reasons": list(RejectionReason.objects.for_org(organization).filter(archived_at__isnull=True)),
        "tags": list(Tag.objects.for_org(organization).order_by("name")[:200]),
    }


def _skipped_message(skipped) -> str:
    shown = [f"{candidate.full_name} ({why})" for candidate, why in skipped[:5]]
    more = f" and {len(skipped) - 5} more" if len(skipped) > 5 else ""
    return f"{bulk_actions.people(len(skipped))} skipped: {', '.join(shown)}{more}."


class CandidateBulkActionView(OrganizationPageMixin, View):
    """One action on the ticked candidates of the list or of a job's board; every member may export."""

    http_method_names = ["post"]

    def post(self, request):
        back = _safe_next(request, reverse("recruiting:candidate-list"))
        if request.POST.get("action") != "export" and not request.user.can_write:
            raise PermissionDenied
        form = BulkActionForm(request.POST, organization=self.organization)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return HttpResponseRedirect(back)
        data = form.cleaned_data
        try:
            response = self.run(data)
        except DomainError as error:
            messages.error(request, error.message)
            return HttpResponseRedirect(back)
        return response or HttpResponseRedirect(back)

    def run(self, data):
        org, actor, ids, action = self.organization, self.request.user, data["candidates"], data["action"]
        if action == "export":
            text, rows = bulk_actions.export_candidates_csv(organization=org, candidate_ids=ids)
            response = HttpResponse(text, content_type="text/csv; charset=utf-8")
            filename = f"candidates-{timezone.localdate():%Y-%m-%d}.csv"
            response["Content-Disposition"] = content_disposition_header(True, filename)
            return response
        if action == "tag":
            tag, result = bulk_actions.tag_selected_candidates(organization=org, candidate_ids=ids, name=data["tag"])
            done = f"{bulk_actions.people(len(result.done))} tagged “{tag.name}”."
        elif action == "add_to_job":
            job = data["add_to_job"]
            result = bulk_actions.add_candidates_to_job(organization=org, candidate_ids=ids, job=job, actor=actor)
            done = f"{bulk_actions.people(len(result.done))} added to the pipeline for {job.title}."
        elif action == "move":
            stage = data["stage"]
            if stage.kind == PipelineStage.Kind.REJECTED:
                raise DomainError("Use Reject to reject candidates: it asks for a reason.", code="USE_REJECT")
            result = bulk_actions.move_candidates_to_stage(
                organization=org, candidate_ids=ids, job=data["job"], stage=stage, actor=actor
            )
            done = f"{bulk_actions.people(len(result.done))} moved to {stage.name}."
        else:
            rejected = (
                PipelineStage.objects.for_org(org)
                .filter(kind=PipelineStage.Kind.REJECTED, archived_at__isnull=True)
                .order_by("order")
                .first()
            )
            if rejected is None:
                raise DomainError("Your pipeline has no Rejected stage.", code="NO_REJECTED_STAGE")
            reason = data["rejection_reason"]
            result = bulk_actions.move_candidates_to_stage(
                organization=org,
                candidate_ids=ids,
                job=data["job"],
                stage=rejected,
                actor=actor,
                rejection_reason=reason,
                note=data["note"],
            )
            done = f"{bulk_actions.people(len(result.done))} rejected for {data['job'].title}: {reason.label}."
        if result.done:
            messages.success(self.request, done)
        if result.skipped:
            messages.warning(self.request, _skipped_message(result.skipped))
        return None


class CandidateTagsView(OrganizationPageMixin, View):
    """Add a tag to one candidate, or take one off, from their page."""

    allowed_roles = WRITE_ROLES
    http_method_names = ["post"]

    def post(self, request, pk):
        candidate = get_object_or_404(Candidate.objects.for_org(self.organization), pk=pk)
        form = TagForm(request.POST)
        if not form.is_valid():
            messages.error(request, "A tag is at most 60 characters.")
        elif form.cleaned_data["remove"]:
            tag = get_object_or_404(Tag.objects.for_org(self.organization), pk=form.cleaned_data["remove"])
            tags.untag_candidate(candidate=candidate, tag=tag)
            messages.success(request, f"Tag “{tag.name}” removed from {candidate.full_name}.")
        else:
            try:
                tag, added = tags.tag_candidates(
                    organization=self.organization, candidates=[candidate], name=form.cleaned_data["add"]
                )
            except DomainError as error:
                messages.error(request, error.message)
            else:
                verb = "tagged" if added else "already tagged"
                messages.success(request, f"{candidate.full_name} {verb} “{tag.name}”.")
        return redirect("recruiting:candidate-detail", pk=candidate.pk)


# --- Saved searches and the global search ------------------------------------------------------


class SavedSearchCreateView(OrganizationPageMixin, View):
    http_method_names = ["post"]

    def post(self, request):
        form = SavedSearchForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Name the search (at most 80 characters).")
            return redirect(reverse("recruiting:candidate-list") + "?" + request.POST.get("query", "")[:2000])
        try:
            saved = saved_searches.save_search(
                owner=request.user,
                name=form.cleaned_data["name"],
                query=form.cleaned_data["query"],
                shared=form.cleaned_data["shared"],
            )
        except DomainError as error:
            messages.error(request, error.message)
            return redirect(reverse("recruiting:candidate-list") + "?" + form.cleaned_data["query"][:2000])
        who = "the team" if saved.shared else "you"
        messages.success(request, f"Search “{saved.name}” saved; it is in the sidebar for {who}.")
        return redirect(reverse("recruiting:candidate-list") + "?" + saved.query)


class SavedSearchDeleteView(OrganizationPageMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        saved = get_object_or_404(saved_searches.visible_saved_searches(user=request.user), pk=pk)
        try:
            saved_searches.delete_saved_search(saved_search=saved, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Search “{saved.name}” deleted.")
        return HttpResponseRedirect(_safe_next(request, reverse("recruiting:candidate-list")))


class GlobalSearchView(OrganizationPageMixin, TemplateView):
    """The top bar's search: candidates, jobs and people of the organization, grouped by kind."""

    template_name = "recruiting/search.html"
    LIMIT = 8

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        text = " ".join(self.request.GET.get("q", "").split())[:200]
        found = selectors.global_search(organization=self.organization, text=text, limit=self.LIMIT)
        groups = [
            (
                "candidates",
                "Candidates",
                found["candidates"],
                reverse("recruiting:candidate-list") + "?" + urlencode({"q": text}),
            ),
            ("jobs", "Jobs", found["jobs"], reverse("recruiting:job-list") + "?" + urlencode({"q": text})),
            (
                "people",
                "People",
                found["people"],
                # Only admins have a page listing people; for the others a person's link writes to them.
                reverse("recruiting:settings-users") + "?" + urlencode({"q": text})
                if self.request.user.is_org_admin
                else "",
            ),
        ]
        context.update(
            q=text,
            groups=[
                {"key": key, "label": label, "rows": rows[: self.LIMIT], "more": len(rows) > self.LIMIT, "all_url": url}
                for key, label, rows, url in groups
            ],
            found_any=any(found.values()),
        )
        return context


class CandidateFormMixin(OrganizationPageMixin):
    form_class = CandidateForm
    template_name = "recruiting/candidate_form.html"
    allowed_roles = WRITE_ROLES
    read_roles = WRITE_ROLES


class CandidateCreateView(CandidateFormMixin, FormView):
    form_class = NewCandidateForm

    def form_valid(self, form):
        fields = dict(form.cleaned_data)
        save_anyway = fields.pop("save_anyway", False)
        matches = list(
            duplicates.likely_duplicates(
                organization=self.organization,
                email=fields.get("email", ""),
                phone=fields.get("phone", ""),
                linkedin_url=fields.get("linkedin_url", ""),
            )[:5]
        )
        if matches and not save_anyway:
            form.add_error(
                None, "This looks like someone already here. Open them, or add anyway if it is someone else."
            )
            return self.render_to_response(self.get_context_data(form=form, possible_duplicates=matches))
        candidate = services.create_candidate(organization=self.organization, **fields)
        messages.success(self.request, f"{candidate.full_name} added.")
        return redirect("recruiting:candidate-detail", pk=candidate.pk)


class CandidateUpdateView(EditFormMixin, CandidateFormMixin, FormView):
    model = Candidate
    context_object_name = "candidate"

    def form_valid(self, form):
        candidate = services.update_candidate(candidate=self.get_object(), **form.cleaned_data)
        messages.success(self.request, f"{candidate.full_name} saved.")
        return redirect("recruiting:candidate-detail", pk=candidate.pk)


# The newest entries show; older ones sit behind "Show older" on the same page.
TIMELINE_SHOWN = 40


class CandidateDetailView(OrganizationPageMixin, TemplateView):
    template_name = "recruiting/candidate_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        org = self.organization
        candidate = get_object_or_404(
            Candidate.objects.for_org(org).select_related("possible_duplicate_of"), pk=self.kwargs["pk"]
        )
        applications = list(
            Application.objects.for_org(org)
            .filter(candidate=candidate)
            .select_related("job", "stage", "rejection_reason")
            .prefetch_related(
                Prefetch(
                    "history",
                    queryset=StageChange.objects.select_related("from_stage", "to_stage", "changed_by").order_by(
                        "-changed_at", "-id"
                    ),
                ),
                Prefetch(
                    "interviews",
                    queryset=Interview.objects.prefetch_related(
                        "interviewers",
                        Prefetch("scorecards", queryset=Scorecard.objects.select_related("interviewer")),
                    ).order_by("-scheduled_at", "-id"),
                ),
            )
        )
        interviews = [(interview, app) for app in applications for interview in app.interviews.all()]
        notes = list(Note.objects.for_org(org).filter(candidate=candidate).select_related("author"))
        feedback = list(Feedback.objects.for_org(org).filter(candidate=candidate))
        activity = list(CandidateActivity.objects.for_org(org).filter(candidate=candidate).select_related("actor"))
        timeline = candidate_timeline(
            candidate=candidate,
            applications=applications,
            interviews=[interview for interview, _ in interviews],
            notes=notes,
            feedback=feedback,
            activity=activity,
        )
        in_pipeline = {app.job_id for app in applications}
        open_jobs = [
            job
            for job in Job.objects.for_org(org).exclude(status=Job.Status.CLOSED).only("id", "title", "status")
            if job.pk not in in_pipeline
        ]
        context.update(
            candidate=candidate,
            candidate_tags=list(candidate.tags.order_by("name")),
            applications=applications,
            interviews=interviews,
            notes=notes,
            feedback=feedback,
            timeline=timeline[:TIMELINE_SHOWN],
            older_timeline=timeline[TIMELINE_SHOWN:],
            open_jobs=open_jobs,
            note_form=NoteForm(),
            resumes=list(candidate.documents.filter(kind=Document.Kind.RESUME)),
            upload_limit_mb=documents.max_upload_bytes() // (1024 * 1024),
            # Newer records flagged as this person: each can be merged in here.
            flagged_as_this_person=list(Candidate.objects.for_org(org).filter(possible_duplicate_of=candidate)[:5]),
        )
        return context

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # A candidate merged into another: its old address leads to the kept record.
            kept = duplicates.redirect_for(organization=self.organization, candidate_id=kwargs["pk"])
            if kept is None:
                raise
            return redirect("recruiting:candidate-detail", pk=kept.pk, permanent=True)


class CandidateMergeView(OrganizationPageMixin, View):
    """Merge another record (`duplicate`) into this candidate, from the possible-duplicate card."""

    allowed_roles = WRITE_ROLES
    http_method_names = ["post"]

    def post(self, request, pk):
        kept = get_object_or_404(Candidate.objects.for_org(self.organization), pk=pk)
        form = MergeCandidateForm(request.POST, organization=self.organization)
        if not form.is_valid():
            messages.error(request, "That candidate is no longer here to merge.")
            return redirect("recruiting:candidate-detail", pk=kept.pk)
        duplicate = form.cleaned_data["duplicate"]
        try:
            kept = duplicates.merge_candidates(
                kept=kept, duplicate=duplicate, actor=request.user, ip_address=request.META.get("REMOTE_ADDR")
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, f"Merged: {kept.full_name} now has the other record's history.")
        return redirect("recruiting:candidate-detail", pk=kept.pk)


class CandidateNotDuplicateView(OrganizationPageMixin, View):
    allowed_roles = WRITE_ROLES
    http_method_names = ["post"]

    def post(self, request, pk):
        candidate = get_object_or_404(Candidate.objects.for_org(self.organization), pk=pk)
        duplicates.dismiss_possible_duplicate(candidate=candidate, actor=request.user)
        messages.success(request, f"{candidate.full_name} is no longer marked as a possible duplicate.")
        return redirect("recruiting:candidate-detail", pk=candidate.pk)


class NoteCreateView(OrganizationPageMixin, View):
    allowed_roles = HIRING_ROLES
    http_method_names = ["post"]

    def post(self, request, pk):
        candidate = get_object_or_404(Candidate.objects.for_org(self.organization), pk=pk)
        form = NoteForm(request.POST)
        if form.is_valid():
            services.add_note(candidate=candidate, body=form.cleaned_data["body"], author=request.user)
            messages.success(request, "Note added.")
        else:
            messages.error(request, "Write something before adding a note.")
        return redirect("recruiting:candidate-detail", pk=candidate.pk)


class NoteEditView(OrganizationPageMixin, FormView):
    """Change a note: its author only; anyone else gets a 403 and the note stays as it was."""

    template_name = "recruiting/note_form.html"
    form_class = NoteEditForm
    allowed_roles = HIRING_ROLES
    read_roles = HIRING_ROLES

    def get_note(self) -> Note:
        note = self.scoped_object(Note.objects.select_related("candidate", "author"))
        if note.author_id != self.request.user.pk:
            raise PermissionDenied
        return note

    def get(self, request, *args, **kwargs):
        self.get_note()
        return super().get(request, *args, **kwargs)

    def get_initial(self):
        return {"body": self.get_note().body}

    def get_context_data(self, **kwargs):
        return super().get_context_data(note=self.get_note(), **kwargs)

    def form_valid(self, form):
        note = self.get_note()
        try:
            services.edit_note(note=note, body=form.cleaned_data["body"], editor=self.request.user)
        except DomainError as error:
            _form_errors_from(form, error)
            return self.form_invalid(form)
        messages.success(self.request, "Note saved.")
        return redirect("recruiting:candidate-detail", pk=note.candidate_id)


class NoteDeleteView(OrganizationPageMixin, View):
    allowed_roles = HIRING_ROLES
    http_method_names = ["post"]

    def post(self, request, pk):
        note = get_object_or_404(Note.objects.for_org(self.organization), pk=pk)
        try:
            services.delete_note(note=note, editor=request.user)
        except ForbiddenError as error:
            raise PermissionDenied(error.message) from error
        messages.success(request, "Note deleted.")
        return redirect("recruiting:candidate-detail", pk=note.candidate_id)


class CandidateEmailView(OrganizationPageMixin, FormView):
    """E-mail a candidate: choose a template, see it filled in, edit it, send; the timeline records it."""

    template_name = "recruiting/candidate_email.html"
    form_class = CandidateEmailForm
    allowed_roles = WRITE_ROLES
    read_roles = WRITE_ROLES

    def get_candidate(self) -> Candidate:
        return self.scoped_object(Candidate.objects.select_related("organization"))

    def chosen_template(self) -> EmailTemplate | None:
        raw = self.request.POST.get("template") or self.request.GET.get("template") or ""
        if not raw.isdigit() or len(raw) > 10:
            return None
        return EmailTemplate.objects.for_org(self.organization).filter(pk=int(raw)).first()

    def get_initial(self):
        template = self.chosen_template()
        if template is None:
            return {}
        subject, body = candidate_emails.render_template(
            template=template, candidate=self.get_candidate(), sender=self.request.user
        )
        return {"subject": subject, "body": body, "template": template.pk}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            candidate=self.get_candidate(),
            templates=list(EmailTemplate.objects.for_org(self.organization)),
            chosen=self.chosen_template(),
            placeholders=candidate_emails.PLACEHOLDERS,
            **kwargs,
        )

    def form_valid(self, form):
        candidate = self.get_candidate()
        data = form.cleaned_data
        if self.request.POST.get("action") == "preview":
            values = candidate_emails.placeholder_values(candidate=candidate, sender=self.request.user)
            preview = {
                "subject": candidate_emails.fill_placeholders(data["subject"], values),
                "body": candidate_emails.fill_placeholders(data["body"], values),
            }
            return self.render_to_response(self.get_context_data(form=form, preview=preview))
        try:
            candidate_emails.send_candidate_email(
                candidate=candidate,
                sender=self.request.user,
                subject=data["subject"],
                body=data["body"],
                template=self.chosen_template(),
            )
        except DomainError as error:
            _form_errors_from(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"E-mail sent to {candidate.full_name} ({candidate.email}).")
        return redirect("recruiting:candidate-detail", pk=candidate.pk)


@method_decorator(csrf_exempt, name="dispatch")
class ResumeUploadView(OrganizationPageMixin, View):
    """The Resumes card's upload form: the file is checked by its bytes and parsed in the background.

    The size-limited upload handler must be installed before anything reads the body, and the CSRF
    middleware reads it to find the token; so the middleware is skipped and the same check runs
    here, after the handler is in place (Django's documented pattern).
    """

    allowed_roles = WRITE_ROLES
    http_method_names = ["post"]

    def post(self, request, pk):
        documents.limit_uploads(request)
        try:
            return self._upload(request, pk)
        except DomainError as error:  # a body over the limit, refused while the CSRF check reads it
            messages.error(request, error.message)
            return redirect("recruiting:candidate-detail", pk=pk)

    @method_decorator(csrf_protect)
    def _upload(self, request, pk):
        candidate = get_object_or_404(Candidate.objects.for_org(self.organization), pk=pk)
        try:
            filename, data = documents.read_posted_file(
                request.FILES, missing="Choose a PDF, DOCX or text file to upload."
            )
            resumes.attach_resume(candidate=candidate, data=data, filename=filename, uploaded_by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Resume uploaded. Its fields appear here once it is read.")
        return redirect("recruiting:candidate-detail", pk=candidate.pk)


class ResumeAcceptView(OrganizationPageMixin, View):
    """Copy a parsed resume's fields into the candidate in one action."""

    allowed_roles = WRITE_ROLES
    http_method_names = ["post"]

    def post(self, request, pk):
        resume = get_object_or_404(Document.objects.for_org(self.organization).filter(kind=Document.Kind.RESUME), pk=pk)
        try:
            resumes.accept_parsed_fields(document=resume, actor=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "The resume's fields were copied into the profile.")
        return redirect("recruiting:candidate-detail", pk=resume.candidate_id)


class ResumeDownloadView(OrganizationPageMixin, View):
    """Download through a signed, expiring URL (the same the API gives partners)."""

    http_method_names = ["get"]

    def get(self, request, pk):
        resume = get_object_or_404(Document.objects.for_org(self.organization), pk=pk)
        url, _ = resumes.signed_url(document=resume, user=request.user)
        return HttpResponseRedirect(url)


# --- Interviews and scorecards -----------------------------------------------------------------


class InterviewListView(OrganizationPageMixin, TemplateView):
    template_name = "recruiting/interview_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        status = self.request.GET.get("status", "")
        interviews = (
            Interview.objects.for_org(self.organization)
            .select_related("application__candidate", "application__job")
            .prefetch_related("interviewers")
            .annotate(scorecards_total=Count("scorecards"))
        )
        if status in Interview.Status.values:
            interviews = interviews.filter(status=status)
        mine = self.request.GET.get("mine") == "1"
        if mine:
            interviews = interviews.filter(interviewers=self.request.user)
        # What is coming up reads soonest first; everything else newest first.
        order = ("scheduled_at", "id") if status == Interview.Status.SCHEDULED else ("-scheduled_at", "-id")
        context.update(
            page=counted_page(interviews.order_by(*order), self.request, per_page=25),
            current_status=status,
            mine=mine,
            statuses=[("", "All"), *Interview.Status.choices],
        )
        return context


class InterviewCreateView(OrganizationPageMixin, FormView):
    template_name = "recruiting/interview_form.html"
    form_class = InterviewForm
    allowed_roles = HIRING_ROLES
    read_roles = HIRING_ROLES

    def get_application(self) -> Application:
        return self.scoped_object(Application.objects.select_related("candidate", "job", "stage"))

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"organization": self.organization}

    def get_initial(self):
        return {"interviewers": [self.request.user.pk], "duration_minutes": 60}

    def get_context_data(self, **kwargs):
        return super().get_context_data(application=self.get_application(), **kwargs)

    def form_valid(self, form):
        application = self.get_application()
        data = form.cleaned_data
        try:
            interview = services.schedule_interview(
                application=application,
                scheduled_at=data["scheduled_at"],
                kind=data["kind"],
                interviewers=data["interviewers"],
                duration_minutes=data["duration_minutes"],
                location=data["location"],
                actor=self.request.user,
            )
        except DomainError as error:
            _form_errors_from(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"{Interview.Kind(data['kind']).label} interview with {application.candidate.full_name} scheduled "
            f"for {local_datetime(interview.scheduled_at)}.",
        )
        return redirect("recruiting:candidate-detail", pk=application.candidate_id)


class InterviewRescheduleView(OrganizationPageMixin, FormView):
    """Move a scheduled interview to another time; interviewers get the updated invite."""

    template_name = "recruiting/interview_reschedule.html"
    form_class = RescheduleInterviewForm
    allowed_roles = HIRING_ROLES
    read_roles = HIRING_ROLES

    def get_interview(self) -> Interview:
        return self.scoped_object(
            Interview.objects.select_related("application__candidate", "application__job").prefetch_related(
                "interviewers"
            )
        )

    def get_initial(self):
        interview = self.get_interview()
        return {
            "scheduled_at": timezone.localtime(interview.scheduled_at),
            "duration_minutes": interview.duration_minutes,
            "location": interview.location,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(interview=self.get_interview(), **kwargs)

    def form_valid(self, form):
        interview = self.get_interview()
        try:
            interview = services.reschedule_interview(interview=interview, actor=self.request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as error:
            _form_errors_from(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            f"Interview with {interview.application.candidate.full_name} moved to "
            f"{local_datetime(interview.scheduled_at)}; the interviewers have the updated invite.",
        )
        return redirect("recruiting:candidate-detail", pk=interview.application.candidate_id)


class InterviewStatusView(OrganizationPageMixin, View):
    """Cancel an interview or mark it as held, from the candidate page."""

    allowed_roles = HIRING_ROLES
    http_method_names = ["post"]
    action = ""

    def post(self, request, pk):
        interview = get_object_or_404(
            Interview.objects.for_org(self.organization).select_related("application__candidate"), pk=pk
        )
        name = interview.application.candidate.full_name
        try:
            if self.action == "cancel":
                services.cancel_interview(interview=interview, actor=request.user)
                messages.success(request, f"Interview with {name} cancelled; the interviewers were told.")
            else:
                services.mark_interview_held(interview=interview, actor=request.user)
                messages.success(request, f"Interview with {name} marked as held.")
        except DomainError as error:
            messages.error(request, error.message)
        return HttpResponseRedirect(
            _safe_next(request, reverse("recruiting:candidate-detail", args=[interview.application.candidate_id]))
        )


class ScorecardCreateView(OrganizationPageMixin, FormView):
    template_name = "recruiting/scorecard_form.html"
    form_class = ScorecardForm
    allowed_roles = HIRING_ROLES
    read_roles = HIRING_ROLES

    def get_interview(self) -> Interview:
        return self.scoped_object(Interview.objects.select_related("application__candidate", "application__job"))

    def get_form_kwargs(self):
        job = self.get_interview().application.job
        return {**super().get_form_kwargs(), "criteria": scorecard_templates.scorecard_criteria(job=job)}

    def get_context_data(self, **kwargs):
        interview = self.get_interview()
        existing = Scorecard.objects.filter(interview=interview, interviewer=self.request.user).first()
        return super().get_context_data(
            interview=interview, existing=existing, bias_check_url=reverse("recruiting_api:bias-check"), **kwargs
        )

    def form_valid(self, form):
        interview = self.get_interview()
        try:
            scorecard = services.submit_scorecard(
                interview=interview,
                interviewer=self.request.user,
                ratings=form.ratings(),
                recommendation=form.cleaned_data["recommendation"],
                feedback=form.cleaned_data["feedback"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
            return self.form_invalid(form)
        flagged = len(scorecard.bias_flags or [])
        note = f" {flagged} wording suggestion(s) were recorded with it." if flagged else ""
        messages.success(self.request, f"Scorecard for {interview.application.candidate.full_name} submitted.{note}")
        return redirect("recruiting:candidate-detail", pk=interview.application.candidate_id)


# --- A job's own settings: scorecard template -----------------------------------------------------


class JobSettingsMixin(OrganizationPageMixin):
    """A page about one of the organization's jobs that whoever may edit the job may change."""

    allowed_roles = WRITE_ROLES
    read_roles = WRITE_ROLES

    def get_job(self) -> Job:
        return self.scoped_object(Job.objects)


def _criterion_rows(formset) -> list[scorecard_templates.CriterionInput]:
    return [
        scorecard_templates.CriterionInput(name=data["name"], description=data["description"], key=data["key"])
        for data in _ordered_rows(formset, text_field="name")
    ]


class JobScorecardTemplateView(JobSettingsMixin, TemplateView):
    """The criteria interviewers rate on this job's scorecards: rename, describe, reorder, add, remove."""

    template_name = "recruiting/job_scorecard_template.html"

    def get_context_data(self, formset=None, **kwargs):
        job = self.get_job()
        criteria = scorecard_templates.scorecard_criteria(job=job)
        if formset is None:
            initial = [
                {"key": item.key, "name": item.name, "description": item.description, "position": index}
                for index, item in enumerate(criteria, start=1)
            ]
            formset = ScorecardCriterionFormSet(initial=initial, prefix="criteria")
        return super().get_context_data(
            job=job,
            formset=formset,
            uses_defaults=scorecard_templates.job_uses_default_criteria(job=job),
            **kwargs,
        )

    def post(self, request, pk):
        job = self.get_job()
        if request.POST.get("action") == "defaults":
            scorecard_templates.use_default_criteria(job=job)
            messages.success(request, f"“{job.title}” asks the default criteria again.")
            return redirect("recruiting:job-scorecard", pk=job.pk)
        formset = ScorecardCriterionFormSet(request.POST, prefix="criteria")
        if formset.is_valid():
            try:
                saved = scorecard_templates.save_scorecard_criteria(job=job, criteria=_criterion_rows(formset))
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, f"Scorecard saved: {len(saved)} criteria for “{job.title}”.")
                return redirect("recruiting:job-scorecard", pk=job.pk)
        return self.render_to_response(self.get_context_data(formset=formset))


class JobStagesView(JobSettingsMixin, TemplateView):
    """Which stages this job's pipeline uses and in which order: the organization's, or its own choice."""

    template_name = "recruiting/job_stages.html"

    def get_context_data(self, **kwargs):
        job = self.get_job()
        used = job_stages.job_stages(job)
        position = {stage.pk: index for index, stage in enumerate(used, start=1)}
        offered = job_stages.stage_choices(job)
        for stage in offered:
            stage.position = position.get(stage.pk)
        # Used stages in the job's order first, then the rest.
        offered.sort(key=lambda stage: (stage.position is None, stage.position or 0))
        counts = dict(
            Application.objects.for_org(self.organization)
            .filter(job=job)
            .values_list("stage_id")
            .annotate(total=Count("id"))
            .values_list("stage_id", "total")
        )
        for stage in offered:
            stage.applications_total = counts.get(stage.pk, 0)
        return super().get_context_data(
            job=job,
            offered=offered,
            final_stages=[stage for stage in used if stage.kind != PipelineStage.Kind.ACTIVE],
            uses_own_stages=job_stages.uses_own_stages(job),
            stage_form=StageNameForm(),
            **kwargs,
        )

    def post(self, request, pk):
        job = self.get_job()
        action = request.POST.get("action")
        try:
            if action == "organization":
                job_stages.use_organization_stages(job=job)
                messages.success(request, f"“{job.title}” uses the organization's stages again.")
            elif action == "add":
                stage = services.add_job_stage(job=job, name=request.POST.get("name", ""), actor=request.user)
                messages.success(request, f"Stage “{stage.name}” added to “{job.title}” before the final stages.")
            else:
                offered = {str(stage.pk): stage for stage in job_stages.stage_choices(job)}
                chosen = []
                for index, key in enumerate(request.POST.getlist("use")):
                    stage = offered.get(key)
                    if stage is None:
                        continue
                    raw = request.POST.get(f"position-{key}", "")
                    position = int(raw) if raw.isdigit() else 1000 + index
                    # As on the scorecard template: a stage given another's position goes before it.
                    chosen.append((position, 0 if position != index + 1 else 1, index, stage))
                chosen.sort(key=lambda row: row[:3])
                job_stages.set_job_stages(job=job, stages=[row[3] for row in chosen])
                messages.success(request, f"Stages saved for “{job.title}”.")
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("recruiting:job-stages", pk=job.pk)


def _ordered_rows(formset, *, text_field: str) -> list[dict]:
    """A settings formset's kept rows in the order their positions ask.

    A row given another row's position goes before it ("1" on a new row makes it the first); blanks
    keep the page's order after the numbered rows.
    """
    rows = []
    for index, form in enumerate(formset.forms):
        data = form.cleaned_data
        if not data or data.get("remove") or not (data.get(text_field) or "").strip():
            continue
        position = data.get("position") or len(formset.forms) + index + 1
        moved = 0 if position != index + 1 else 1
        rows.append(((position, moved, index), data))
    return [data for _, data in sorted(rows, key=lambda row: row[0])]


class JobCareersView(JobSettingsMixin, TemplateView):
    """What the careers page asks applicants to this job, and the confirmation e-mail they get."""

    template_name = "recruiting/job_careers.html"

    def get_context_data(self, formset=None, **kwargs):
        job = self.get_job()
        if formset is None:
            own = JobQuestion.objects.for_org(self.organization).filter(job=job).order_by("order", "id")
            initial = [
                {"text": row.text, "required": row.required, "position": index}
                for index, row in enumerate(own, start=1)
            ]
            formset = JobQuestionFormSet(initial=initial, prefix="questions")
        return super().get_context_data(
            job=job,
            formset=formset,
            default_questions=careers.DEFAULT_QUESTIONS,
            uses_defaults=careers.job_uses_default_questions(job=job),
            email_templates=list(EmailTemplate.objects.for_org(self.organization).only("id", "name")),
            confirmation_subject=careers.CONFIRMATION_SUBJECT,
            confirmation_body=careers.CONFIRMATION_BODY,
            **kwargs,
        )

    def post(self, request, pk):
        job = self.get_job()
        formset = JobQuestionFormSet(request.POST, prefix="questions")
        if not formset.is_valid():
            return self.render_to_response(self.get_context_data(formset=formset))
        template_id = request.POST.get("confirmation_template", "")
        template = (
            EmailTemplate.objects.for_org(self.organization).filter(pk=template_id).first()
            if template_id.isdigit()
            else None
        )
        rows = _ordered_rows(formset, text_field="text")
        try:
            careers.save_application_form(
                job=job,
                questions=[careers.QuestionInput(text=row["text"], required=row["required"]) for row in rows],
                confirmation_template=template,
            )
        except DomainError as error:
            messages.error(request, error.message)
            return self.render_to_response(self.get_context_data(formset=formset))
        asked = f"{len(rows)} question{'s' if len(rows) != 1 else ''}" if rows else "the default questions"
        messages.success(request, f"The careers page asks {asked} for “{job.title}”.")
        return redirect("recruiting:job-careers", pk=job.pk)


# --- Settings: users and roles -------------------------------------------------------------------


class UserSettingsView(AdminPageMixin, FormView):
    template_name = "recruiting/settings_users.html"
    form_class = UserCreateForm

    def get_context_data(self, **kwargs):
        text = self.request.GET.get("q", "")
        users = selectors.find_people(organization=self.organization, text=text, include_deactivated=True)
        return super().get_context_data(
            page=counted_page(users.order_by("email"), self.request, per_page=50),
            roles=User.Role.choices,
            q=" ".join(text.split())[:200],
            **kwargs,
        )

    def form_valid(self, form):
        data = form.cleaned_data
        user = services.create_user(
            organization=self.organization,
            email=data["email"],
            password=None,
            role=data["role"],
            first_name=data["first_name"],
            last_name=data["last_name"],
            actor=self.request.user,
        )
        _email_set_password_link(self.request, user)
        messages.success(self.request, f"{user.email} added as {user.get_role_display()}; we emailed a sign-in link.")
        return redirect("recruiting:settings-users")


def _email_set_password_link(request, user: User) -> None:
    """Email a new user the password-reset link, so they choose their own password."""
    # PasswordResetForm.save skips users without a usable password, which is every new user.
    site = get_current_site(request)
    PasswordResetForm().send_mail(
        "registration/password_reset_subject.txt",
        "registration/password_reset_email.html",
        {
            "email": user.email,
            "domain": site.domain,
            "site_name": site.name,
            "uid": urlsafe_base64_encode(force_bytes(user.pk)),
            "user": user,
            "token": default_token_generator.make_token(user),
            "protocol": "https" if request.is_secure() else "http",
        },
        None,
        user.email,
    )


class UserRoleView(AdminPageMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        member = get_object_or_404(User.objects.filter(organization=self.organization), pk=pk)
        form = UserRoleForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose one of the roles.")
        else:
            try:
                services.update_user(user=member, actor=request.user, role=form.cleaned_data["role"])
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, f"{member.email} is now {member.get_role_display()}.")
        return redirect("recruiting:settings-users")


# --- Pipeline settings: stages and rejection reasons ---------------------------------------------


class StageSettingsView(AdminPageMixin, FormView):
    """The organization's pipeline stages: add, rename, reorder, archive and restore."""

    template_name = "recruiting/settings_stages.html"
    form_class = StageNameForm

    def get_context_data(self, **kwargs):
        stages = list(
            PipelineStage.objects.for_org(self.organization)
            .filter(job__isnull=True)
            .annotate(applications_total=Count("applications"))
            .order_by("order", "id")
        )
        live = [stage for stage in stages if stage.archived_at is None]
        movable = [stage.pk for stage in live if stage.kind == PipelineStage.Kind.ACTIVE]
        for stage in live:
            stage.can_move_up = stage.pk in movable[1:]
            stage.can_move_down = stage.pk in movable[:-1]
            stage.can_archive = stage.pk in movable and len(movable) > 1
        archived = [stage for stage in stages if stage.archived_at is not None]
        return super().get_context_data(live_stages=live, archived_stages=archived, **kwargs)

    def form_valid(self, form):
        try:
            stage = services.add_pipeline_stage(
                organization=self.organization, name=form.cleaned_data["name"], actor=self.request.user
            )
        except DomainError as error:
            _form_errors_from(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Stage “{stage.name}” added before the final stages.")
        return redirect("recruiting:settings-stages")


class StageActionView(AdminPageMixin, View):
    """One change to one stage: each action is its own route, so any other is a 404."""

    http_method_names = ["post"]
    actions = ("rename", "up", "down", "archive", "restore")

    def post(self, request, pk, action):
        # A stage one job added for itself is changed on that job's stage page.
        stage = get_object_or_404(PipelineStage.objects.for_org(self.organization).filter(job__isnull=True), pk=pk)
        name = stage.name
        try:
            if action == "rename":
                stage = services.rename_pipeline_stage(stage=stage, name=request.POST.get("name", ""))
                text = f"“{name}” is now called “{stage.name}”."
            elif action in ("up", "down"):
                services.move_pipeline_stage(stage=stage, step=-1 if action == "up" else 1)
                text = f"“{name}” moved {action}."
            elif action == "archive":
                services.archive_pipeline_stage(stage=stage, actor=request.user)
                text = f"“{name}” is archived: its candidates stay, and no one new can be moved there."
            elif action == "restore":
                services.restore_pipeline_stage(stage=stage)
                text = f"“{name}” is back in the pipeline."
            else:
                raise Http404
        except DomainError as error:
            messages.error(request, f"{name}: {error.message}")
        else:
            messages.success(request, text)
        return redirect("recruiting:settings-stages")


class RejectionReasonSettingsView(AdminPageMixin, FormView):
    """The reasons offered when rejecting: add, reword, archive and restore."""

    template_name = "recruiting/settings_rejection_reasons.html"
    form_class = ReasonLabelForm

    def get_context_data(self, **kwargs):
        reasons = list(
            RejectionReason.objects.for_org(self.organization)
            .annotate(applications_total=Count("applications"))
            .order_by("order", "id")
        )
        live = [reason for reason in reasons if reason.archived_at is None]
        archived = [reason for reason in reasons if reason.archived_at is not None]
        return super().get_context_data(live_reasons=live, archived_reasons=archived, **kwargs)

    def form_valid(self, form):
        try:
            reason = services.add_rejection_reason(organization=self.organization, label=form.cleaned_data["label"])
        except DomainError as error:
            _form_errors_from(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Reason “{reason.label}” added.")
        return redirect("recruiting:settings-reasons")


class RejectionReasonActionView(AdminPageMixin, View):
    """One change to one rejection reason: each action is its own route, so any other is a 404."""

    http_method_names = ["post"]
    actions = ("rename", "archive", "restore")

    def post(self, request, pk, action):
        reason = get_object_or_404(RejectionReason.objects.for_org(self.organization), pk=pk)
        label = reason.label
        try:
            if action == "rename":
                reason = services.rename_rejection_reason(reason=reason, label=request.POST.get("label", ""))
                text = f"“{label}” now reads “{reason.label}”."
            elif action == "archive":
                services.archive_rejection_reason(reason=reason)
                text = f"“{label}” is archived: past rejections keep it, new ones cannot choose it."
            elif action == "restore":
                services.restore_rejection_reason(reason=reason)
                text = f"“{label}” is offered again."
            else:
                raise Http404
        except DomainError as error:
            messages.error(request, f"{label}: {error.message}")
        else:
            messages.success(request, text)
        return redirect("recruiting:settings-reasons")


# --- Settings: your profile, e-mail templates ------------------------------------------------------


class ProfileView(OrganizationPageMixin, FormView):
    """Every member's own settings: the time zone they see times in and how numbers are written for them."""

    template_name = "recruiting/settings_profile.html"
    form_class = ProfileForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"organization_zone": self.organization.time_zone or "UTC"}

    def get_initial(self):
        return {"time_zone": self.request.user.time_zone, "number_format": self.request.user.number_format}

    def form_valid(self, form):
        user = services.update_user(user=self.request.user, actor=self.request.user, **form.cleaned_data)
        numbers = number_format_for(
            chosen=user.number_format, accept_language=self.request.headers.get("Accept-Language", "")
        )
        messages.success(
            self.request,
            f"Times are now shown in {user.time_zone_name.replace('_', ' ')}, "
            f"and a salary of 85,000 euros as {format_money(85000, 'EUR', code=numbers)}.",
        )
        return redirect("recruiting:settings-profile")


class TagSettingsView(AdminPageMixin, TemplateView):
    """The organization's tags with how many candidates carry each: rename (or merge), delete."""

    template_name = "recruiting/settings_tags.html"

    def get_context_data(self, **kwargs):
        all_tags = Tag.objects.for_org(self.organization).annotate(candidates_total=Count("candidates"))
        return super().get_context_data(tags=list(all_tags.order_by(Lower("name"), "id")), **kwargs)


class TagActionView(AdminPageMixin, View):
    """POST only: rename (a name another tag has merges the two) or delete one tag."""

    def post(self, request, pk: int, action: str):
        tag = self.scoped_object(Tag.objects)
        if action == "delete":
            had_it = tags.delete_tag(tag=tag)
            messages.success(request, f"Tag “{tag.name}” deleted; {had_it} candidate(s) no longer carry it.")
            return redirect("recruiting:settings-tags")
        form = TagNameForm(request.POST)
        form.is_valid()
        try:
            kept = tags.rename_tag(tag=tag, name=form.cleaned_data.get("name", ""))
        except DomainError as error:
            messages.error(request, f"“{tag.name}” was not renamed: {error.message}")
            return redirect("recruiting:settings-tags")
        if kept.pk == tag.pk:
            messages.success(request, f"Tag renamed to “{kept.name}”.")
        else:
            messages.success(
                request, f"“{tag.name}” merged into “{kept.name}”: its candidates carry “{kept.name}” now."
            )
        return redirect("recruiting:settings-tags")


class EmailTemplateListView(AdminPageMixin, FormView):
    template_name = "recruiting/settings_email_templates.html"
    form_class = EmailTemplateForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            templates=list(EmailTemplate.objects.for_org(self.organization)),
            placeholders=candidate_emails.PLACEHOLDERS,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            template = candidate_emails.save_email_template(organization=self.organization, **form.cleaned_data)
        except DomainError as error:
            _form_errors_from(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Template “{template.name}” added.")
        return redirect("recruiting:settings-email-templates")


class EmailTemplateEditView(AdminPageMixin, FormView):
    template_name = "recruiting/settings_email_template_edit.html"
    form_class = EmailTemplateForm

    def get_template_row(self) -> EmailTemplate:
        return self.scoped_object(EmailTemplate.objects)

    def get_initial(self):
        template = self.get_template_row()
        return {"name": template.name, "subject": template.subject, "body": template.body}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            email_template=self.get_template_row(), placeholders=candidate_emails.PLACEHOLDERS, **kwargs
        )

    def post(self, request, *args, **kwargs):
        if request.POST.get("action") == "delete":
            template = self.get_template_row()
            candidate_emails.delete_email_template(template=template)
            messages.success(request, f"Template “{template.name}” deleted.")
            return redirect("recruiting:settings-email-templates")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            template = candidate_emails.save_email_template(
                organization=self.organization, template=self.get_template_row(), **form.cleaned_data
            )
        except DomainError as error:
            _form_errors_from(form, error)
            return self.form_invalid(form)
        messages.success(self.request, f"Template “{template.name}” saved.")
        return redirect("recruiting:settings-email-templates")


# --- The public careers page (no sign-in) --------------------------------------------------------

SPAM_MESSAGE = "We could not accept this application. Please reload the page and try again in a few minutes."


def _careers_organization(slug: str) -> Organization:
    return get_object_or_404(Organization, slug=slug)


def _careers_job(organization: Organization, pk: int) -> Job:
    return get_object_or_404(careers.open_jobs(organization=organization).select_related("organization"), pk=pk)


class CareersJobListView(TemplateView):
    """An organization's open jobs, for anyone."""

    template_name = "recruiting/careers_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        organization = _careers_organization(kwargs["slug"])
        context.update(organization=organization, jobs=list(careers.open_jobs(organization=organization)))
        return context


class _CareersUploadHandler(documents.SizeLimitedUploadHandler):
    """The platform's upload limit, but a file over it is skipped (a form error) instead of failing the request."""

    too_large = False

    def receive_data_chunk(self, raw_data, start):
        self.received = getattr(self, "received", 0) + len(raw_data)
        if self.received > documents.max_upload_bytes():
            self.too_large = True
            raise SkipFile
        return raw_data


@method_decorator(csrf_exempt, name="dispatch")
class CareersJobView(View):
    """One open job and its application form, for anyone; a valid application shows the thank-you page.

    Like the resume upload, the size-limited upload handler goes in before anything reads the body,
    then the CSRF check runs. A form with mistakes answers 200 with the errors, as every form page
    does; a refused (spam) submission answers 400 with a generic message.
    """

    template_name = "recruiting/careers_job.html"

    def get(self, request, slug, pk):
        organization = _careers_organization(slug)
        job = _careers_job(organization, pk)
        form = CareersApplicationForm(
            initial={"form_token": careers.form_token(job=job)}, questions=careers.job_questions(job=job)
        )
        return self._render(request, organization, job, form)

    def post(self, request, slug, pk):
        handler = _CareersUploadHandler(request)
        request.upload_handlers.insert(0, handler)
        try:
            return self._apply(request, slug, pk, handler)
        except DomainError as error:  # the declared body is over the limit: nothing of it was read
            organization = _careers_organization(slug)
            job = _careers_job(organization, pk)
            form = CareersApplicationForm(
                initial={"form_token": careers.form_token(job=job)}, questions=careers.job_questions(job=job)
            )
            return self._render(request, organization, job, form, status=413, refused=error.message)

    def _render(self, request, organization, job, form, *, status=200, **extra):
        context = {"organization": organization, "job": job, "form": form, **extra}
        return render(request, self.template_name, context, status=status)

    @method_decorator(csrf_protect)
    def _apply(self, request, slug, pk, handler):
        organization = _careers_organization(slug)
        job = _careers_job(organization, pk)
        questions = careers.job_questions(job=job)
        form = CareersApplicationForm(request.POST, request.FILES, questions=questions)
        spam = bool(request.POST.get("website")) or not careers.token_is_acceptable(
            token=request.POST.get("form_token", ""), job=job
        )
        if handler.too_large:
            form.add_error("resume", documents.too_large_error().message)
        valid = form.is_valid()
        if spam or (valid and not careers.spend_application_budget(address=client_address(request))):
            # Calm and generic: nothing says which check failed. What they typed stays.
            kept = {name: request.POST.get(name, "") for name in form.fields if name not in ("resume", "website")}
            fresh = CareersApplicationForm(
                initial={**kept, "form_token": careers.form_token(job=job)}, questions=questions
            )
            return self._render(request, organization, job, fresh, status=400, refused=SPAM_MESSAGE)
        if not valid:
            form.data = form.data.copy()
            form.data["form_token"] = careers.form_token(job=job)
            return self._render(request, organization, job, form)
        data = form.cleaned_data
        resume = None
        try:
            if data["resume"]:
                resume = careers.ResumeFile(
                    filename=data["resume"].name, data=documents.read_uploaded_file(data["resume"])
                )
            careers.apply_to_job(
                job=job,
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                phone=data["phone"],
                answers=form.answers(),
                resume=resume,
            )
        except DomainError as error:
            field = "resume" if error.field == "file" else error.field if error.field in form.fields else None
            form.add_error(field, error.message)
            form.data = form.data.copy()
            form.data["form_token"] = careers.form_token(job=job)
            return self._render(request, organization, job, form)
        except ValidationError as error:
            _form_errors_from(form, error)
            return self._render(request, organization, job, form)
        return render(
            request,
            "recruiting/careers_thanks.html",
            {"organization": organization, "job": job, "first_name": data["first_name"]},
        )
