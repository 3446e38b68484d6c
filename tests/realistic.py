"""Realistic partner data shared by the partner, import and form tests: the world, not the code."""

from __future__ import annotations

import csv
import io

LONG_NOTES = (
    "Led the migration of a twelve-year-old monolith to services while mentoring four juniors; "
    "comfortable presenting to clients in Portuguese, Spanish and English. "
) * 8

# Rows as a partner ATS sends them: accents, apostrophes, free-text places, phones in several formats.
CANDIDATES = [
    {
        "external_id": "ATS-12345",
        "first_name": "Zoë",
        "last_name": "O'Connor",
        "email": "zoe.oconnor@example.ie",
        "phone": "+353 1 234 5678",
        "location": "Dublin, Ireland",
        "skills": ["Python", "Django", "PostgreSQL"],
        "experience_years": 6.5,
        "education": [{"school": "Trinity College Dublin", "degree": "BSc Computer Science"}],
        "ats_data": {"notes": LONG_NOTES, "recruiter": "Siobhán Ní Bhriain"},
    },
    {
        "external_id": "ATS-12346",
        "first_name": "José",
        "last_name": "Álvarez",
        "email": "jose.alvarez@example.com.br",
        "phone": "+55 (11) 98765-4321",
        "location": "São Paulo, Brazil",
        "skills": ["Go", "Kubernetes"],
        "experience_years": 10,
    },
    {
        "external_id": "ATS-12347",
        "first_name": "Jürgen",
        "last_name": "Müller-Lüdenscheidt",
        "email": "j.mueller@example.de",
        "phone": "030 12345678",
        "location": "Berlin, Germany",
        "skills": [],
    },
    {
        # A local number written the way people in Rio write it: area code in brackets, no country code.
        "external_id": "ATS-12349",
        "first_name": "Ana Luíza",
        "last_name": "D'Ávila",
        "email": "ana.davila@example.com.br",
        "phone": "(21) 99876-5432",
        "location": "Rio de Janeiro, RJ",
        "skills": ["React", "TypeScript"],
        "experience_years": 3.5,
    },
    {
        # Only the required fields: every optional one left empty.
        "external_id": "ATS-12348",
        "first_name": "Aoife",
        "last_name": "D'Arcy",
        "email": "aoife.darcy@example.com",
        "phone": "",
        "location": "",
    },
]

# What the ATS integration scripts' client sends to POST /api/ats/feedback/sync.
SEED_001_FEEDBACK = {"text": "Excellent problem-solving skills", "rating": 4.5, "reviewer": "Hiring Manager"}

CSV_COLUMNS = ("external_id", "first_name", "last_name", "email", "phone", "location", "skills", "experience_years")


def candidates_csv(rows=CANDIDATES) -> str:
    """Render rows as the CSV a recruiter exports from a spreadsheet (skills separated by semicolons)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(
            ["; ".join(row.get("skills", [])) if column == "skills" else row.get(column, "") for column in CSV_COLUMNS]
        )
    return out.getvalue()


def save_candidates(organization, rows=CANDIDATES) -> list:
    """Store rows as candidates of `organization` directly (skills resolved as the write paths resolve them)."""
    from recruiting.models import Candidate

    made = []
    for row in rows:
        candidate = Candidate(organization=organization, **{k: v for k, v in row.items() if k != "skills"})
        candidate.set_skills(row.get("skills", []))
        candidate.save()
        made.append(candidate)
    return made
