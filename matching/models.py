"""Matching keeps no copy of candidates; it only needs to learn about deletions quickly, and the
profiles users match jobs against (JobSwipe's "update profile for better matching")."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from recruiting.models import OrganizationQuerySet


class CandidateDeletion(models.Model):
    """A tombstone written by a database trigger whenever a candidate row is deleted.

    Every delete path (API, admin, cascades from an organization, raw SQL) fires the trigger,
    so each process's index drops deleted candidates in its next ranking by reading the few
    tombstones since its last check. Plain integers, not foreign keys: the rows they name are gone.
    """

    organization_id = models.BigIntegerField()
    candidate_id = models.BigIntegerField()
    deleted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["organization_id", "deleted_at"], name="candidate_deletion_feed_idx")]

    def __str__(self) -> str:
        return f"candidate {self.candidate_id} deleted at {self.deleted_at:%Y-%m-%d %H:%M:%S}"


class MatchingProfile(models.Model):
    """What a user wants matched: skills, years, places and kinds of job (PUT /matching/profile)."""

    organization = models.ForeignKey("recruiting.Organization", on_delete=models.CASCADE, related_name="+")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="matching_profile")
    skills = models.JSONField(default=list, blank=True)
    experience_years = models.FloatField(null=True, blank=True)
    preferred_locations = models.JSONField(default=list, blank=True)
    job_types = models.JSONField(default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OrganizationQuerySet.as_manager()

    def __str__(self) -> str:
        return f"matching profile of {self.user}"
