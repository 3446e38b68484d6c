"""Celery application: `celery -A config worker -B` runs a worker with the beat scheduler."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("recruiter")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
