import django.db.models.deletion
from django.db import migrations, models

# Frozen copy: the defaults a later release ships must not rewrite this migration's outcome.
DEFAULTS = [
    ("skills-gap", "Skills or experience don't match the role"),
    ("another-candidate", "Another candidate was a better fit"),
    ("salary", "Salary expectations don't match"),
    ("location", "Location or work permit"),
    ("withdrew", "Candidate withdrew"),
    ("no-response", "Candidate stopped responding"),
    ("position-closed", "Position filled or closed"),
    ("other", "Other (see the note)"),
]


def seed_reasons_and_keep_old_rejections(apps, schema_editor):
    """Existing organizations get the defaults; earlier rejections (free text only) become "other"."""
    Organization = apps.get_model("recruiting", "Organization")
    RejectionReason = apps.get_model("recruiting", "RejectionReason")
    Application = apps.get_model("recruiting", "Application")
    for organization in Organization.objects.all():
        RejectionReason.objects.bulk_create(
            RejectionReason(organization=organization, code=code, label=label, order=index)
            for index, (code, label) in enumerate(DEFAULTS)
        )
        other = RejectionReason.objects.get(organization=organization, code="other")
        Application.objects.filter(organization=organization, stage__kind="rejected").update(rejection_reason=other)


class Migration(migrations.Migration):
    dependencies = [("recruiting", "0003_skill_ids")]

    operations = [
        migrations.CreateModel(
            name="RejectionReason",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(max_length=60)),
                ("label", models.CharField(max_length=120)),
                ("order", models.PositiveSmallIntegerField(default=0)),
                (
                    "organization",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="recruiting.organization"
                    ),
                ),
            ],
            options={"ordering": ["order", "id"]},
        ),
        migrations.AddConstraint(
            model_name="rejectionreason",
            constraint=models.UniqueConstraint(
                fields=("organization", "code"), name="rejection_reason_unique_code_per_org"
            ),
        ),
        migrations.RenameField(model_name="application", old_name="rejection_reason", new_name="rejection_note"),
        migrations.AddField(
            model_name="application",
            name="rejection_reason",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="applications",
                to="recruiting.rejectionreason",
            ),
        ),
        migrations.RunPython(seed_reasons_and_keep_old_rejections, migrations.RunPython.noop),
    ]
