"""A file written for a document whose transaction rolled back is swept from storage once the grace period
has passed; files rows still name, and orphans younger than the grace period, stay."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from recruiting import documents, resumes
from recruiting.models import Document
from tests.documents.corpus import PEOPLE, as_pdf, as_text
from tests.factories import CandidateFactory

pytestmark = pytest.mark.django_db


class LaterStepError(Exception):
    """Something after the upload in the same request failed, so its transaction rolled back."""


def rolled_back_upload(candidate, data: bytes) -> str:
    before = set(stored_names())
    with pytest.raises(LaterStepError), transaction.atomic():
        resumes.attach_resume(candidate=candidate, data=data, filename="Zoë O'Connor – CV.pdf")
        raise LaterStepError
    (orphan,) = set(stored_names()) - before
    return orphan


def stored_names() -> list[str]:
    return [name for folder in documents.stored_folders() for name in documents.stored_files(folder)]


def test_the_bytes_of_a_rolled_back_upload_are_swept_after_the_grace_period(org_a, settings):
    settings.DOCUMENTS_ORPHAN_GRACE_HOURS = 24
    candidate = CandidateFactory(organization=org_a, first_name="Zoë", last_name="O'Connor")
    kept = resumes.attach_resume(candidate=candidate, data=as_pdf(PEOPLE[0]), filename="cv.pdf")
    orphan = rolled_back_upload(candidate, as_text(PEOPLE[1]))
    assert not Document.objects.filter(stored_name=orphan).exists()

    assert resumes.sweep_orphan_files() == 0  # still within the grace period: its transaction may be open
    assert default_storage.exists(orphan)

    assert resumes.sweep_orphan_files(now=timezone.now() + timedelta(hours=25)) == 1
    assert not default_storage.exists(orphan)
    assert default_storage.exists(kept.stored_name)
    assert resumes.sweep_orphan_files(now=timezone.now() + timedelta(hours=25)) == 0


def test_nothing_stored_yet_sweeps_nothing():
    assert resumes.sweep_orphan_files() == 0


def test_the_sweep_is_on_the_beat_schedule(settings):
    assert {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()} >= {"recruiting.sweep_orphan_files"}
