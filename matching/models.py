"""Matching keeps no copy of candidates; it only needs to learn about deletions quickly."""

from django.db import models
from django.utils import timezone


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
