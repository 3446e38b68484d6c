"""Dashboard forms: validate input, then views hand the cleaned data to recruiting.services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from recruiting import services
from recruiting.errors import DomainError
from recruiting.models import (
    Candidate,
    Interview,
    Job,
    Organization,
    PipelineStage,
    RejectionReason,
    Scorecard,
    User,
    phone_validator,
    time_zone_names,
)
from recruiting.number_formats import NUMBER_FORMAT_CHOICES


def split_skills(value: str) -> list[str]:
    return [skill.strip() for skill in value.replace("\n", ",").split(",") if skill.strip()]


class SkillListField(forms.CharField):
    """Skills typed as a comma-separated list."""

    def prepare_value(self, value):
        if isinstance(value, list):
            return ", ".join(value)
        return value

    def to_python(self, value):
        skills = split_skills(super().to_python(value) or "")
        if len(skills) > 100:
            raise ValidationError("List at most 100 skills.")
        if any(len(skill) > 100 for skill in skills):
            raise ValidationError("Each skill must be at most 100 characters.")
        return skills


class JobForm(forms.ModelForm):
    required_skills = SkillListField(required=False, help_text="Comma-separated, e.g. Python, PostgreSQL")
    nice_to_have_skills = SkillListField(required=False, help_text="Comma-separated")

    class Meta:
        model = Job
        fields = [
            "title",
            "department",
            "location",
            "remote_policy",
            "employment_type",
            "experience_level",
            "status",
            "salary_min",
            "salary_max",
            "salary_currency",
            "required_skills",
            "nice_to_have_skills",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def clean(self):
        cleaned = super().clean()
        # The service's rule, asked early so this error shows together with the form's own.
        try:
            services.ensure_salary_range_is_ordered(
                salary_min=cleaned.get("salary_min"), salary_max=cleaned.get("salary_max")
            )
        except DomainError as error:
            self.add_error(error.field, error.message)
        return cleaned

    def _post_clean(self):
        # Model validation runs in the service (full_clean); here only the form's own checks apply.
        pass


class CandidateForm(forms.ModelForm):
    skills = SkillListField(required=False, help_text="Comma-separated, e.g. Python, Django, AWS")
    linkedin_url = forms.URLField(label="LinkedIn URL", required=False, max_length=500, assume_scheme="https")

    class Meta:
        model = Candidate
        fields = [
            "first_name",
            "last_name",
            "email",
            "phone",
            "location",
            "experience_years",
            "seniority",
            "source",
            "linkedin_url",
            "skills",
        ]
        labels = {"experience_years": "Years of experience"}


class NewCandidateForm(CandidateForm):
    """Adding a candidate: a likely duplicate is shown first, and saved only when the recruiter says so."""

    save_anyway = forms.BooleanField(
        required=False, label="Add anyway: this is a different person", widget=forms.CheckboxInput
    )


class MergeCandidateForm(forms.Form):
    duplicate = forms.ModelChoiceField(queryset=Candidate.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        # Scoped: another organization's id fails as "not a valid choice".
        self.fields["duplicate"].queryset = Candidate.objects.for_org(organization)


class AddToPipelineForm(forms.Form):
    """Put a candidate of this organization into one of its jobs."""

    candidate = forms.ModelChoiceField(queryset=Candidate.objects.none(), widget=forms.HiddenInput)
    job = forms.ModelChoiceField(queryset=Job.objects.none(), label="Job")

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        # Scoped querysets: another organization's id fails as "not a valid choice".
        self.fields["candidate"].queryset = Candidate.objects.for_org(organization)
        self.fields["job"].queryset = Job.objects.for_org(organization).exclude(status=Job.Status.CLOSED)


class MoveApplicationForm(forms.Form):
    stage = forms.CharField(max_length=60)
    reason = forms.CharField(max_length=500, required=False)
    # A rejection reason's code; the move service requires one for a Rejected stage.
    rejection_reason = forms.CharField(max_length=60, required=False)
    # Optional with a rejection: the id of an e-mail template to send the candidate.
    email_template = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)


class NoteForm(forms.Form):
    body = forms.CharField(label="Note", max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))


def interview_time_field(label: str) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
    )


class FutureTimeMixin:
    def clean_scheduled_at(self):
        scheduled_at = self.cleaned_data["scheduled_at"]
        # The service's rule, asked early so this error shows together with the form's own.
        try:
            services.ensure_interview_in_future(scheduled_at=scheduled_at)
        except DomainError as error:
            raise ValidationError(error.message) from error
        return scheduled_at


class InterviewForm(FutureTimeMixin, forms.ModelForm):
    # Read in the signed-in person's zone (recruiting.time_zones activates it); the label names it.
    scheduled_at = interview_time_field("Date and time")
    interviewers = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Interview
        fields = ["kind", "scheduled_at", "duration_minutes", "location", "interviewers"]
        labels = {"duration_minutes": "Duration (minutes)", "location": "Location or video link"}

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interviewers"].queryset = User.objects.filter(organization=organization, is_active=True)
        self.fields["scheduled_at"].label = f"Date and time ({timezone.get_current_timezone_name()})"


class RescheduleInterviewForm(FutureTimeMixin, forms.Form):
    scheduled_at = interview_time_field("New date and time")
    duration_minutes = forms.IntegerField(label="Duration (minutes)", min_value=5, max_value=480)
    location = forms.CharField(label="Location or video link", max_length=300, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scheduled_at"].label = f"New date and time ({timezone.get_current_timezone_name()})"


class NoteEditForm(forms.Form):
    body = forms.CharField(label="Note", max_length=10000, widget=forms.Textarea(attrs={"rows": 4}))


class ProfileForm(forms.Form):
    time_zone = forms.ChoiceField(label="Time zone", help_text="Interview times and dates are shown in this zone.")
    number_format = forms.ChoiceField(
        label="Numbers and salaries",
        required=False,
        choices=[("", "As my browser's language says"), *NUMBER_FORMAT_CHOICES],
        help_text="How numbers, salaries and currencies are written; the pages' words stay English.",
    )

    def __init__(self, *args, organization_zone: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = [
            ("", f"Organization default ({organization_zone})"),
            *[(name, name.replace("_", " ")) for name in time_zone_names()],
        ]
        self.fields["time_zone"].required = False


class EmailTemplateForm(forms.Form):
    name = forms.CharField(max_length=120)
    subject = forms.CharField(max_length=300)
    body = forms.CharField(max_length=20000, widget=forms.Textarea(attrs={"rows": 10}))


class CandidateEmailForm(forms.Form):
    subject = forms.CharField(max_length=300)
    body = forms.CharField(label="Message", max_length=20000, widget=forms.Textarea(attrs={"rows": 12}))
    template = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


RATING_CHOICES = [(str(value), str(value)) for value in range(1, 6)]


class ScorecardForm(forms.Form):
    """The interviewer's scorecard: one 1-5 rating per criterion of the job, a recommendation and feedback."""

    recommendation = forms.ChoiceField(
        choices=[("", "Choose…"), *Scorecard.Recommendation.choices], label="Overall recommendation"
    )
    feedback = forms.CharField(
        label="Written feedback",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text="Describe what the candidate did and said; we flag wording that may carry bias.",
    )

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"rating_{criterion.key}"] = forms.TypedChoiceField(
                label=criterion.name,
                choices=RATING_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
                help_text=criterion.description,
            )

    def rating_fields(self):
        return [self[f"rating_{criterion.key}"] for criterion in self.criteria]

    def ratings(self) -> dict[str, int]:
        return {criterion.key: self.cleaned_data[f"rating_{criterion.key}"] for criterion in self.criteria}


class ScorecardCriterionForm(forms.Form):
    """One row of a job's scorecard template."""

    key = forms.CharField(required=False, max_length=50, widget=forms.HiddenInput)
    name = forms.CharField(label="Criterion", required=False, max_length=80)
    description = forms.CharField(label="What to look for (optional)", required=False, max_length=300)
    position = forms.IntegerField(label="Position", required=False, min_value=1, max_value=99)
    remove = forms.BooleanField(label="Remove", required=False)


ScorecardCriterionFormSet = forms.formset_factory(ScorecardCriterionForm, extra=2, max_num=30, absolute_max=30)


class UserCreateForm(forms.Form):
    email = forms.EmailField()
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    role = forms.ChoiceField(choices=User.Role.choices, initial=User.Role.RECRUITER)

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        try:
            services.ensure_email_available(email=email)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["email"]) from exc
        return email


class UserRoleForm(forms.Form):
    role = forms.ChoiceField(choices=User.Role.choices)


class StageNameForm(forms.Form):
    # Emptiness, length and clashes are the service's rules (`add_pipeline_stage`); its message shows here.
    name = forms.CharField(label="Stage name", required=False)


class TagNameForm(forms.Form):
    # Emptiness and length are the service's rules (`tags.clean_tag_name`); its message shows here.
    name = forms.CharField(label="New name", required=False)


class ReasonLabelForm(forms.Form):
    label = forms.CharField(label="Reason", required=False)


class SelectedIdsField(forms.Field):
    """The ids of the ticked rows (one `candidates` value per checkbox)."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        try:
            return [int(item) for item in values]
        except (TypeError, ValueError) as error:
            raise ValidationError("The selection is not a list of candidates.") from error


class BulkActionForm(forms.Form):
    """One action on the ticked candidates of the list or of a job's board."""

    ACTIONS = {
        "add_to_job": "Add to job",
        "move": "Move to stage",
        "reject": "Reject",
        "tag": "Tag",
        "export": "Export CSV",
    }
    # The fields each action needs, with the message shown when one is missing.
    NEEDS = {
        "add_to_job": {"add_to_job": "Choose the job to add them to."},
        "move": {"job": "Choose the job whose pipeline they move in.", "stage": "Choose a stage of your pipeline."},
        "reject": {"job": "Choose the job they are rejected for.", "rejection_reason": "Choose a rejection reason."},
        "tag": {"tag": "Type a tag."},
        "export": {},
    }

    action = forms.ChoiceField(
        choices=list(ACTIONS.items()), error_messages={"invalid_choice": "Choose one of the bulk actions."}
    )
    candidates = SelectedIdsField(required=False)
    add_to_job = forms.ModelChoiceField(queryset=Job.objects.none(), required=False, label="Add to job")
    job = forms.ModelChoiceField(queryset=Job.objects.none(), required=False, label="In the pipeline of")
    stage = forms.ModelChoiceField(queryset=None, required=False, to_field_name="key", label="Stage")
    rejection_reason = forms.ModelChoiceField(queryset=None, required=False, to_field_name="code", label="Reason")
    note = forms.CharField(max_length=500, required=False, label="Note (optional)")
    tag = forms.CharField(max_length=60, required=False, label="Tag")

    def __init__(self, *args, organization: Organization, **kwargs):
        super().__init__(*args, **kwargs)
        # Scoped querysets: another organization's job, stage or reason is "not a valid choice".
        open_jobs = Job.objects.for_org(organization).exclude(status=Job.Status.CLOSED)
        self.fields["add_to_job"].queryset = open_jobs
        self.fields["job"].queryset = Job.objects.for_org(organization)
        self.fields["stage"].queryset = PipelineStage.objects.for_org(organization)
        self.fields["rejection_reason"].queryset = RejectionReason.objects.for_org(organization)
        self.fields["stage"].error_messages["invalid_choice"] = "Choose a stage of your pipeline."
        self.fields["rejection_reason"].error_messages["invalid_choice"] = "Choose one of your rejection reasons."
        self.fields["add_to_job"].error_messages["invalid_choice"] = "Choose one of your open jobs."
        self.fields["job"].error_messages["invalid_choice"] = "Choose one of your jobs."

    def clean(self):
        cleaned = super().clean()
        for name, message in self.NEEDS.get(cleaned.get("action"), {}).items():
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, message)
        return cleaned


class SavedSearchForm(forms.Form):
    name = forms.CharField(max_length=80, label="Name this search")
    query = forms.CharField(max_length=4000, required=False, widget=forms.HiddenInput)
    shared = forms.BooleanField(required=False, label="Share with the team")


class TagForm(forms.Form):
    """Add a tag by name, or remove one of the candidate's tags by id."""

    add = forms.CharField(max_length=60, required=False, label="Add a tag")
    remove = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CareersApplicationForm(forms.Form):
    """The public application form: the person, an optional resume, the careers page's questions."""

    first_name = forms.CharField(max_length=Candidate.text_limit("first_name"))
    last_name = forms.CharField(max_length=Candidate.text_limit("last_name"))
    email = forms.EmailField(label="E-mail", max_length=Candidate.text_limit("email"))
    phone = forms.CharField(
        label="Phone (optional)",
        required=False,
        max_length=Candidate.text_limit("phone"),
        validators=[phone_validator],
    )
    resume = forms.FileField(
        label="Resume (optional)",
        required=False,
        help_text="PDF, DOCX or plain text.",
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.txt,application/pdf,text/plain"}),
    )
    # Hidden from people (off-screen, not focusable); bots fill every field they find.
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[question.name] = forms.CharField(
                label=question.text if question.required else f"{question.text} (optional)",
                required=question.required,
                max_length=5000,
                widget=forms.Textarea(attrs={"rows": 4}),
            )

    def question_fields(self):
        return [self[question.name] for question in self.questions]

    def answers(self) -> dict[str, str]:
        return {question.name: self.cleaned_data.get(question.name) or "" for question in self.questions}


class JobQuestionForm(forms.Form):
    """One row of a job's careers questions."""

    text = forms.CharField(label="Question", required=False, max_length=300)
    required = forms.BooleanField(label="Required", required=False)
    position = forms.IntegerField(label="Position", required=False, min_value=1, max_value=99)
    remove = forms.BooleanField(label="Remove", required=False)


JobQuestionFormSet = forms.formset_factory(JobQuestionForm, extra=2, max_num=20, absolute_max=20)
