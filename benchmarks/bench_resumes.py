"""Resume parser: field accuracy on the 20 generated resumes (tests/documents/corpus.py), and speed.

Speed is a ratio to a floor measured in the same run: extracting the text alone (pypdf, python-docx),
which every parser must pay; the ratio is what reading the fields adds on top.
"""

import time

from recruiting.documents import sniff_content_type
from recruiting.resume_parsing import extract_text, parse_resume
from recruiting.skills import resolve_skill
from tests.documents.corpus import corpus


def _per_resume_ms(work, resumes, rounds: int = 5) -> float:
    started = time.perf_counter()
    for _ in range(rounds):
        for _, _, data, content_type in resumes:
            work(data, content_type)
    return (time.perf_counter() - started) * 1000 / (rounds * len(resumes))


def main() -> None:
    resumes = [(person, kind, data, sniff_content_type(data)) for person, kind, data in corpus()]
    right = {"email": 0, "phone": 0, "name": 0, "location": 0}
    tp = fp = fn = 0
    for person, kind, data, content_type in resumes:
        parsed = parse_resume(data, content_type).extracted_data
        name = (
            person.name.encode("latin-1", "replace").decode("latin-1").replace("?", "c")
            if kind == "pdf"
            else person.name
        )
        right["email"] += parsed["email"] == person.email
        right["phone"] += parsed["phone"] == person.e164
        right["name"] += parsed["full_name"] == name
        right["location"] += parsed["location"] == person.location
        wanted, got = {resolve_skill(skill) for skill in person.skills}, set(parsed["skill_ids"])
        tp, fp, fn = tp + len(got & wanted), fp + len(got - wanted), fn + len(wanted - got)
    total = len(resumes)
    print(f"{total} resumes (PDF, DOCX, text); targets: email and phone 100%, skills F1 >= 0.90")
    for field, count in right.items():
        print(f"  {field:<10}{count:>3}/{total}  {100 * count / total:5.1f}%")
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    print(f"  skills     P {precision:.2f}  R {recall:.2f}  F1 {2 * precision * recall / (precision + recall):.2f}")
    floor = _per_resume_ms(extract_text, resumes)
    full = _per_resume_ms(parse_resume, resumes)
    print(f"  speed      {full:.1f} ms per resume; text extraction alone {floor:.1f} ms (ratio {full / floor:.2f})")
