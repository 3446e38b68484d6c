"""The resume parser on 20 generated resumes (PDF, DOCX, text) with accents, apostrophes and world phones."""

from __future__ import annotations

from recruiting.documents import sniff_content_type
from recruiting.resume_parsing import parse_resume
from recruiting.skills import resolve_skill
from tests.documents.corpus import corpus


def _pdf_safe(text: str) -> str:
    return text.encode("latin-1", "replace").decode("latin-1").replace("?", "c")


def test_email_and_phone_are_read_from_every_resume_and_skills_with_f1_at_least_0_9():
    found = {"email": 0, "phone": 0, "name": 0, "location": 0}
    true_positives = false_positives = false_negatives = 0
    resumes = corpus()
    for person, kind, data in resumes:
        parsed = parse_resume(data, sniff_content_type(data)).extracted_data
        name = _pdf_safe(person.name) if kind == "pdf" else person.name
        found["email"] += parsed["email"] == person.email
        found["phone"] += parsed["phone"] == person.e164
        found["name"] += parsed["full_name"] == name
        found["location"] += parsed["location"] == person.location
        wanted = {resolve_skill(skill) for skill in person.skills}
        got = set(parsed["skill_ids"])
        true_positives += len(got & wanted)
        false_positives += len(got - wanted)
        false_negatives += len(wanted - got)
    precision = true_positives / (true_positives + false_positives)
    recall = true_positives / (true_positives + false_negatives)
    f1 = 2 * precision * recall / (precision + recall)
    assert len(resumes) == 20
    assert found["email"] == found["phone"] == 20
    assert found["name"] >= 19 and found["location"] >= 19
    assert f1 >= 0.9, (precision, recall)


def test_the_three_formats_are_told_apart_by_their_bytes():
    kinds = {kind: sniff_content_type(data) for _, kind, data in corpus()[:3]}
    assert kinds == {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "txt": "text/plain",
    }
