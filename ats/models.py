"""Partner integrations: API keys and their audit trail, rate-limit windows, CSV imports, job ingestion."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.db import models
from django.utils import timezone

from recruiting.models import Job, OrganizationOwned
from recruiting.tenancy import API_KEY_PREFIX

# Every scope, with what it lets a key do in words for the page; the code is what partners' clients send.
SCOPE_LABELS = {
    "candidates:read": "Read candidates",
    "candidates:write": "Add and update candidates",
    "jobs:read": "Read jobs",
    "jobs:write": "Add and update jobs",
    "scorecards:read": "Read scorecards",
    "feedback:write": "Send interview feedback",
    "matches:read": "Read matches",
    "notifications:write": "Send notifications",
    "analytics:read": "Read analytics",
    "analytics:write": "Record product events",
    "users:read": "Read users",
    "users:write": "Manage users",
    "audit:read": "Read the audit log",
}
ALL_SCOPES = tuple(SCOPE_LABELS)
# What a key gets when nobody chose its scopes: everything a partner's sync uses, but not the audit log
# (logins, key changes, exports, with addresses), which only a key asked for it (a SIEM) may read.
DEFAULT_SCOPES = tuple(scope for scope in ALL_SCOPES if scope != "audit:read")

KEY_PREFIX = API_KEY_PREFIX
# Characters of the raw key (after "ats_") stored in clear to find the row without scanning hashes.
LOOKUP_LENGTH = 12


def hash_api_key(raw_key: str) -> str:
    # Keys carry ~256 bits of randomness, so a keyed SHA-256 is enough; a slow KDF would only
    # add latency to every partner request.
    return hmac.new(settings.SECRET_KEY.encode(), raw_key.encode(), hashlib.sha256).hexdigest()


class PartnerIntegration(OrganizationOwned):
    """A partner system (an ATS or a job source) that calls the API with its own keys."""

    name = models.CharField(max_length=200)
    webhook_url = models.URLField(max_length=500, blank=True)
    # e.g. "5000/hour"; blank means settings.ATS_RATE_LIMIT.
    rate_limit = models.CharField(max_length=30, blank=True)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def candidate_source(self) -> str:
        """The `Candidate.source` of rows this integration pushed: the upsert key with `external_id`."""
        return f"ats:{self.pk}"


class ApiKey(OrganizationOwned):
    """One secret an integration authenticates with; only a hash, a lookup prefix and the last four are kept."""

    integration = models.ForeignKey(PartnerIntegration, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=200)
    lookup = models.CharField(max_length=LOOKUP_LENGTH, unique=True)
    key_hash = models.CharField(max_length=64)
    last4 = models.CharField(max_length=4)
    scopes = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    replaced_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.name} (ats_…{self.last4})"

    @property
    def scope_labels(self) -> list[tuple[str, str]]:
        """(code, words) for each scope the key holds."""
        return [(scope, SCOPE_LABELS.get(scope, scope)) for scope in self.scopes]

    @property
    def masked(self) -> str:
        return f"{KEY_PREFIX}{self.lookup}…{self.last4}"

    def matches(self, raw_key: str) -> bool:
        return hmac.compare_digest(self.key_hash, hash_api_key(raw_key))

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        if self.revoked_at is not None and self.revoked_at <= now:
            return False
        return self.expires_at is None or self.expires_at > now

    def has_scope(self, scope: str) -> bool:
        """The duck-typed hook `HasOrganizationRole` uses to authorize API-key callers."""
        return scope in self.scopes


class ApiKeyAuditLog(OrganizationOwned):
    class Action(models.TextChoices):
        CREATED = "created", "Created"
        ROTATED = "rotated", "Rotated"
        REVOKED = "revoked", "Revoked"

    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="audit_log")
    action = models.CharField(max_length=10, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    details = models.JSONField(default=dict, blank=True)
    occurred_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = "API key audit log entry"
        verbose_name_plural = "API key audit log"

    def __str__(self) -> str:
        return f"{self.api_key} {self.action}"


class RateLimitWindow(models.Model):
    """Requests counted for one key in one fixed window: the fallback counter when Redis is not configured."""

    bucket = models.CharField(max_length=100)
    window_start = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bucket", "window_start"], name="ratelimit_one_row_per_window")]

    def __str__(self) -> str:
        return f"{self.bucket}@{self.window_start}: {self.count}"


class ProgressStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    PROCESSING = "processing", "Processing"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"


class CandidateImport(OrganizationOwned):
    """A CSV of candidates processed in chunks by a Celery worker; progress is committed with each chunk."""

    status = models.CharField(max_length=12, choices=ProgressStatus.choices, default=ProgressStatus.PENDING)
    file_name = models.CharField(max_length=255, blank=True)
    # The upload is kept in the database so any worker, on any machine, can read it.
    csv_text = models.TextField()
    source = models.CharField(max_length=100)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    inserted = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    # Rows that created a candidate matching an older record or an earlier row: {"row", "candidate_id", "duplicate_of"}.
    possible_duplicates = models.JSONField(default=list, blank=True)
    failure = models.TextField(blank=True)
    integration = models.ForeignKey(PartnerIntegration, null=True, blank=True, on_delete=models.SET_NULL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.status})"


class CandidateImportFailure(OrganizationOwned):
    """One CSV row an import could not take, kept for every failed row (not only the first 1,000 shown)."""

    candidate_import = models.ForeignKey(CandidateImport, on_delete=models.CASCADE, related_name="failures")
    # As a spreadsheet numbers it: the header is row 1.
    row = models.PositiveIntegerField()
    reason = models.TextField()

    class Meta:
        ordering = ["candidate_import", "row"]
        indexes = [models.Index(fields=["candidate_import", "row"], name="import_failure_row")]


class JobIngestion(OrganizationOwned):
    """A batch of jobs from a job source, upserted by (source, external_id) in a Celery task."""

    source = models.CharField(max_length=100)
    status = models.CharField(max_length=12, choices=ProgressStatus.choices, default=ProgressStatus.PROCESSING)
    jobs = models.JSONField(default=list)
    jobs_received = models.PositiveIntegerField(default=0)
    jobs_queued = models.PositiveIntegerField(default=0)
    jobs_created = models.PositiveIntegerField(default=0)
    jobs_updated = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    integration = models.ForeignKey(PartnerIntegration, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Ingestion {self.pk} from {self.source} ({self.status})"


class IngestedJobPosting(OrganizationOwned):
    """Partner fields of an ingested job that the Job table has no column for."""

    job = models.OneToOneField(Job, on_delete=models.CASCADE, related_name="ingested_posting")
    company = models.CharField(max_length=200, blank=True)
    apply_url = models.URLField(max_length=500, blank=True)
    salary_range = models.CharField(max_length=100, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.job} @ {self.company}"
