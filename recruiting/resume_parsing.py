"""Resume parsing: text out of PDF (pypdf), DOCX (python-docx) and plain text, then fields with a confidence each.

`parse_resume(data, content_type)` returns a `ParsedResume`: `extracted_data` (full name, email,
phone in E.164 through `phonenumbers`, location, links, skills through the core taxonomy
(recruiting/skills.py), years of experience, education, work experience, summary, the text) and
`confidence` per field, plus an overall `parsing_confidence`. It reads only bytes: storage, rows
and tasks are the services' business (recruiting/resume_services.py).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import phonenumbers
from django.conf import settings

from recruiting.documents import DOCX, PDF, TEXT
from recruiting.errors import DomainError
from recruiting.skills import skills_in_list, skills_in_prose, taxonomy

TEXT_LIMIT = 50_000  # characters of extracted text kept with the parsed fields
# Fields the overall confidence averages (a missing one counts as 0).
CORE_FIELDS = ("full_name", "email", "phone", "location", "skills")

SECTION_HEADINGS = {
    "summary": ("summary", "profile", "about me", "about", "professional summary", "objective", "personal statement"),
    "skills": (
        "skills",
        "technical skills",
        "core skills",
        "key skills",
        "skills & tools",
        "skills and tools",
        "competencies",
        "core competencies",
        "technologies",
        "tech stack",
        "compétences",
        "kenntnisse",
    ),
    "experience": (
        "experience",
        "work experience",
        "professional experience",
        "employment",
        "employment history",
        "work history",
        "career history",
        "berufserfahrung",
        "expérience",
    ),
    "education": (
        "education",
        "education & training",
        "academic background",
        "qualifications",
        "ausbildung",
        "formation",
    ),
    "other": (
        "languages",
        "certifications",
        "interests",
        "hobbies",
        "references",
        "projects",
        "awards",
        "publications",
    ),
}
_HEADING_BY_TEXT = {text: section for section, texts in SECTION_HEADINGS.items() for text in texts}
_LABEL = re.compile(
    r"^(?P<label>full name|name|e-?mail|phone|tel(?:ephone)?|mobile|cell|location|address|city|based in|linkedin)"
    r"\s*[:\-–]\s*(?P<value>.+)$",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+'-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?![\w-])", re.IGNORECASE)
_URL = re.compile(
    r"(?:https?://|www\.|(?:[a-z0-9-]+\.)?(?:linkedin\.com|github\.com|gitlab\.com)/)[^\s|,;<>()]+", re.IGNORECASE
)
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’.\-]*(?:['’\-.][^\W\d_]*)*\.?$", re.UNICODE)
_NAME_PARTICLES = {
    "van",
    "von",
    "de",
    "der",
    "den",
    "da",
    "di",
    "del",
    "della",
    "dos",
    "du",
    "la",
    "le",
    "bin",
    "al",
    "y",
}
_LOCATION_PART = re.compile(r"^[^\W\d_][^\d@:/|]{1,50},\s*[^\W\d_][^\d@:/|]{1,50}$", re.UNICODE)
_SEPARATORS = re.compile(r"\s*(?:\||•|·|▪|⋅|\s{3,}|\t)\s*")
_YEAR = r"(?:19|20)\d{2}"
_MONTH = r"(?:[A-Za-zÀ-ÿ]{3,10}\.?\s+|\d{1,2}/)?"
_DATE_RANGE = re.compile(
    rf"(?P<start>{_MONTH}{_YEAR})\s*(?:–|—|-|to|bis|à)\s*(?P<end>{_MONTH}{_YEAR}|present|current|now|today|heute|aujourd'hui)",
    re.IGNORECASE,
)
_YEARS_OF_EXPERIENCE = re.compile(
    r"(?P<n>\d{1,2}(?:[.,]\d)?)\s*\+?\s*(?:years|yrs|ans|jahre)(?:\s+of)?(?:\s+\w+){0,3}?\s+(?:experience|expérience|erfahrung)",
    re.IGNORECASE,
)
_DEGREE = re.compile(
    r"\b(?:B\.?Sc|M\.?Sc|B\.?A|M\.?A|B\.?Eng|M\.?Eng|Ph\.?D|MBA|Bachelor|Master|Doctorate|Diploma|Diplom|Licence|"
    r"Licenciatura|Laurea|Associate|BTech|MTech|B\.?S|M\.?S)\b[^,;|]*",
    re.IGNORECASE,
)


@dataclass
class ParsedResume:
    extracted_data: dict[str, Any]
    confidence: dict[str, float] = field(default_factory=dict)

    @property
    def parsing_confidence(self) -> float:
        return round(sum(self.confidence.get(name, 0.0) for name in CORE_FIELDS) / len(CORE_FIELDS), 2)


def extract_text(data: bytes, content_type: str) -> str:
    """The document's text, in reading order, one line per paragraph."""
    try:
        if content_type == PDF:
            from pypdf import PdfReader

            reader = PdfReader(io.BytesIO(data), strict=False)
            return "\n".join(page.extract_text() or "" for page in reader.pages)
        if content_type == DOCX:
            import docx

            document = docx.Document(io.BytesIO(data))
            lines = [paragraph.text for paragraph in document.paragraphs]
            for table in document.tables:
                for row in table.rows:
                    lines.append(" | ".join(cell.text for cell in row.cells))
            return "\n".join(lines)
        if content_type == TEXT:
            return data.decode("utf-8-sig")
    except DomainError:
        raise
    except Exception as exc:  # a library's failure on a hostile file is a refused file, not a crash
        raise DomainError(f"The file could not be read: {exc}", code="UNREADABLE_FILE", field="file") from exc
    raise DomainError(f"Cannot read files of type {content_type}.", code="UNSUPPORTED_FILE_TYPE", field="file")


def _clean_lines(text: str) -> list[str]:
    lines = []
    for raw in text.replace("\r", "\n").split("\n"):
        line = " ".join(raw.replace("\u00a0", " ").split())
        if line:
            lines.append(line)
    return lines


def _heading(line: str) -> str | None:
    key = line.strip().rstrip(":").strip().casefold()
    return _HEADING_BY_TEXT.get(key)


def _split_sections(lines: list[str]) -> tuple[list[str], dict[str, list[str]]]:
    """The header (lines before the first heading) and each known section's lines."""
    header: list[str] = []
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in lines:
        section = _heading(line)
        if section is not None:
            current = sections.setdefault(section, [])
            continue
        # "Skills: Python, SQL" on one line is a heading with its content.
        head, sep, rest = line.partition(":")
        inline = _heading(head) if sep else None
        if inline is not None and rest.strip():
            sections.setdefault(inline, []).append(rest.strip())
            current = sections[inline]
            continue
        (header if current is None else current).append(line)
    return header, sections


def _labelled(lines: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in lines:
        for part in _SEPARATORS.split(line):
            match = _LABEL.match(part.strip())
            if match:
                label = match["label"].lower().replace("-", "")
                label = {
                    "full name": "name",
                    "telephone": "phone",
                    "tel": "phone",
                    "mobile": "phone",
                    "cell": "phone",
                    "address": "location",
                    "city": "location",
                    "based in": "location",
                }.get(label, label)
                found.setdefault(label, match["value"].strip())
    return found


def _looks_like_name(line: str) -> bool:
    if any(ch in line for ch in "@:/|,()") or any(ch.isdigit() for ch in line) or _heading(line):
        return False
    words = line.split()
    if not 2 <= len(words) <= 5:
        return False
    capitalised = [w for w in words if w.lower() not in _NAME_PARTICLES]
    return all(_NAME_WORD.match(w) for w in words) and all(w[0].isupper() for w in capitalised)


def _split_name(full_name: str) -> tuple[str, str]:
    words = full_name.split()
    return words[0], " ".join(words[1:])


def _phone(text: str, region: str) -> str | None:
    for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=phonenumbers.Leniency.VALID):
        return phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164)
    return None


def _location(header: list[str], labelled: dict[str, str], name: str | None) -> tuple[str | None, float]:
    if labelled.get("location"):
        return labelled["location"].strip(" ."), 0.9
    for line in header[:8]:
        for part in _SEPARATORS.split(line):
            part = part.strip(" .")
            if part and part != name and "@" not in part and _LOCATION_PART.match(part):
                return part, 0.8
    return None, 0.0


def _work_experience(lines: list[str]) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for line in lines:
        match = _DATE_RANGE.search(line)
        if match is None:
            if entries:
                details = entries[-1]["description"]
                entries[-1]["description"] = f"{details} {line}".strip()[:1000]
            continue
        rest = (line[: match.start()] + line[match.end() :]).strip(" ,|()–—-")
        title, company = rest, ""
        for separator in (" — ", " – ", " at ", " @ ", ", ", " | ", " - "):
            if separator in rest:
                title, company = (part.strip(" ,|()–—-") for part in rest.split(separator, 1))
                break
        end = match["end"]
        entries.append(
            {
                "title": title,
                "company": company,
                "start": match["start"],
                "end": None
                if end.lower().startswith(("present", "current", "now", "today", "heute", "aujourd"))
                else end,
                "description": "",
            }
        )
    return entries


def _education(lines: list[str]) -> list[dict[str, Any]]:
    entries = []
    for line in lines:
        years = re.findall(_YEAR, line)
        degree = _DEGREE.search(line)
        entries.append(
            {
                "summary": line,
                "degree": degree.group(0).strip() if degree else "",
                "year": int(years[-1]) if years else None,
            }
        )
    return entries[:20]


def _years_of_experience(text: str, work: list[dict[str, Any]]) -> tuple[float | None, float]:
    stated = [float(m["n"].replace(",", ".")) for m in _YEARS_OF_EXPERIENCE.finditer(text)]
    stated = [value for value in stated if 0 < value <= 60]
    if stated:
        return max(stated), 0.85
    starts = [int(re.search(_YEAR, entry["start"]).group(0)) for entry in work]
    if starts:
        return float(max(0, date.today().year - min(starts))), 0.6
    return None, 0.0


def parse_text(text: str, *, region: str | None = None) -> ParsedResume:
    """Read the fields out of a resume's text."""
    region = region or settings.PHONE_DEFAULT_REGION
    lines = _clean_lines(text)
    header, sections = _split_sections(lines)
    labelled = _labelled(header + lines[:15])
    confidence: dict[str, float] = {}
    data: dict[str, Any] = {}

    name = labelled.get("name")
    if name:
        confidence["full_name"] = 0.95
    else:
        candidates = [line for line in (header or lines)[:5] if _looks_like_name(line)]
        if candidates:
            name = candidates[0]
            confidence["full_name"] = 0.9 if (header or lines)[0] == name else 0.7
    data["full_name"] = name or ""
    data["first_name"], data["last_name"] = _split_name(name) if name else ("", "")

    emails = _EMAIL.findall(labelled.get("email", "")) or _EMAIL.findall(text)
    data["email"] = emails[0].lower() if emails else ""
    if emails:
        confidence["email"] = 0.99 if len({e.lower() for e in emails}) == 1 else 0.85

    phone = None
    if labelled.get("phone"):
        phone = _phone(labelled["phone"], region)
        confidence["phone"] = 0.95 if phone else 0.0
    if phone is None:
        phone = _phone("\n".join(header), region) or _phone(text, region)
        if phone:
            confidence["phone"] = 0.85
    data["phone"] = phone or ""

    location, location_confidence = _location(header or lines[:8], labelled, name)
    data["location"] = location or ""
    if location:
        confidence["location"] = location_confidence

    links = []
    for url in _URL.findall(text):
        url = url.rstrip(".")
        if not url.lower().startswith("http"):
            url = f"https://{url}"
        if url not in links:
            links.append(url)
    data["links"] = links
    data["linkedin_url"] = next((url for url in links if "linkedin.com/" in url.lower()), "")
    if links:
        confidence["links"] = 0.95

    if sections.get("skills"):
        skill_ids = skills_in_list("\n".join(sections["skills"]))
        skills_confidence = 0.9
    else:
        skill_ids = skills_in_prose(text)
        skills_confidence = 0.6
    names = taxonomy()
    data["skills"] = [names.name_of(skill_id) for skill_id in skill_ids]
    data["skill_ids"] = skill_ids
    if skill_ids:
        confidence["skills"] = skills_confidence

    data["work_experience"] = _work_experience(sections.get("experience", []))
    if data["work_experience"]:
        confidence["work_experience"] = 0.7
    data["education"] = _education(sections.get("education", []))
    if data["education"]:
        confidence["education"] = 0.75
    years, years_confidence = _years_of_experience(text, data["work_experience"])
    data["years_of_experience"] = years
    if years is not None:
        confidence["years_of_experience"] = years_confidence
    data["summary"] = " ".join(sections.get("summary", []))[:2000]
    if data["summary"]:
        confidence["summary"] = 0.8
    data["text"] = text[:TEXT_LIMIT]
    data["confidence"] = confidence
    return ParsedResume(extracted_data=data, confidence=confidence)


def parse_resume(data: bytes, content_type: str, *, region: str | None = None) -> ParsedResume:
    """Extract the text of a checked file (recruiting.documents.sniff_content_type) and parse it."""
    return parse_text(extract_text(data, content_type), region=region)
