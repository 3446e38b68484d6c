"""Put back, on SQLite, the trigger that records deleted candidates (0001).

SQLite cannot add a stored generated column in place, so recruiting 0020 (`Candidate.search_text`)
rebuilt `recruiting_candidate` there, and a rebuilt table loses its triggers: deleted candidates
stopped leaving the rankings. PostgreSQL altered the table in place and kept it. A recruiting
migration that rebuilds the table on SQLite again needs one of these after it
(tests/matching/test_index_freshness.py fails without it on SQLite).
"""

from django.db import migrations

SQLITE_TRIGGER = """
    CREATE TRIGGER IF NOT EXISTS matching_candidate_deleted AFTER DELETE ON recruiting_candidate
    FOR EACH ROW BEGIN
        INSERT INTO matching_candidatedeletion (organization_id, candidate_id, deleted_at)
        VALUES (OLD.organization_id, OLD.id, strftime('%Y-%m-%d %H:%M:%f', 'now'));
    END
"""


def recreate_on_sqlite(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0002_matching_profiles"),
        ("recruiting", "0021_candidate_write_indexes"),
    ]

    operations = [migrations.RunPython(recreate_on_sqlite, migrations.RunPython.noop)]
