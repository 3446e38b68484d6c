"""Three single-column indexes on recruiting_candidate that every written row updated and no read needs.

- organization_id: Django's index for the foreign key. Every other index of the table leads with
  the organization, so the cascade from an organization, its foreign-key checks and its counts read
  one of those.
- updated_at: every read by updated_at is an organization's (partner pulls, the matching index's
  deltas) and goes through candidate_sync_idx (organization, updated_at, id).
- possible_duplicate_of_id: replaced by candidate_possible_dup_ref_idx, the same column for flagged
  rows only, so a row written unflagged (nearly all) adds no entry; `= x` and `IN (...)` imply
  NOT NULL, so the foreign key's reads (flags cleared when a record is deleted, moved by a merge)
  use it.

Only the indexes change: a plain AlterField would also drop and re-add both foreign-key constraints,
which re-checks every row under a lock that blocks writes. Dropping an index is instant; building
the partial one reads the table once (well under a second at 100,000 candidates).
"""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

DROPPED = {
    "recruiting_candidate_organization_id_b9811848": "organization_id",
    "recruiting_candidate_updated_at_b67ca8ae": "updated_at",
    "recruiting_candidate_possible_duplicate_of_id_36a5dfb0": "possible_duplicate_of_id",
}


class Migration(migrations.Migration):
    dependencies = [
        ("recruiting", "0020_candidate_search_text"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="candidate",
                    name="organization",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="recruiting.organization",
                    ),
                ),
                migrations.AlterField(
                    model_name="candidate",
                    name="possible_duplicate_of",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to="recruiting.candidate",
                    ),
                ),
                migrations.AlterField(
                    model_name="candidate",
                    name="updated_at",
                    field=models.DateTimeField(default=django.utils.timezone.now),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    sql=f'DROP INDEX IF EXISTS "{name}"',
                    reverse_sql=f'CREATE INDEX IF NOT EXISTS "{name}" ON "recruiting_candidate" ("{column}")',
                )
                for name, column in DROPPED.items()
            ],
        ),
        migrations.AddIndex(
            model_name="candidate",
            index=models.Index(
                condition=models.Q(("possible_duplicate_of__isnull", False)),
                fields=["possible_duplicate_of"],
                name="candidate_possible_dup_ref_idx",
            ),
        ),
    ]
