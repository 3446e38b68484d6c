"""Resume parser: field accuracy on the 20 generated resumes (tests/documents/corpus.py), and speed.

Speed is a ratio to a floor measured in the same run: extracting the text alone (pypdf, python-docx),
which every parser must pay; the ratio is what reading the fields adds on top.
"""

import time

from recruiting.documents import sniff_content_type
from recruiting.resume_parsing import extract_text, parse_resume
from tests.documents.corpus import corpus, score


def _per_resume_ms(work, resumes, rounds: int = 5) -> float:
    started = time.perf_counter()
    for _ in range(rounds):
        for _, _, data, content_type in resumes:
            work(data, content_type)
    return (time.perf_counter() - started) * 1000 / (rounds * len(resumes))


def main() -> None:
    generated = corpus()
    accuracy = score(generated)
    print(f"{accuracy.total} resumes (PDF, DOCX, text); targets: email and phone 100%, skills F1 >= 0.90")
    for field, count in accuracy.right.items():
        print(f"  {field:<10}{count:>3}/{accuracy.total}  {100 * count / accuracy.total:5.1f}%")
    print(f"  skills     P {accuracy.precision:.2f}  R {accuracy.recall:.2f}  F1 {accuracy.f1:.2f}")
    resumes = [(person, kind, data, sniff_content_type(data)) for person, kind, data in generated]
    floor = _per_resume_ms(extract_text, resumes)
    full = _per_resume_ms(parse_resume, resumes)
    print(f"  speed      {full:.1f} ms per resume; text extraction alone {floor:.1f} ms (ratio {full / floor:.2f})")
