"""Integrations with outside tools, webhook subscriptions and their deliveries, and notifications."""

from __future__ import annotations

import uuid

from django.conf import settings as django_settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from integrations import crypto
from integrations.fields import EncryptedTextField
from integrations.signing import generate_secret
from recruiting.events import EVENT_ALIASES
from recruiting.models import OrganizationOwned


class HealthStatus(models.TextChoices):
    UNKNOWN = "unknown", "Unknown"
    HEALTHY = "healthy", "Healthy"
    DEGRADED = "degraded", "Degraded"
    UNHEALTHY = "unhealthy", "Unhealthy"


class Integration(OrganizationOwned):
    class AuthType(models.TextChoices):
        OAUTH2 = "oauth2", "OAuth 2.0"
        API_KEY = "api_key", "API key"
        BASIC = "basic", "Basic"
        NONE = "none", "None"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Inactive"
        PENDING = "pending", "Pending authorization"
        ERROR = "error", "Error"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    provider = models.CharField(max_length=50, db_index=True)
    auth_type = models.CharField(max_length=10, choices=AuthType.choices, default=AuthType.NONE)
    config = models.JSONField(default=dict, blank=True)
    settings = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    # Fernet ciphertexts; read and write through the properties below, never returned by the API.
    access_token_encrypted = models.TextField(blank=True, editable=False)
    refresh_token_encrypted = models.TextField(blank=True, editable=False)
    token_expires_at = models.DateTimeField(null=True, blank=True)
    health_status = models.CharField(max_length=10, choices=HealthStatus.choices, default=HealthStatus.UNKNOWN)
    last_check_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_response_time_ms = models.PositiveIntegerField(null=True, blank=True)
    check_interval_seconds = models.PositiveIntegerField(default=300)
    next_check_at = models.DateTimeField(null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        django_settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name", "id"]
        # The default order, under the organization every list is scoped to (tests/api_speed).
        indexes = [models.Index(fields=["organization", "name", "id"], name="integration_default_order_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.provider})"

    @property
    def access_token(self) -> str:
        return crypto.decrypt(self.access_token_encrypted)

    @access_token.setter
    def access_token(self, value: str) -> None:
        self.access_token_encrypted = crypto.encrypt(value)

    @property
    def refresh_token(self) -> str:
        return crypto.decrypt(self.refresh_token_encrypted)

    @refresh_token.setter
    def refresh_token(self, value: str) -> None:
        self.refresh_token_encrypted = crypto.encrypt(value)

    @property
    def token_expired(self) -> bool:
        return self.token_expires_at is not None and self.token_expires_at <= timezone.now()


class IntegrationHealthCheck(OrganizationOwned):
    """One health check of an integration: the history behind uptime figures."""

    integration = models.ForeignKey(Integration, on_delete=models.CASCADE, related_name="health_checks")
    status = models.CharField(max_length=10, choices=HealthStatus.choices)
    checked_at = models.DateTimeField(default=timezone.now)
    response_time_ms = models.PositiveIntegerField(null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-checked_at", "-id"]
        indexes = [models.Index(fields=["integration", "checked_at"], name="health_check_history_idx")]

    def __str__(self) -> str:
        return f"{self.integration_id} {self.status} @ {self.checked_at:%Y-%m-%d %H:%M}"


class Webhook(OrganizationOwned):
    """An organization's endpoint subscribed to some events."""

    class PayloadFormat(models.TextChoices):
        """The body and headers a receiver written against one of the partners' documents reads."""

        PLATFORM = "platform", "Platform"
        BHIV = "bhiv", "BHIV HR Platform"
        JOBSWIPE = "jobswipe", "JobSwipe"
        HYREHR = "hyrehr", "Integration Framework"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200)
    url = models.URLField(max_length=2000)
    events = models.JSONField(default=list)
    # Encrypted at rest like integration tokens: the receiver's copy is what proves our signatures.
    secret = EncryptedTextField()
    # During a rotation the old secret keeps signing alongside the new one until this passes.
    previous_secret = EncryptedTextField(blank=True)
    previous_secret_expires_at = models.DateTimeField(null=True, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    retry_attempts = models.PositiveSmallIntegerField(default=8)
    timeout_ms = models.PositiveIntegerField(default=10_000)
    integration = models.ForeignKey(
        Integration, null=True, blank=True, on_delete=models.SET_NULL, related_name="webhooks"
    )
    payload_format = models.CharField(max_length=10, choices=PayloadFormat.choices, default=PayloadFormat.PLATFORM)
    is_active = models.BooleanField(default=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    # First failed attempt since the last success: the webhook is disabled when failures have
    # spanned WEBHOOK_DISABLE_AFTER_FAILING_HOURS, so a short outage during a burst never does it.
    failing_since = models.DateTimeField(null=True, blank=True)
    failure_warning_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # The default order, under the organization every list is scoped to (tests/api_speed).
        indexes = [models.Index(fields=["organization", "created_at", "id"], name="webhook_default_order_idx")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # A webhook is never unsigned, whichever path created it (the admin hides the secret).
        if not self.secret:
            self.secret = generate_secret()
        super().save(*args, **kwargs)

    def is_subscribed_to(self, event_name: str) -> bool:
        return self.delivered_event_name(event_name) is not None

    def delivered_event_name(self, event_name: str) -> str | None:
        """The name this webhook receives `event_name` under (its own or a documented alias), or None."""
        if "*" in self.events or event_name in self.events:
            return event_name
        return next((name for name in self.events if EVENT_ALIASES.get(name) == event_name), None)

    def signing_secrets(self, now=None) -> list[str]:
        """The current secret first, then the previous one while its rotation window lasts."""
        now = now or timezone.now()
        secrets = [self.secret]
        if self.previous_secret and self.previous_secret_expires_at and self.previous_secret_expires_at > now:
            secrets.append(self.previous_secret)
        return secrets


class WebhookDelivery(OrganizationOwned):
    """One event owed to one webhook, with the state of its latest attempt.

    A delivery waiting for a retry is a row with `next_attempt_at`; beat sweeps due rows.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        RETRYING = "retrying", "Retrying"
        SUCCESS = "success", "Success"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    webhook = models.ForeignKey(Webhook, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.UUIDField()
    event = models.CharField(max_length=100)
    # The exact bytes signed and sent on every attempt.
    payload = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempt_count = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    response_status = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.TextField(blank=True)
    error = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["webhook", "event_id"], name="delivery_unique_event_per_webhook"),
        ]
        indexes = [models.Index(fields=["next_attempt_at"], name="delivery_due_idx")]
        verbose_name_plural = "webhook deliveries"

    def __str__(self) -> str:
        return f"{self.event} → {self.webhook_id} ({self.status})"


class Notification(OrganizationOwned):
    user = models.ForeignKey(django_settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    type = models.CharField(max_length=60)
    title = models.CharField(max_length=200)
    message = models.TextField(blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "user", "created_at", "id"], name="notification_default_order_idx"),
            models.Index(fields=["user", "read_at"], name="notification_unread_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None

    @property
    def link(self) -> str:
        """The page the notification is about: its candidate's, else the integrations page; "" for none.

        Built from ids, never from a URL in the metadata, which partners may write.
        """
        metadata = self.metadata if isinstance(self.metadata, dict) else {}
        # `type(...) is int`: a bool is an int to isinstance, and "7" or "../" are not ids.
        if type(metadata.get("candidate_id")) is int:
            return reverse("recruiting:candidate-detail", args=[metadata["candidate_id"]])
        if type(metadata.get("integration_id")) is int:
            return reverse("integrations:integration-list")
        return ""
