import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('recruiting', '0014_interview_lifecycle_user_time_zone'),
    ]

    operations = [
        migrations.AddField(
            model_name='scorecard',
            name='criteria',
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.CreateModel(
            name='ScorecardCriterion',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('key', models.CharField(max_length=50)),
                ('name', models.CharField(max_length=80)),
                ('description', models.CharField(blank=True, max_length=300)),
                ('order', models.PositiveSmallIntegerField(default=0)),
                ('job', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scorecard_criteria', to='recruiting.job')),
                ('organization', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='recruiting.organization')),
            ],
            options={
                'ordering': ['order', 'id'],
                'constraints': [models.UniqueConstraint(fields=('job', 'key'), name='scorecard_criterion_unique_key_per_job')],
            },
        ),
    ]
