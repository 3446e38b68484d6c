"""The core recruiting domain: organizations, people, jobs, candidates and their pipelines.

Every domain row carries its organization; `OrganizationQuerySet.for_org` is the one way views
reach rows (see recruiting/tenancy.py).
"""

from __future__ import annotations

import uuid
import zoneinfo
from datetime import timedelta
from functools import cache

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q, Value
from django.db.models.functions import Concat, Lower, Upper
from django.utils import timezone
from django.utils.text import slugify

from recruiting import identity
from recruiting import lookups as _lookups  # noqa: F401 - registers project-wide query lookups
from recruiting.currencies import CURRENCY_CHOICES
from recruiting.number_formats import NUMBER_FORMAT_CHOICES
from recruiting.skills import resolve_skills

# Between the fields of `Candidate.search_text`: the unit separator, which str.split() splits on.
SEARCH_SEPARATOR = "\x1f"

phone_validator = RegexValidator(
    r"^\+?[0-9(][0-9 ()\-.]{5,24}$",
    "Enter a phone number of 6 to 25 digits, spaces, dashes, dots or brackets, optionally starting with +.",
)


@cache
def time_zone_names() -> tuple[str, ...]:
    """The IANA zone names a person may choose (the system's tz database), sorted."""
    return tuple(sorted(name for name in zoneinfo.available_timezones() if "/" in name or name == "UTC"))


def validate_time_zone(value: str) -> None:
    from django.core.exceptions import ValidationError

    if value and value not in time_zone_names():
        raise ValidationError("Choose a time zone from the list.", code="invalid_time_zone")


class OrganizationQuerySet(models.QuerySet):
    def for_org(self, organization: Organization) -> OrganizationQuerySet:
        return self.filter(organization=organization)


class Organization(models.Model):
    class Plan(models.TextChoices):
        # Requests per minute for each plan are a setting (ORGANIZATION_PLAN_RATES).
        FREE = "free", "Free"
        PRO = "pro", "Pro"
        ENTERPRISE = "enterprise", "Enterprise"

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True)
    plan = models.CharField(
        max_length=20,
        choices=Plan.choices,
        default=Plan.FREE,
        help_text="Sets the organization's API requests per minute, for API keys and signed-in callers alike.",
    )
    # The zone a member sees times in until they choose their own.
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:200] or uuid.uuid4().hex
        super().save(*args, **kwargs)


class UserManager(BaseUserManager.from_queryset(OrganizationQuerySet)):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra):
        if not email:
            raise ValueError("Users log in by email; an email is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("role", User.Role.ADMIN)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email: str):
        return self.get(email__iexact=email)


class User(AbstractUser):
    """A person who signs in by email, belonging to one organization with one role."""

    class Role(models.TextChoices):
        ADMIN = "admin", "Admin"
        RECRUITER = "recruiter", "Recruiter"
        HIRING_MANAGER = "hiring_manager", "Hiring manager"
        VIEWER = "viewer", "Viewer"

    # One role vocabulary: pages, the API and templates ask these, never compare role strings.
    WRITER_ROLES = frozenset({Role.ADMIN, Role.RECRUITER})
    HIRING_ROLES = frozenset({Role.ADMIN, Role.RECRUITER, Role.HIRING_MANAGER})
    ADMIN_ROLES = frozenset({Role.ADMIN})

    username = None
    email = models.EmailField("email address", unique=True)
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="users", null=True, blank=True
    )
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.RECRUITER)
    # An IANA zone name; blank means the organization's.
    time_zone = models.CharField(max_length=64, blank=True, default="", validators=[validate_time_zone])
    # How numbers and salaries are written for this person (recruiting/number_formats.py); blank: as their browser says.
    number_format = models.CharField(max_length=8, blank=True, default="", choices=NUMBER_FORMAT_CHOICES)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]
        indexes = [models.Index(fields=["organization", "email"], name="user_default_order_idx")]

    def __str__(self) -> str:
        return self.get_full_name() or self.email

    @property
    def is_org_admin(self) -> bool:
        return self.role in self.ADMIN_ROLES

    @property
    def can_write(self) -> bool:
        """May change jobs, candidates and pipelines."""
        return self.role in self.WRITER_ROLES

    @property
    def can_interview(self) -> bool:
        """May schedule interviews and write scorecards, feedback and notes."""
        return self.role in self.HIRING_ROLES

    @property
    def time_zone_name(self) -> str:
        """The zone this person sees times in: their own, else their organization's, else UTC."""
        if self.time_zone:
            return self.time_zone
        organization = self.organization if self.organization_id else None
        return (organization.time_zone if organization else "") or "UTC"


class OrganizationOwned(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        abstract = True


def normalise_skill_key(skill: str) -> str:
    return " ".join(skill.strip().lower().split())


class Job(OrganizationOwned):
    class RemotePolicy(models.TextChoices):
        ONSITE = "onsite", "On-site"
        HYBRID = "hybrid", "Hybrid"
        REMOTE = "remote", "Remote"

    class EmploymentType(models.TextChoices):
        FULL_TIME = "full_time", "Full-time"
        PART_TIME = "part_time", "Part-time"
        CONTRACT = "contract", "Contract"
        INTERNSHIP = "internship", "Internship"
        TEMPORARY = "temporary", "Temporary"

    class ExperienceLevel(models.TextChoices):
        ENTRY = "entry", "Entry"
        JUNIOR = "junior", "Junior"
        MID = "mid", "Mid"
        SENIOR = "senior", "Senior"
        LEAD = "lead", "Lead"
        PRINCIPAL = "principal", "Principal"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=200)
    department = models.CharField(max_length=120, blank=True)
    location = models.CharField(max_length=200, blank=True)
    remote_policy = models.CharField(max_length=10, choices=RemotePolicy.choices, default=RemotePolicy.ONSITE)
    employment_type = models.CharField(max_length=20, choices=EmploymentType.choices, default=EmploymentType.FULL_TIME)
    experience_level = models.CharField(max_length=20, choices=ExperienceLevel.choices, default=ExperienceLevel.MID)
    description = models.TextField(blank=True)
    required_skills = models.JSONField(default=list, blank=True)
    nice_to_have_skills = models.JSONField(default=list, blank=True)
    # Canonical skill ids of the two lists (recruiting/skills.py), kept by `set_skills`.
    required_skill_ids = models.JSONField(default=list, blank=True, editable=False)
    nice_to_have_skill_ids = models.JSONField(default=list, blank=True, editable=False)
    salary_min = models.PositiveIntegerField(null=True, blank=True)
    salary_max = models.PositiveIntegerField(null=True, blank=True)
    # An ISO 4217 code (recruiting/currencies.py): the form offers them by name, the API refuses others.
    salary_currency = models.CharField(max_length=3, default="USD", choices=CURRENCY_CHOICES)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    hiring_team = models.ManyToManyField(User, blank=True, related_name="hiring_for")
    # The e-mail an applicant gets from the careers page; blank sends the built-in confirmation.
    confirmation_template = models.ForeignKey(
        "EmailTemplate", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    external_id = models.CharField(max_length=255, blank=True)
    source = models.CharField(max_length=100, blank=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "source", "external_id"],
                condition=~Q(external_id=""),
                name="job_unique_external_id_per_source",
            ),
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True)
                | Q(salary_max__isnull=True)
                | Q(salary_min__lte=models.F("salary_max")),
                name="job_salary_range_ordered",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "created_at", "id"], name="job_default_order_idx"),
            models.Index(fields=["organization", "status"]),
        ]

    # Fields `set_skills` writes; bulk writes must list them all in `update_fields`.
    SKILL_FIELDS = ("required_skill_ids", "nice_to_have_skill_ids")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.set_skills()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"required_skills", "nice_to_have_skills"} & set(update_fields):
            kwargs["update_fields"] = set(update_fields) | set(self.SKILL_FIELDS)
        super().save(*args, **kwargs)

    def set_skills(self) -> None:
        """Refresh the canonical skill ids from the required and nice-to-have lists."""
        self.required_skill_ids = resolve_skills(self.required_skills or [])
        # A skill that is required is not also a bonus.
        self.nice_to_have_skill_ids = [
            skill_id
            for skill_id in resolve_skills(self.nice_to_have_skills or [])
            if skill_id not in self.required_skill_ids
        ]


class Candidate(OrganizationOwned):
    # Every index below leads with the organization and serves its reads, cascade and key checks;
    # a single-column index as well would only be one more for each written row to update.
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+", db_index=False)

    class Seniority(models.TextChoices):
        UNKNOWN = "", "Unknown"
        ENTRY = "entry", "Entry"
        JUNIOR = "junior", "Junior"
        MID = "mid", "Mid"
        SENIOR = "senior", "Senior"
        LEAD = "lead", "Lead"
        PRINCIPAL = "principal", "Principal"

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(max_length=254)
    phone = models.CharField(max_length=25, blank=True, validators=[phone_validator])
    location = models.CharField(max_length=200, blank=True)
    skills = models.JSONField(default=list, blank=True)
    # Lower-cased, whitespace-folded copy of `skills`, kept by `set_skills`, for exact filtering.
    skill_keys = models.JSONField(default=list, blank=True, editable=False)
    # Canonical skill ids of `skills` (recruiting/skills.py), kept by `set_skills`; ranking reads only these.
    skill_ids = models.JSONField(default=list, blank=True, editable=False)
    experience_years = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(70)],
    )
    seniority = models.CharField(max_length=20, choices=Seniority.choices, blank=True, default="")
    education = models.JSONField(default=list, blank=True)
    linkedin_url = models.URLField(max_length=500, blank=True)
    resume_url = models.URLField(max_length=500, blank=True)
    source = models.CharField(max_length=100, blank=True)
    external_id = models.CharField(max_length=255, blank=True)
    ats_data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # No index of its own: every read by updated_at is an organization's, through candidate_sync_idx.
    updated_at = models.DateTimeField(default=timezone.now)
    # Normalised identity (recruiting/identity.py), kept by `set_identity_keys`; duplicates match on them.
    email_key = models.CharField(max_length=254, blank=True, default="", editable=False)
    phone_key = models.CharField(max_length=20, blank=True, default="", editable=False)
    linkedin_key = models.CharField(max_length=300, blank=True, default="", editable=False)
    # Set when the record arrived matching an older one; cleared by a merge or by "not a duplicate".
    # Indexed by candidate_possible_dup_ref_idx below, which holds only the flagged rows.
    possible_duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False, db_index=False
    )
    tags = models.ManyToManyField("Tag", blank=True, related_name="candidates")
    # What `q` searches: first name, last name and e-mail upper-cased by the database, kept by the
    # database on every write (no write path can forget it). One LIKE per term on this column costs a
    # third of three upper(...) LIKEs per row (docs/partner-api.md "Speed"). The separator is a
    # character no search term holds (str.split splits on it), so a term never spans two fields.
    search_text = models.GeneratedField(
        expression=Upper(
            Concat(
                "first_name",
                Value(SEARCH_SEPARATOR),
                "last_name",
                Value(SEARCH_SEPARATOR),
                "email",
                output_field=models.TextField(),
            )
        ),
        output_field=models.TextField(),
        db_persist=True,
    )

    # Fields `set_skills` writes; bulk upserts must list them all in `update_fields`.
    SKILL_FIELDS = ("skills", "skill_keys", "skill_ids")
    # Fields `set_identity_keys` writes, from `email`, `phone` and `linkedin_url`.
    IDENTITY_FIELDS = ("email_key", "phone_key", "linkedin_key")

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "source", "external_id"],
                condition=~Q(external_id=""),
                name="candidate_unique_external_id_per_source",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "created_at", "id"], name="candidate_default_order_idx"),
            models.Index(fields=["organization", "updated_at", "id"], name="candidate_sync_idx"),
            models.Index(fields=["organization", "email"], name="candidate_email_idx"),
            models.Index(fields=["organization", "email_key"], name="candidate_email_key_idx"),
            models.Index(
                fields=["organization", "phone_key"], name="candidate_phone_key_idx", condition=~Q(phone_key="")
            ),
            models.Index(
                fields=["organization", "linkedin_key"],
                name="candidate_linkedin_key_idx",
                condition=~Q(linkedin_key=""),
            ),
            models.Index(
                fields=["organization", "possible_duplicate_of"],
                name="candidate_possible_dup_idx",
                condition=Q(possible_duplicate_of__isnull=False),
            ),
            # The foreign key's own reads (a deleted record's flags cleared, a merge moving them):
            # only flagged rows, so a row written unflagged updates no entry here.
            models.Index(
                fields=["possible_duplicate_of"],
                name="candidate_possible_dup_ref_idx",
                condition=Q(possible_duplicate_of__isnull=False),
            ),
            # The candidate list's sortable columns (name, experience), under the organization.
            models.Index(fields=["organization", "last_name", "first_name", "id"], name="candidate_name_order_idx"),
            # Least experienced first; most experienced first (unknowns last) has a PostgreSQL-only index
            # in migration 0013, as SQLite cannot index NULLS LAST.
            models.Index(fields=["organization", "experience_years", "id"], name="candidate_experience_idx"),
            # The list's source choices (a skip scan, recruiting/selectors.py) and its any-case source filter.
            models.Index(fields=["organization", "source"], name="candidate_source_idx"),
            models.Index(F("organization"), Upper("source"), name="candidate_source_upper_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        # Every write path goes through save() or bulk paths that call set_skills and set_identity_keys.
        self.set_skills(self.skills or [])
        self.set_identity_keys()
        self.updated_at = timezone.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            extra = {"updated_at", *self.IDENTITY_FIELDS}
            if "skills" in update_fields:
                extra |= set(self.SKILL_FIELDS)
            kwargs["update_fields"] = set(update_fields) | extra
        super().save(*args, **kwargs)

    def set_identity_keys(self) -> None:
        self.email_key = identity.email_key(self.email)
        self.phone_key = identity.phone_key(self.phone)
        self.linkedin_key = identity.linkedin_key(self.linkedin_url)

    @classmethod
    def text_limit(cls, field_name: str) -> int:
        """The longest value a text field stores; partner validation reads its limits here too."""
        return cls._meta.get_field(field_name).max_length

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def set_skills(self, skills: list[str]) -> None:
        """Set the skill list, dropping blanks and repeats, and refresh the derived keys."""
        keys: dict[str, str] = {}  # key -> the first spelling, whitespace folded
        for skill in skills:
            key = normalise_skill_key(skill)
            if key and key not in keys:
                keys[key] = " ".join(skill.split())
        self.skills = list(keys.values())
        self.skill_keys = list(keys)
        self.skill_ids = resolve_skills(self.skills)


class CandidateListChange(models.Model):
    """How many candidates a statement added to or removed from an organization's list, written by a
    database trigger (PostgreSQL) on every insert and delete, whatever the path: API, bulk intake,
    admin, cascades, raw SQL.

    The sum of an organization's rows is a number that grows whenever its list of candidates changes
    and never otherwise, read in the same statement as the rows it vouches for: recruiting.page_starts
    remembers where deep pages start and trusts a remembered start only while that sum is unchanged.
    Rows only ever get appended (no row is locked by concurrent writers); recruiting.page_starts folds
    an organization's rows into one now and then. A plain integer, not a foreign key, like
    matching's CandidateDeletion: the trigger also writes while an organization's candidates are
    deleted with it.
    """

    organization_id = models.BigIntegerField()
    changes = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["organization_id", "id"], name="candidate_list_change_org_idx")]

    def __str__(self) -> str:
        return f"{self.changes} candidate(s) added or removed in organization {self.organization_id}"


class CandidateRedirect(OrganizationOwned):
    """A candidate merged into another: its old id, and the partner id it had, lead to the kept record."""

    merged_id = models.BigIntegerField()
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="redirects")
    source = models.CharField(max_length=100, blank=True)
    external_id = models.CharField(max_length=255, blank=True)
    merged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "merged_id"], name="candidate_redirect_unique_merged")
        ]
        indexes = [
            models.Index(
                fields=["organization", "source", "external_id"],
                name="candidate_redirect_ext_idx",
                condition=~Q(external_id=""),
            )
        ]

    def __str__(self) -> str:
        return f"#{self.merged_id} → #{self.candidate_id}"


class Tag(OrganizationOwned):
    """A label recruiters put on candidates ("Speaks German", "Silver medallist"); one name per organization."""

    name = models.CharField(max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            # "Remote OK" and "remote ok" are one tag.
            models.UniqueConstraint("organization", Lower("name"), name="tag_unique_name_per_org_ci"),
        ]

    def __str__(self) -> str:
        return self.name


class SavedSearch(OrganizationOwned):
    """A named filter set of the candidate list (its query string), private to its owner or shared with the team."""

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(max_length=80)
    query = models.CharField(max_length=2000, blank=True)
    shared = models.BooleanField(default=False, help_text="Everyone in the organization sees it in their sidebar.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]
        verbose_name_plural = "saved searches"
        indexes = [models.Index(fields=["organization", "owner"], name="saved_search_owner_idx")]

    def __str__(self) -> str:
        return self.name


class PipelineStage(OrganizationOwned):
    class Kind(models.TextChoices):
        ACTIVE = "active", "Active"
        HIRED = "hired", "Hired"
        REJECTED = "rejected", "Rejected"

    name = models.CharField(max_length=60)
    key = models.SlugField(max_length=60)
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.ACTIVE)
    # An archived stage keeps its applications and history but is offered for no new move.
    archived_at = models.DateTimeField(null=True, blank=True)
    # Set for a stage one job added for itself; blank for the organization's own stages.
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.CASCADE, related_name="own_stages")

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["organization", "key"], name="stage_unique_key_per_org")]
        indexes = [models.Index(fields=["organization", "order", "id"], name="stage_default_order_idx")]

    def __str__(self) -> str:
        return self.name


class JobStage(OrganizationOwned):
    """A stage a job uses, in the job's order; a job with none uses the organization's stages.

    Only active stages are listed here: every job ends with the organization's Hired and Rejected.
    """

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="stage_plan")
    stage = models.ForeignKey(PipelineStage, on_delete=models.CASCADE, related_name="+")
    order = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["job", "stage"], name="job_stage_unique_stage_per_job")]

    def __str__(self) -> str:
        return f"{self.job} · {self.stage}"


DEFAULT_PIPELINE = [
    ("applied", "Applied", PipelineStage.Kind.ACTIVE),
    ("screening", "Screening", PipelineStage.Kind.ACTIVE),
    ("interview", "Interview", PipelineStage.Kind.ACTIVE),
    ("offer", "Offer", PipelineStage.Kind.ACTIVE),
    ("hired", "Hired", PipelineStage.Kind.HIRED),
    ("rejected", "Rejected", PipelineStage.Kind.REJECTED),
]


class RejectionReason(OrganizationOwned):
    """One of an organization's reasons for rejecting an application, chosen when moving to Rejected."""

    code = models.SlugField(max_length=60)
    label = models.CharField(max_length=120)
    order = models.PositiveSmallIntegerField(default=0)
    # An archived reason stays on the applications rejected with it but is offered for no new rejection.
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "code"], name="rejection_reason_unique_code_per_org")
        ]
        indexes = [models.Index(fields=["organization", "order", "id"], name="reason_default_order_idx")]

    def __str__(self) -> str:
        return self.label


DEFAULT_REJECTION_REASONS = [
    ("skills-gap", "Skills or experience don't match the role"),
    ("another-candidate", "Another candidate was a better fit"),
    ("salary", "Salary expectations don't match"),
    ("location", "Location or work permit"),
    ("withdrew", "Candidate withdrew"),
    ("no-response", "Candidate stopped responding"),
    ("position-closed", "Position filled or closed"),
    ("other", "Other (see the note)"),
]


class Application(OrganizationOwned):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="applications")
    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="applications")
    stage = models.ForeignKey(PipelineStage, on_delete=models.PROTECT, related_name="applications")
    source = models.CharField(max_length=100, blank=True)
    rejection_reason = models.ForeignKey(
        RejectionReason, null=True, blank=True, on_delete=models.PROTECT, related_name="applications"
    )
    # Free text the recruiter adds to the chosen reason.
    rejection_note = models.CharField(max_length=500, blank=True)
    applied_at = models.DateTimeField(default=timezone.now)
    stage_changed_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    # The careers form's questions as they were asked and what the applicant wrote:
    # [{"question": "When could you start?", "answer": "In June"}].
    answers = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-applied_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["candidate", "job"], name="application_unique_candidate_job")]
        indexes = [
            models.Index(fields=["organization", "applied_at", "id"], name="application_default_order_idx"),
            models.Index(fields=["organization", "job", "stage"]),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} → {self.job}"


class StageChange(OrganizationOwned):
    """One move of an application through the pipeline: the stage history."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="history")
    from_stage = models.ForeignKey(PipelineStage, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    to_stage = models.ForeignKey(PipelineStage, on_delete=models.PROTECT, related_name="+")
    changed_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(max_length=500, blank=True)
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-changed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.from_stage or '—'} → {self.to_stage}"


class Interview(OrganizationOwned):
    class Kind(models.TextChoices):
        PHONE_SCREEN = "phone_screen", "Phone screen"
        TECHNICAL = "technical", "Technical"
        BEHAVIORAL = "behavioral", "Behavioral"
        ONSITE = "onsite", "On-site"
        FINAL = "final", "Final"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        COMPLETED = "completed", "Completed"
        CANCELLED = "cancelled", "Cancelled"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="interviews")
    interviewers = models.ManyToManyField(User, blank=True, related_name="interviews")
    scheduled_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TECHNICAL)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    location = models.CharField(max_length=300, blank=True)
    # The calendar invite's SEQUENCE (RFC 5545 §3.8.7.4): raised on every reschedule and cancellation.
    sequence = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-scheduled_at", "-id"]
        # The default order, under the organization every list is scoped to (tests/api_speed).
        indexes = [models.Index(fields=["organization", "scheduled_at", "id"], name="interview_default_order_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.application}"

    @property
    def ends_at(self):
        return self.scheduled_at + timedelta(minutes=self.duration_minutes)

    @property
    def calendar_uid(self) -> str:
        """The invite's UID: the same for every update and cancellation of this interview."""
        return f"interview-{self.pk}-org-{self.organization_id}@recruiter-platform"


def criterion_words(key: str) -> str:
    """A rating key as words: "problem_solving" reads "Problem solving"."""
    words = " ".join(str(key).replace("_", " ").replace("-", " ").split())
    return words[:1].upper() + words[1:]


class ScorecardCriterion(OrganizationOwned):
    """One thing interviewers rate on a job's scorecard; a job with none asks DEFAULT_SCORECARD_CRITERIA."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="scorecard_criteria")
    # The key the rating is stored under in `Scorecard.ratings` (the API's criterion name).
    key = models.CharField(max_length=50)
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name_plural = "scorecard criteria"
        constraints = [models.UniqueConstraint(fields=["job", "key"], name="scorecard_criterion_unique_key_per_job")]

    def __str__(self) -> str:
        return self.name


# The four criteria every scorecard asked before jobs had their own: (key, name).
DEFAULT_SCORECARD_CRITERIA = (
    ("technical", "Technical skills"),
    ("problem_solving", "Problem solving"),
    ("communication", "Communication"),
    ("collaboration", "Collaboration"),
)


class Scorecard(OrganizationOwned):
    class Recommendation(models.TextChoices):
        STRONG_NO = "strong_no", "Strong no"
        NO = "no", "No"
        NEUTRAL = "neutral", "Neutral"
        YES = "yes", "Yes"
        STRONG_YES = "strong_yes", "Strong yes"

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="scorecards")
    interviewer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="scorecards")
    # {criterion: rating 1-5}, e.g. {"technical": 4, "communication": 5}.
    ratings = models.JSONField(default=dict)
    # The criteria the form asked, in order, with their names then: [{"key": "technical", "name": "Technical skills"}].
    criteria = models.JSONField(default=list, blank=True)
    recommendation = models.CharField(max_length=12, choices=Recommendation.choices)
    feedback = models.TextField(blank=True)
    # What the interviewer typed, before bias sanitising; visible to admins only.
    original_feedback = models.TextField(blank=True)
    bias_flags = models.JSONField(default=list, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "interviewer"], name="scorecard_one_per_interviewer")
        ]
        # The default order, under the organization every list is scoped to (tests/api_speed).
        indexes = [models.Index(fields=["organization", "submitted_at", "id"], name="scorecard_default_order_idx")]

    def __str__(self) -> str:
        return f"{self.interviewer} · {self.get_recommendation_display()}"

    @property
    def rated_criteria(self) -> list[tuple[str, object]]:
        """(criterion in words, rating) in the order the form asked, then any other rating it carries."""
        names = {item.get("key"): item.get("name") for item in self.criteria if isinstance(item, dict)}
        order = [key for key in names if key in self.ratings] + [key for key in self.ratings if key not in names]
        return [(names.get(key) or criterion_words(key), self.ratings[key]) for key in order]

    def can_be_changed_by(self, user: User) -> bool:
        """Only the interviewer, or an admin of the organization, may edit or delete a scorecard."""
        return user.pk == self.interviewer_id or (
            user.organization_id == self.organization_id and user.role == User.Role.ADMIN
        )


class Feedback(OrganizationOwned):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="feedback")
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="feedback"
    )
    text = models.TextField(max_length=10000)
    original_text = models.TextField(blank=True)
    # Partners send half points (the ATS integration scripts send "rating": 4.5); a decimal keeps the value exactly as given.
    rating = models.DecimalField(
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(5)],
    )
    reviewer = models.CharField(max_length=200, blank=True)
    author = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source = models.CharField(max_length=100, blank=True)
    bias_flags = models.JSONField(default=list, blank=True)
    bias_filtered = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "feedback"
        # The default order, under the organization every list is scoped to (tests/api_speed).
        indexes = [models.Index(fields=["organization", "created_at", "id"], name="feedback_default_order_idx")]

    def __str__(self) -> str:
        return f"Feedback on {self.candidate}"


class Note(OrganizationOwned):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="notes")
    application = models.ForeignKey(Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="notes")
    author = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(max_length=10000)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # The default order, under the organization every list is scoped to (tests/api_speed).
        indexes = [models.Index(fields=["organization", "created_at", "id"], name="note_default_order_idx")]

    def __str__(self) -> str:
        return self.body[:60]

    def can_be_changed_by(self, user: User) -> bool:
        """Only the author, or an admin of the organization, may edit or delete a note."""
        return (self.author_id is not None and user.pk == self.author_id) or (
            user.organization_id == self.organization_id and user.role == User.Role.ADMIN
        )


class CandidateActivity(OrganizationOwned):
    """One thing that happened to a candidate that no other row records: the timeline reads these.

    Stage moves, notes, scorecards and feedback are their own rows; these are the rest (added,
    interviews scheduled, moved, cancelled and held, e-mails sent, merges), written by the service
    that did it, with the words to show already chosen.
    """

    class Kind(models.TextChoices):
        CREATED = "created", "Added"
        INTERVIEW_SCHEDULED = "interview_scheduled", "Interview scheduled"
        INTERVIEW_RESCHEDULED = "interview_rescheduled", "Interview moved"
        INTERVIEW_CANCELLED = "interview_cancelled", "Interview cancelled"
        INTERVIEW_HELD = "interview_held", "Interview held"
        EMAIL_SENT = "email_sent", "E-mail sent"
        MERGED = "merged", "Records merged"
        NOTE_DELETED = "note_deleted", "Note deleted"

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="activity")
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    summary = models.CharField(max_length=500)
    # The longer text behind the line: an e-mail's body.
    detail = models.TextField(blank=True)
    interview = models.ForeignKey(Interview, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # When the interview was (re)scheduled for: shown in each viewer's own zone.
    interview_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "candidate activity"
        indexes = [models.Index(fields=["candidate", "created_at", "id"], name="activity_timeline_idx")]

    def __str__(self) -> str:
        return self.summary


class EmailTemplate(OrganizationOwned):
    """A message recruiters send candidates; {{placeholders}} are filled by plain substitution."""

    name = models.CharField(max_length=120)
    subject = models.CharField(max_length=300)
    body = models.TextField(max_length=20000)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="email_template_unique_name")]

    def __str__(self) -> str:
        return self.name


class JobQuestion(OrganizationOwned):
    """A question the careers form asks for one job; a job with none asks the careers page's default questions."""

    job = models.ForeignKey(Job, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(max_length=300)
    required = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class OutboxEvent(OrganizationOwned):
    """A domain event written in the same transaction as the change it describes.

    The relay (integrations) publishes unrelayed rows after commit, so a broker outage never
    loses an event.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=100, db_index=True)
    data = models.JSONField(default=dict)
    occurred_at = models.DateTimeField(default=timezone.now)
    relayed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["occurred_at"]
        indexes = [models.Index(fields=["relayed_at", "occurred_at"], name="outbox_pending_idx")]

    def __str__(self) -> str:
        return f"{self.name} @ {self.occurred_at:%Y-%m-%d %H:%M:%S}"


class AuditEntry(OrganizationOwned):
    """Who did what to which object, and from where; no personal payload."""

    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=100, db_index=True)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "audit entries"
        # The default order, under the organization every list is scoped to (tests/api_speed).
        indexes = [models.Index(fields=["organization", "created_at", "id"], name="audit_default_order_idx")]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor or 'system'} @ {self.created_at:%Y-%m-%d %H:%M:%S}"


class Document(OrganizationOwned):
    """A file the platform stores for an organization: a general upload or a candidate's resume.

    The bytes live in Django's default storage under `stored_name`, a generated name (never the
    caller's filename); `content_type` is what the content sniffing found, not what the client said.
    Resumes are parsed in Celery (`recruiting.tasks.parse_document`); `extracted_data` holds the
    fields with a confidence each (recruiting/resume_parsing.py).
    """

    class Kind(models.TextChoices):
        UPLOAD = "upload", "Upload"
        RESUME = "resume", "Resume"

    class ParseStatus(models.TextChoices):
        NOT_REQUESTED = "not_requested", "Not requested"
        PENDING = "pending", "Pending"
        PARSED = "parsed", "Parsed"
        FAILED = "failed", "Failed"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey(Candidate, null=True, blank=True, on_delete=models.CASCADE, related_name="documents")
    uploaded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.UPLOAD)
    stored_name = models.CharField(max_length=300, unique=True, editable=False)
    original_filename = models.CharField(max_length=255)
    description = models.CharField(max_length=1000, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    parse_status = models.CharField(
        max_length=20, choices=ParseStatus.choices, default=ParseStatus.NOT_REQUESTED, db_index=True
    )
    parse_error = models.CharField(max_length=500, blank=True)
    extracted_data = models.JSONField(default=dict, blank=True)
    parsing_confidence = models.FloatField(null=True, blank=True)
    parse_requested_at = models.DateTimeField(null=True, blank=True)
    parsed_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "created_at", "id"], name="document_default_order_idx"),
            models.Index(fields=["parse_status", "parse_requested_at"], name="document_pending_parse_idx"),
        ]

    def __str__(self) -> str:
        return self.original_filename

    @property
    def is_parsed(self) -> bool:
        return self.parse_status == self.ParseStatus.PARSED
