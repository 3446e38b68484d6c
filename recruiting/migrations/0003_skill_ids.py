"""Canonical skill ids on candidates and jobs, filled in for existing rows."""

from django.db import migrations, models


def fill_skill_ids(apps, schema_editor):
    # Imported here so the taxonomy of the day resolves the rows; `resolve_skill_ids` refreshes later.
    from recruiting.skills import resolve_skills

    Candidate = apps.get_model("recruiting", "Candidate")
    Job = apps.get_model("recruiting", "Job")
    batch = []
    for candidate in Candidate.objects.only("id", "skills").iterator(chunk_size=2000):
        candidate.skill_ids = resolve_skills(candidate.skills or [])
        batch.append(candidate)
        if len(batch) == 2000:
            Candidate.objects.bulk_update(batch, ["skill_ids"])
            batch = []
    Candidate.objects.bulk_update(batch, ["skill_ids"])
    jobs = []
    for job in Job.objects.only("id", "required_skills", "nice_to_have_skills"):
        job.required_skill_ids = resolve_skills(job.required_skills or [])
        job.nice_to_have_skill_ids = [
            skill_id for skill_id in resolve_skills(job.nice_to_have_skills or []) if skill_id not in job.required_skill_ids
        ]
        jobs.append(job)
    Job.objects.bulk_update(jobs, ["required_skill_ids", "nice_to_have_skill_ids"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("recruiting", "0002_postgres_search_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="candidate",
            name="skill_ids",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name="job",
            name="nice_to_have_skill_ids",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.AddField(
            model_name="job",
            name="required_skill_ids",
            field=models.JSONField(blank=True, default=list, editable=False),
        ),
        migrations.RunPython(fill_skill_ids, migrations.RunPython.noop),
    ]
