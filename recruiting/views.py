"""Dashboard pages for jobs, candidates, pipelines, interviews, scorecards and users.

Views parse the form, call one function in recruiting.services and redirect with a flash message;
every queryset comes from `for_org(self.organization)`, so another organization's id is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.encoding import force_bytes
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_encode
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.generic import FormView, TemplateView

from recruiting import candidate_emails, documents, duplicates, resumes, services
from recruiting.errors import DomainError, ForbiddenError
from recruiting.filters import CandidateFilter, JobFilter
from recruiting.forms import (
    AddToPipelineForm,
    CandidateEmailForm,
    CandidateForm,
    EmailTemplateForm,
    InterviewForm,
    JobForm,
    MergeCandidateForm,
    MoveApplicationForm,
    NewCandidateForm,
    NoteEditForm,
    NoteForm,
    RescheduleInterviewForm,
    ScorecardForm,
    TimeZoneForm,
    UserCreateForm,
    UserRoleForm,
)
from recruiting.models import (
    Application,
    Candidate,
    CandidateActivity,
    Document,
    EmailTemplate,
    Feedback,
    Interview,
    Job,
    Note,
    PipelineStage,
    RejectionReason,
    Scorecard,
    StageChange,
    User,
)
from recruiting.page_access import (
    HIRING_ROLES,
    WRITE_ROLES,
    AdminPageMixin,
    EditFormMixin,
    OrganizationPageMixin,
)
from recruiting.paging import counted_page, peek_page
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
        stages = list(PipelineStage.objects.for_org(self.organization))
        applications = (
            Application.objects.for_org(self.organization)
            .filter(job=job)
            .select_related("candidate", "rejection_reason")
            .order_by("-stage_changed_at", "-id")
        )
        by_stage: dict[int, list[Application]] = {stage.pk: [] for stage in stages}
        for application in applications:
            by_stage.setdefault(application.stage_id, []).append(application)
        context.update(
            job=job,
            # A closed job's pipeline is read-only (the service refuses changes); offer none.
            can_change_pipeline=context["can_write"] and job.status != Job.Status.CLOSED,
            rejection_reasons=list(RejectionReason.objects.for_org(self.organization)),
            email_templates=list(EmailTemplate.objects.for_org(self.organization).only("id", "name")),
            stages=stages,
            columns=[(stage, by_stage[stage.pk]) for stage in stages],
            applications_total=sum(len(cards) for cards in by_stage.values()),
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


class CandidateListView(OrganizationPageMixin, TemplateView):
    template_name = "recruiting/candidate_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # Newest first by id: the primary-key index serves the order, with no sort over 100,000 rows.
        queryset = Candidate.objects.for_org(self.organization).order_by("-id")
        candidate_filter = CandidateFilter(self.request.GET or None, queryset=queryset)
        if candidate_filter.is_bound and candidate_filter.is_valid():
            queryset = candidate_filter.qs
        context.update(
            filter=candidate_filter,
            page=peek_page(queryset, self.request, per_page=25),
            searching=any(v for k, v in self.request.GET.items() if k != "page"),
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
        context.update(
            page=counted_page(interviews.order_by("-scheduled_at", "-id"), self.request, per_page=25),
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


# --- Settings: users and roles -------------------------------------------------------------------


class UserSettingsView(AdminPageMixin, FormView):
    template_name = "recruiting/settings_users.html"
    form_class = UserCreateForm

    def get_context_data(self, **kwargs):
        users = User.objects.filter(organization=self.organization).order_by("email")
        return super().get_context_data(
            page=counted_page(users, self.request, per_page=50), roles=User.Role.choices, **kwargs
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


# --- Settings: your profile, e-mail templates ------------------------------------------------------


class ProfileView(OrganizationPageMixin, FormView):
    """Every member's own settings: the time zone they see times in."""

    template_name = "recruiting/settings_profile.html"
    form_class = TimeZoneForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"organization_zone": self.organization.time_zone or "UTC"}

    def get_initial(self):
        return {"time_zone": self.request.user.time_zone}

    def form_valid(self, form):
        user = services.update_user(user=self.request.user, actor=self.request.user, **form.cleaned_data)
        messages.success(self.request, f"Times are now shown in {user.time_zone_name.replace('_', ' ')}.")
        return redirect("recruiting:settings-profile")


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
