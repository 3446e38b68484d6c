"""The resume parser on 20 generated resumes (PDF, DOCX, text) with accents, apostrophes and world phones."""

from __future__ import annotations

from recruiting.documents import sniff_content_type
from tests.documents.corpus import corpus, score


def test_email_and_phone_are_read_from_every_resume_and_skills_with_f1_at_least_0_9():
    accuracy = score(corpus())
    assert accuracy.total == 20
    assert accuracy.right["email"] == accuracy.right["phone"] == 20
    assert accuracy.right["name"] >= 19 and accuracy.right["location"] >= 19
    assert accuracy.f1 >= 0.9, (accuracy.precision, accuracy.recall)


def test_the_three_formats_are_told_apart_by_their_bytes():
    kinds = {kind: sniff_content_type(data) for _, kind, data in corpus()[:3]}
    assert kinds == {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "txt": "text/plain",
    }
