"""Input validation and output shapes for the recruiting API; writes go through services."""

from __future__ import annotations

import decimal
import itertools

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import QueryDict
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.relations import MANY_RELATION_KWARGS

from recruiting import services
from recruiting.api.json_types import reads_json
from recruiting.choices import lenient_choice
from recruiting.free_form_json import free_form_json_problem
from recruiting.models import (
    Application,
    AuditEntry,
    Candidate,
    EmailTemplate,
    Feedback,
    Interview,
    Job,
    Note,
    Organization,
    PipelineStage,
    RejectionReason,
    Scorecard,
    StageChange,
    User,
)


def SkillList(**kwargs) -> serializers.ListField:  # noqa: N802 - used like a field class
    """A list of up to 100 skill names."""
    return serializers.ListField(child=serializers.CharField(max_length=100), max_length=100, **kwargs)


def caller_is_admin(context: dict) -> bool:
    """Only an organization admin signed in as themselves sees pre-sanitising text (never an API key)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and getattr(user, "is_org_admin", False))


def storable_json(value):
    """Validate a free-form JSON field with the one shared rule (finite numbers, no NUL, size limits)."""
    if problem := free_form_json_problem(value):
        raise serializers.ValidationError(problem)


class OrganizationScopedIdList(serializers.ManyRelatedField):
    """A list of ids of the caller's organization's rows: capped in length and resolved in one query."""

    def to_internal_value(self, data):
        if isinstance(data, str | dict) or not hasattr(data, "__iter__"):
            self.fail("not_a_list", input_type=type(data).__name__)
        values = list(data)
        if not values and not self.allow_empty:
            self.fail("empty")
        limit = settings.API_MAX_IDS_PER_LIST
        if len(values) > limit:
            raise serializers.ValidationError(f"At most {limit} ids are accepted here.")
        ids = []
        for value in values:
            if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).isdigit():
                self.child_relation.fail("incorrect_type", data_type=type(value).__name__)
            ids.append(int(value))
        found = self.child_relation.get_queryset().in_bulk(ids)
        missing = next((pk for pk in ids if pk not in found), None)
        if missing is not None:
            self.child_relation.fail("does_not_exist", pk_value=missing)
        return [found[pk] for pk in dict.fromkeys(ids)]


class OrganizationScopedRelatedField(serializers.PrimaryKeyRelatedField):
    """A primary key that must belong to the caller's organization; any other id is 'does not exist'."""

    @classmethod
    def many_init(cls, *args, **kwargs):
        list_kwargs = {"child_relation": cls(*args, **kwargs)}
        list_kwargs.update({key: value for key, value in kwargs.items() if key in MANY_RELATION_KWARGS})
        return OrganizationScopedIdList(**list_kwargs)

    def get_queryset(self):
        organization = self.context.get("organization")
        if organization is None:
            return self.queryset.none()
        return self.queryset.filter(organization=organization)


class QuerySerializer(serializers.Serializer):
    """Query parameters: a blank value a field does not allow (`?start=`, `?department=`) is a 400,
    not a parameter left out, as the published schema types it."""

    def to_internal_value(self, data):
        if isinstance(data, QueryDict):
            blank = {
                name: ["This parameter may not be blank; leave it out instead."]
                for name, field in self.fields.items()
                if data.get(name) == "" and not getattr(field, "allow_blank", False)
            }
            if blank:
                raise serializers.ValidationError(blank)
        return super().to_internal_value(data)


class OrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name", "slug"]


class UserSerializer(serializers.ModelSerializer):
    organization = OrganizationSerializer(read_only=True)
    full_name = serializers.CharField(source="get_full_name", read_only=True)

    class Meta:
        model = get_user_model()
        fields = ["id", "email", "first_name", "last_name", "full_name", "role", "organization"]
        read_only_fields = fields


def password_min_length() -> int:
    """The shortest password AUTH_PASSWORD_VALIDATORS accept (their MinimumLengthValidator), 1 without one."""
    lengths = [
        getattr(validator, "min_length", 1)
        for validator in password_validation.get_default_password_validators()
        if isinstance(validator, password_validation.MinimumLengthValidator)
    ]
    return max(lengths, default=1)


class NewPasswordField(serializers.CharField):
    """A member's password being set by an admin: the schema states Django's password validators
    (AUTH_PASSWORD_VALIDATORS), which `services` applies; the length is checked here too, the rest only there."""

    def __init__(self, **kwargs):
        help_texts = " ".join(password_validation.password_validators_help_texts())
        kwargs.setdefault("min_length", password_min_length())
        kwargs.setdefault("max_length", 128)
        kwargs.setdefault("trim_whitespace", False)
        kwargs.setdefault("help_text", f"Checked with Django's password validators: {help_texts}")
        super().__init__(**kwargs)


# ReViewPoint's registration rules (services.PASSWORD_RULES): at least 8 characters with an upper-case
# letter, a lower-case letter and a digit, in any order. A schema pattern has no "and", so it lists the orders.
# No NUL anywhere (DRF refuses it), hence `[^\x00]*` for "anything".
REGISTRATION_PASSWORD_PATTERN = (
    "^[^\\x00]*("
    + "|".join("[^\\x00]*".join(order) for order in itertools.permutations(("[A-Z]", "[a-z]", "[0-9]")))
    + ")[^\\x00]*$"
)


@extend_schema_field(
    {
        "type": "string",
        "minLength": 8,
        "maxLength": 128,
        "pattern": REGISTRATION_PASSWORD_PATTERN,
        "description": (
            "At least 8 characters, with an upper-case letter, a lower-case letter and a digit "
            "(each broken rule is reported, all at once)."
        ),
    }
)
class RegistrationPasswordField(serializers.CharField):
    """Types only: `services.register_user` checks the rules, so every broken one is answered together."""

    def __init__(self, **kwargs):
        super().__init__(max_length=128, trim_whitespace=False, **kwargs)


@extend_schema_field({"type": "string", "format": "email", "minLength": 3, "maxLength": 254})
class RegistrationEmailField(serializers.CharField):
    """Types only, like the password: `services.register_user` checks the address."""


@extend_schema_field(
    {
        "type": "string",
        "minLength": 2,
        "maxLength": 300,
        # Two visible characters, no NUL anywhere (DRF refuses it).
        "pattern": "^[^\\x00]*[^\\x00\\s][^\\x00]*[^\\x00\\s][^\\x00]*$",
        "description": "2 to 300 characters once runs of spaces are one space; no NUL character.",
    }
)
class RegistrationNameField(serializers.CharField):
    """Types only: `services.register_user` checks the length of the name with its spaces collapsed."""


class RegistrationSerializer(serializers.Serializer):
    """Types only; the registration rules themselves are `services.register_user`'s, reported all at once."""

    email = RegistrationEmailField(max_length=254, trim_whitespace=True)
    password = RegistrationPasswordField()
    name = RegistrationNameField(max_length=1000, trim_whitespace=True)


class RegisteredSerializer(serializers.Serializer):
    user = serializers.DictField()
    message = serializers.CharField()


class UserSummarySerializer(serializers.ModelSerializer):
    full_name = serializers.CharField(source="get_full_name", read_only=True)

    class Meta:
        model = User
        fields = ["id", "email", "full_name", "role"]
        read_only_fields = fields


class MemberSerializer(serializers.ModelSerializer):
    """A user of the caller's organization, as admins manage them."""

    full_name = serializers.CharField(source="get_full_name", read_only=True)
    password = NewPasswordField(write_only=True, required=False)

    class Meta:
        model = User
        fields = ["id", "email", "first_name", "last_name", "full_name", "role", "is_active", "password", "date_joined"]
        read_only_fields = ["id", "full_name", "date_joined"]
        # The model's unique check would answer "already exists"; validate_email gives the one answer.
        extra_kwargs = {"email": {"validators": []}}

    def validate_email(self, value: str) -> str:
        value = value.lower()
        try:
            services.ensure_email_available(email=value, user=self.instance)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict["email"]) from exc
        return value

    def create(self, validated_data):
        request = self.context.get("request")
        actor = request.user if request is not None and request.user.is_authenticated else None
        # Without a password the member cannot sign in until an admin sets one (an unusable password).
        password = validated_data.pop("password", None)
        return services.create_user(
            organization=self.context["organization"], actor=actor, password=password, **validated_data
        )

    def update(self, instance, validated_data):
        return services.update_user(user=instance, actor=self.context["request"].user, **validated_data)


class LoginSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class TokenPairSerializer(serializers.Serializer):
    access_token = serializers.CharField()
    refresh_token = serializers.CharField()
    token_type = serializers.CharField()
    expires_in = serializers.IntegerField()


class RefreshSerializer(serializers.Serializer):
    refresh_token = serializers.CharField()


class AccessTokenSerializer(serializers.Serializer):
    access_token = serializers.CharField()
    token_type = serializers.CharField()
    expires_in = serializers.IntegerField()


class LenientChoiceField(serializers.ChoiceField):
    """A choice read case-insensitively, by its value or its label: "Senior", "Full-time", "Mid-level", "remote"."""

    def to_internal_value(self, data):
        if isinstance(data, str) and data not in self.choices:
            value = lenient_choice(self.choices.items(), data)
            if value is not None:
                return value
        return super().to_internal_value(data)


class JobSerializer(serializers.ModelSerializer):
    """A job. Not stated by the schema: `external_id` is unique per `source` in the organization (400 naming it);
    `hiring_team` ids are users of the organization."""

    serializer_choice_field = LenientChoiceField
    required_skills = SkillList(required=False)
    nice_to_have_skills = SkillList(required=False)
    hiring_team = OrganizationScopedRelatedField(queryset=User.objects.all(), many=True, required=False)
    requirements = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=5000,
        help_text='Requirements in prose ("Python, FastAPI, PostgreSQL, 5+ years experience"): the skills it '
        "names become the required skills and its years the experience level, unless those are given.",
    )

    class Meta:
        model = Job
        fields = [
            "id",
            "title",
            "department",
            "location",
            "remote_policy",
            "employment_type",
            "experience_level",
            "description",
            "required_skills",
            "nice_to_have_skills",
            "salary_min",
            "salary_max",
            "salary_currency",
            "status",
            "hiring_team",
            "external_id",
            "source",
            "requirements",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def create(self, validated_data):
        request = self.context["request"]
        return services.create_job(
            organization=self.context["organization"],
            created_by=request.user if request.user.is_authenticated else None,
            **validated_data,
        )

    def update(self, instance, validated_data):
        return services.update_job(job=instance, **validated_data)


class CandidateSerializer(serializers.ModelSerializer):
    """A candidate. Not stated by the schema: `external_id` is unique per `source` in the organization
    (400 naming the field)."""

    serializer_choice_field = LenientChoiceField
    skills = SkillList(required=False)
    education = serializers.ListField(
        child=serializers.DictField(), max_length=20, required=False, validators=[storable_json]
    )
    ats_data = serializers.DictField(required=False, validators=[storable_json])
    experience_years = serializers.FloatField(min_value=0, max_value=70, required=False, allow_null=True)
    full_name = serializers.CharField(read_only=True)
    possible_duplicate_of = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text="An older candidate this record matches by e-mail, phone or LinkedIn profile; null when none.",
    )

    class Meta:
        model = Candidate
        fields = [
            "id",
            "first_name",
            "last_name",
            "full_name",
            "email",
            "phone",
            "location",
            "skills",
            "experience_years",
            "seniority",
            "education",
            "linkedin_url",
            "resume_url",
            "source",
            "external_id",
            "ats_data",
            "possible_duplicate_of",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "possible_duplicate_of", "created_at", "updated_at"]

    def validate(self, attrs):
        external_id = attrs.get("external_id", getattr(self.instance, "external_id", ""))
        source = attrs.get("source", getattr(self.instance, "source", ""))
        if external_id:
            clash = Candidate.objects.for_org(self.context["organization"]).filter(
                source=source, external_id=external_id
            )
            if self.instance is not None:
                clash = clash.exclude(pk=self.instance.pk)
            if clash.exists():
                raise serializers.ValidationError(
                    {"external_id": ["A candidate with this external_id already exists for this source."]}
                )
        return attrs

    def create(self, validated_data):
        return services.create_candidate(organization=self.context["organization"], **validated_data)

    def update(self, instance, validated_data):
        return services.update_candidate(candidate=instance, **validated_data)


# The candidate list reads `.values()` rows and shapes them here instead of running the serializer's
# fields per row (a 50-row page: ~1 ms against ~15 ms). tests/api_speed/test_candidate_list_rows.py
# checks that each row equals CandidateSerializer's output for the same candidate.
CANDIDATE_LIST_FIELDS = tuple(CandidateSerializer.Meta.fields)
CANDIDATE_LIST_COLUMNS = tuple(name for name in CANDIDATE_LIST_FIELDS if name != "full_name")


def _drf_datetime(value, zone) -> str | None:
    """As DRF's DateTimeField writes `value` in `zone` (the current time zone, looked up once per page)."""
    if value is None:
        return None
    text = value.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def candidate_list_rows(rows: list[dict]) -> list[dict]:
    zone = timezone.get_current_timezone()
    return [candidate_list_row(row, zone) for row in rows]


def candidate_list_row(values: dict, zone) -> dict:
    return {
        "id": values["id"],
        "first_name": values["first_name"],
        "last_name": values["last_name"],
        "full_name": f"{values['first_name']} {values['last_name']}".strip(),
        "email": values["email"],
        "phone": values["phone"],
        "location": values["location"],
        "skills": list(values["skills"] or []),
        "experience_years": None if values["experience_years"] is None else float(values["experience_years"]),
        "seniority": values["seniority"],
        "education": list(values["education"] or []),
        "linkedin_url": values["linkedin_url"],
        "resume_url": values["resume_url"],
        "source": values["source"],
        "external_id": values["external_id"],
        "ats_data": dict(values["ats_data"] or {}),
        "possible_duplicate_of": values["possible_duplicate_of"],
        "created_at": _drf_datetime(values["created_at"], zone),
        "updated_at": _drf_datetime(values["updated_at"], zone),
    }


# The job list is rendered by PostgreSQL (recruiting.json_rows, hiring teams included) or, elsewhere,
# read as `.values()` rows and the page's hiring teams as (job, user) id pairs, instead of the
# serializer's fields and a prefetch of whole users per row. tests/api_speed/test_job_list_rows.py
# checks that each row equals JobSerializer's output for the same job, and test_json_rows.py that the
# two renderings write the same JSON.
JOB_LIST_FIELDS = tuple(name for name in JobSerializer.Meta.fields if name != "requirements")
JOB_LIST_COLUMNS = tuple(name for name in JOB_LIST_FIELDS if name != "hiring_team")


def hiring_teams_of(job_ids: list[int]) -> dict[int, list[int]]:
    """Each job's hiring team as user ids, in the order JobSerializer lists them (the users' e-mails)."""
    teams: dict[int, list[int]] = {}
    pairs = Job.hiring_team.through.objects.filter(job_id__in=job_ids).order_by("user__email")
    for job_id, user_id in pairs.values_list("job_id", "user_id"):
        teams.setdefault(job_id, []).append(user_id)
    return teams


def job_list_rows(rows: list[dict]) -> list[dict]:
    zone = timezone.get_current_timezone()
    teams = hiring_teams_of([row["id"] for row in rows])
    return [job_list_row(row, teams.get(row["id"], []), zone) for row in rows]


def job_list_row(values: dict, hiring_team: list[int], zone) -> dict:
    return {
        "id": values["id"],
        "title": values["title"],
        "department": values["department"],
        "location": values["location"],
        "remote_policy": values["remote_policy"],
        "employment_type": values["employment_type"],
        "experience_level": values["experience_level"],
        "description": values["description"],
        "required_skills": list(values["required_skills"] or []),
        "nice_to_have_skills": list(values["nice_to_have_skills"] or []),
        "salary_min": values["salary_min"],
        "salary_max": values["salary_max"],
        "salary_currency": values["salary_currency"],
        "status": values["status"],
        "hiring_team": hiring_team,
        "external_id": values["external_id"],
        "source": values["source"],
        "created_at": _drf_datetime(values["created_at"], zone),
        "updated_at": _drf_datetime(values["updated_at"], zone),
    }


class ArchivedField(serializers.BooleanField):
    """True for a stage or reason an admin archived: it stays on past applications but no new move may use it."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value) -> bool:
        return value.archived_at is not None


class StageSerializer(serializers.ModelSerializer):
    # The job that added this stage for itself; null for the organization's own stages.
    job = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)
    archived = ArchivedField()

    class Meta:
        model = PipelineStage
        fields = ["id", "key", "name", "order", "kind", "job", "archived"]
        read_only_fields = fields


class StageChangeSerializer(serializers.ModelSerializer):
    from_stage = serializers.SlugRelatedField(slug_field="key", read_only=True, allow_null=True)
    to_stage = serializers.SlugRelatedField(slug_field="key", read_only=True)
    changed_by = serializers.EmailField(source="changed_by.email", read_only=True, default=None)

    class Meta:
        model = StageChange
        fields = ["id", "from_stage", "to_stage", "changed_by", "reason", "changed_at"]
        read_only_fields = fields


class StageKeyField(serializers.SlugRelatedField):
    """A pipeline stage named by its key (`interview`), scoped to the caller's organization."""

    def __init__(self, **kwargs):
        super().__init__(slug_field="key", queryset=PipelineStage.objects.all(), **kwargs)

    def get_queryset(self):
        return PipelineStage.objects.filter(organization=self.context.get("organization"))


class RejectionReasonSerializer(serializers.ModelSerializer):
    archived = ArchivedField()

    class Meta:
        model = RejectionReason
        fields = ["id", "code", "label", "archived"]
        read_only_fields = fields


@extend_schema_field(
    {
        "oneOf": [
            {"type": "integer", "minimum": 1},
            {"type": "string", "minLength": 1, "maxLength": 60, "pattern": "\\S"},
        ],
        "description": "A rejection reason of the organization: its id or its code (GET /rejection-reasons).",
    }
)
class RejectionReasonField(serializers.Field):
    """One of the caller's organization's rejection reasons, named by its id (`3`) or code (`salary`)."""

    default_error_messages = {"unknown": "Not one of this organization's rejection reasons (GET /rejection-reasons)."}

    def to_internal_value(self, data):
        reasons = RejectionReason.objects.for_org(self.context.get("organization"))
        if isinstance(data, bool) or not isinstance(data, int | str) or not str(data).strip():
            self.fail("unknown")
        text = str(data).strip()
        found = reasons.filter(pk=int(text)).first() if text.isdigit() and len(text) < 12 else None
        found = found or reasons.filter(code=text[:60]).first()
        if found is None:
            self.fail("unknown")
        return found

    def to_representation(self, value):
        return value.code


class ApplicationSerializer(serializers.ModelSerializer):
    candidate = OrganizationScopedRelatedField(queryset=Candidate.objects.all())
    job = OrganizationScopedRelatedField(queryset=Job.objects.all())
    stage = StageKeyField(required=False)
    candidate_name = serializers.CharField(source="candidate.full_name", read_only=True)
    job_title = serializers.CharField(source="job.title", read_only=True)
    rejection_reason = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Application
        fields = [
            "id",
            "candidate",
            "candidate_name",
            "job",
            "job_title",
            "stage",
            "source",
            "rejection_reason",
            "rejection_note",
            "answers",
            "applied_at",
            "stage_changed_at",
            "updated_at",
        ]
        read_only_fields = [
            "id",
            "rejection_reason",
            "rejection_note",
            "answers",
            "applied_at",
            "stage_changed_at",
            "updated_at",
        ]
        # No unique-together validator ("The fields candidate, job must make a unique set."): the
        # service refuses a candidate already in the pipeline with a 409 that names them, the same
        # answer a concurrent add gets.
        validators = []

    def create(self, validated_data):
        request = self.context["request"]
        return services.create_application(actor=request.user, **validated_data)

    def update(self, instance, validated_data):
        # Stage moves go through the `move` action so history is always written.
        instance.source = validated_data.get("source", instance.source)
        instance.save(update_fields=["source", "updated_at"])
        return instance


# An application as its list renders it in PostgreSQL (recruiting.json_rows): the serializer's keys,
# the related names read through their foreign keys as the serializer's sources read them.
APPLICATION_LIST_FIELDS = tuple(
    {
        "candidate_name": ("candidate_name", "candidate.full_name"),
        "job_title": ("job_title", "job.title"),
        "stage": ("stage", "stage.key"),
        "rejection_reason": ("rejection_reason", "rejection_reason.code"),
    }.get(name, name)
    for name in ApplicationSerializer.Meta.fields
)


class ApplicationUpdateSerializer(ApplicationSerializer):
    class Meta(ApplicationSerializer.Meta):
        read_only_fields = [*ApplicationSerializer.Meta.read_only_fields, "candidate", "job", "stage"]


class MoveStageSerializer(serializers.Serializer):
    stage = StageKeyField()
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    # Required by the move service for a Rejected stage; `rejection_note` is the free text (alias of `reason`).
    rejection_reason = RejectionReasonField(required=False)
    rejection_note = serializers.CharField(max_length=500, required=False, allow_blank=True)
    # Optional with a rejection: e-mail the candidate this template of the organization.
    email_template = OrganizationScopedRelatedField(
        queryset=EmailTemplate.objects.all(), required=False, allow_null=True
    )


class InterviewSerializer(serializers.ModelSerializer):
    """An interview. Not stated by the schema: `scheduled_at` is in the future when scheduling; `application` and
    `interviewers` are ids of the organization; only a scheduled interview can be changed."""

    application = OrganizationScopedRelatedField(queryset=Application.objects.all())
    interviewers = OrganizationScopedRelatedField(queryset=User.objects.all(), many=True, required=False)
    candidate_name = serializers.CharField(source="application.candidate.full_name", read_only=True)
    job_title = serializers.CharField(source="application.job.title", read_only=True)

    class Meta:
        model = Interview
        fields = [
            "id",
            "application",
            "candidate_name",
            "job_title",
            "interviewers",
            "scheduled_at",
            "duration_minutes",
            "kind",
            "status",
            "location",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]

    def create(self, validated_data):
        validated_data.pop("status", None)
        return services.schedule_interview(**validated_data)

    def update(self, instance, validated_data):
        validated_data.pop("application", None)
        return services.update_interview(interview=instance, **validated_data)


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "integer", "minimum": 1, "maximum": 5},
        "minProperties": 1,
        "maxProperties": 20,
        "description": "A rating from 1 to 5 per criterion; 1 to 20 criteria, each named in 50 characters or fewer.",
    }
)
class RatingsField(serializers.DictField):
    def __init__(self, **kwargs):
        super().__init__(child=serializers.IntegerField(min_value=1, max_value=5), **kwargs)

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if not value:
            raise serializers.ValidationError("Rate at least one criterion.")
        if len(value) > 20 or any(len(str(key)) > 50 for key in value):
            raise serializers.ValidationError("At most 20 criteria, each named in 50 characters or fewer.")
        if problem := free_form_json_problem(value):  # a NUL in a criterion's name: PostgreSQL's JSON refuses it
            raise serializers.ValidationError(problem)
        return value


class ScorecardSerializer(serializers.ModelSerializer):
    interview = OrganizationScopedRelatedField(queryset=Interview.objects.all())
    interviewer = UserSummarySerializer(read_only=True)
    ratings = RatingsField()
    feedback = serializers.CharField(max_length=10000, required=False, allow_blank=True)

    class Meta:
        model = Scorecard
        fields = [
            "id",
            "interview",
            "interviewer",
            "ratings",
            "recommendation",
            "feedback",
            "bias_flags",
            "submitted_at",
        ]
        read_only_fields = ["id", "interviewer", "bias_flags", "submitted_at"]

    def create(self, validated_data):
        return services.submit_scorecard(interviewer=self.context["request"].user, **validated_data)

    def update(self, instance, validated_data):
        validated_data.pop("interview", None)
        return services.revise_scorecard(scorecard=instance, **validated_data)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if caller_is_admin(self.context):
            data["original_feedback"] = instance.original_feedback
        return data


@extend_schema_field(
    {"type": "number", "minimum": 0, "maximum": 5, "description": "Kept to two decimals: 4.125 is stored as 4.13."}
)
class FeedbackRatingField(serializers.DecimalField):
    """A 0-5 rating kept to two decimals, read back as the JSON number it was stored as.

    The schema admits any number from 0 to 5, and a partner's average (4.333) is one: more decimals
    are rounded half up to two rather than refused. The range is checked on the number sent, so
    5.004 is still past 5."""

    def __init__(self, **kwargs):
        super().__init__(
            max_digits=3, decimal_places=2, min_value=0, max_value=5, rounding=decimal.ROUND_HALF_UP, **kwargs
        )

    def to_internal_value(self, data):
        if reads_json(self) and (isinstance(data, bool) or not isinstance(data, int | float)):
            self.fail("invalid")
        return super().to_internal_value(data)

    def validate_precision(self, value):
        if value > self.max_value:
            self.fail("max_value", max_value=self.max_value)
        if value < self.min_value:
            self.fail("min_value", min_value=self.min_value)
        return super().validate_precision(self.quantize(value))

    def to_representation(self, value):
        # 4.5 goes in and 4.5 comes out: a float keeps partners' number type, not "4.50".
        return None if value is None else float(value)


class FeedbackSerializer(serializers.ModelSerializer):
    candidate = OrganizationScopedRelatedField(queryset=Candidate.objects.all())
    application = OrganizationScopedRelatedField(queryset=Application.objects.all(), required=False, allow_null=True)
    text = serializers.CharField(max_length=10000)
    rating = FeedbackRatingField(required=False, allow_null=True)

    class Meta:
        model = Feedback
        fields = [
            "id",
            "candidate",
            "application",
            "text",
            "rating",
            "reviewer",
            "source",
            "bias_flags",
            "bias_filtered",
            "created_at",
        ]
        read_only_fields = ["id", "bias_flags", "bias_filtered", "created_at"]

    def create(self, validated_data):
        user = self.context["request"].user
        return services.add_feedback(author=user if user.is_authenticated else None, **validated_data)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if caller_is_admin(self.context):
            data["original_text"] = instance.original_text
        return data


class NoteSerializer(serializers.ModelSerializer):
    candidate = OrganizationScopedRelatedField(queryset=Candidate.objects.all())
    application = OrganizationScopedRelatedField(queryset=Application.objects.all(), required=False, allow_null=True)
    author = serializers.EmailField(source="author.email", read_only=True, default=None)
    body = serializers.CharField(max_length=10000)

    class Meta:
        model = Note
        fields = ["id", "candidate", "application", "author", "body", "created_at"]
        read_only_fields = ["id", "author", "created_at"]

    def create(self, validated_data):
        return services.add_note(author=self.context["request"].user, **validated_data)


class BiasCheckSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=10000, allow_blank=True, trim_whitespace=False)


class BiasEditSerializer(serializers.Serializer):
    start = serializers.IntegerField(help_text="Start of the text the suggestion replaces (may be before the phrase).")
    end = serializers.IntegerField(help_text="End of the text the suggestion replaces.")
    text = serializers.CharField(allow_blank=True, help_text="What replaces text[start:end]; empty for a removal.")


class BiasFlagSerializer(serializers.Serializer):
    category = serializers.CharField()
    label = serializers.CharField(help_text="The category in the recruiter's words.")
    why = serializers.CharField(help_text="Why this kind of wording matters.")
    phrase = serializers.CharField()
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    suggestion = serializers.CharField(
        help_text="replace: the words to use instead of the phrase; remove: the words or sentence that would go."
    )
    suggestion_kind = serializers.ChoiceField(choices=["replace", "remove"])
    suggestion_scope = serializers.ChoiceField(
        choices=["phrase", "words", "clause", "sentence"], help_text="How much of the text the suggestion changes."
    )
    suggestion_result = serializers.CharField(
        allow_blank=True, help_text="The sentence as it reads after the suggestion; empty when it is removed."
    )
    edit = BiasEditSerializer(help_text="The exact change the suggestion makes to the checked text.")
    severity = serializers.CharField()


class BiasReportSerializer(serializers.Serializer):
    flags = BiasFlagSerializer(many=True)
    severity = serializers.ChoiceField(choices=["none", "low", "medium", "high"])
    sanitized_text = serializers.CharField()
    bias_filtered = serializers.BooleanField()


class CandidateMergeSerializer(serializers.Serializer):
    duplicate_id = serializers.IntegerField(
        min_value=1, max_value=2**62, help_text="The candidate merged into this one; it is deleted and redirects here."
    )


class AuditEntrySerializer(serializers.ModelSerializer):
    actor = serializers.SerializerMethodField()

    class Meta:
        model = AuditEntry
        fields = ["id", "action", "actor", "target_type", "target_id", "ip_address", "created_at"]
        read_only_fields = fields

    @extend_schema_field(
        {"type": "object", "nullable": True, "properties": {"id": {"type": "integer"}, "email": {"type": "string"}}}
    )
    def get_actor(self, entry) -> dict | None:
        return {"id": entry.actor_id, "email": entry.actor.email} if entry.actor_id else None
