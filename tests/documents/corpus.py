"""Resumes generated in the tests, with known contents: PDF (fpdf2), DOCX (python-docx) and plain text."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import docx
from fpdf import FPDF


@dataclass(frozen=True)
class Person:
    first_name: str
    last_name: str
    email: str
    phone: str  # as written on the resume
    e164: str  # what the parser must read
    location: str
    skills: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


PEOPLE = [
    Person(
        "Amélie",
        "D'Arcy",
        "amelie.darcy@example.com",
        "+33 6 12 34 56 78",
        "+33612345678",
        "Lyon, France",
        ["Python", "Django", "PostgreSQL"],
    ),
    Person(
        "José",
        "Núñez",
        "jose.nunez@example.es",
        "+34 612 345 678",
        "+34612345678",
        "Madrid, Spain",
        ["Java", "Spring Boot", "Kubernetes"],
    ),
    Person(
        "Zoë",
        "O'Neill",
        "zoe.oneill@example.ie",
        "+353 85 123 4567",
        "+353851234567",
        "Dublin, Ireland",
        ["React", "TypeScript", "GraphQL"],
    ),
    Person(
        "Bjørn", "Ødegård", "bjorn@example.no", "+47 412 34 567", "+4741234567", "Oslo, Norway", ["Go", "Docker", "AWS"]
    ),
    Person(
        "Jürgen",
        "Müller",
        "j.mueller@example.de",
        "+49 30 12345678",
        "+493012345678",
        "Berlin, Germany",
        ["C++", "Rust", "Linux"],
    ),
    Person(
        "Priya",
        "Raman",
        "priya.raman@example.in",
        "+91 98765 43210",
        "+919876543210",
        "Bengaluru, India",
        ["Python", "Machine Learning", "SQL"],
    ),
    Person(
        "Chloé",
        "Lefèvre",
        "chloe.lefevre@example.fr",
        "+33 1 42 68 53 00",
        "+33142685300",
        "Paris, France",
        ["Figma", "JavaScript", "CSS"],
    ),
    Person(
        "Seán",
        "Ó Briain",
        "sean.obriain@example.ie",
        "+353 1 234 5678",
        "+35312345678",
        "Cork, Ireland",
        ["Ruby", "Ruby on Rails", "Redis"],
    ),
    Person(
        "María",
        "García López",
        "maria.garcia@example.mx",
        "+52 55 1234 5678",
        "+525512345678",
        "Ciudad de México, Mexico",
        ["PHP", "Laravel", "MySQL"],
    ),
    Person(
        "Noah",
        "Williams",
        "noah.williams@example.com",
        "(415) 555-0134",
        "+14155550134",
        "San Francisco, CA",
        ["Swift", "iOS", "Objective-C"],
    ),
    Person(
        "Aoife",
        "Kelly",
        "aoife.kelly@example.co.uk",
        "+44 20 7946 0958",
        "+442079460958",
        "London, UK",
        ["Scala", "Apache Spark", "Kafka"],
    ),
    Person(
        "Lukas",
        "Novák",
        "lukas.novak@example.cz",
        "+420 601 123 456",
        "+420601123456",
        "Prague, Czechia",
        ["C#", ".NET", "Azure"],
    ),
    Person(
        "Inês",
        "Carvalho",
        "ines.carvalho@example.pt",
        "+351 912 345 678",
        "+351912345678",
        "Lisbon, Portugal",
        ["Kotlin", "Android", "Firebase"],
    ),
    Person(
        "Mateo",
        "Rossi",
        "mateo.rossi@example.it",
        "+39 312 345 6789",
        "+393123456789",
        "Milan, Italy",
        ["Node.js", "Express", "MongoDB"],
    ),
    Person(
        "Fatima",
        "Zahra",
        "fatima.zahra@example.ma",
        "+212 6 12 34 56 78",
        "+212612345678",
        "Casablanca, Morocco",
        ["Python", "Flask", "Terraform"],
    ),
    Person(
        "Ana",
        "Kovačević",
        "ana.kovacevic@example.hr",
        "+385 91 234 5678",
        "+385912345678",
        "Zagreb, Croatia",
        ["Vue.js", "JavaScript", "Sass"],
    ),
    Person(
        "Oliver",
        "Schmidt",
        "oliver.schmidt@example.at",
        "+43 664 1234567",
        "+436641234567",
        "Vienna, Austria",
        ["Java", "Hibernate", "Oracle"],
    ),
    Person(
        "Emma",
        "Johansson",
        "emma.johansson@example.se",
        "+46 70 123 45 67",
        "+46701234567",
        "Stockholm, Sweden",
        ["Elixir", "Phoenix", "PostgreSQL"],
    ),
    Person(
        "Liam",
        "O'Brien",
        "liam.obrien@example.com",
        "+1 212 555 0199",
        "+12125550199",
        "New York, NY",
        ["Terraform", "Ansible", "Jenkins"],
    ),
    Person(
        "Sofía",
        "Fernández",
        "sofia.fernandez@example.ar",
        "+54 9 11 2345 6789",
        "+5491123456789",
        "Buenos Aires, Argentina",
        ["Python", "Pandas", "Tableau"],
    ),
]


def resume_lines(person: Person) -> list[str]:
    return [
        person.name,
        person.location,
        f"Email: {person.email}",
        f"Phone: {person.phone}",
        "",
        "Summary",
        "Engineer who likes careful code reviews and clear documentation.",
        "",
        "Experience",
        "Senior Engineer, Café Numérique - 2019 - Present",
        "Engineer, L'Atelier Logiciel - 2015 - 2019",
        "",
        "Education",
        "MSc Computer Science, Universidad de Buenos Aires, 2015",
        "",
        "Skills",
        ", ".join(person.skills),
    ]


def as_text(person: Person) -> bytes:
    return "\n".join(resume_lines(person)).encode()


def as_docx(person: Person) -> bytes:
    document = docx.Document()
    for line in resume_lines(person):
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_safe(text: str) -> str:
    """The text as the PDF holds it: the core fonts are Latin-1, so č and ć are written as c."""
    return text.encode("latin-1", "replace").decode("latin-1").replace("?", "c")


def as_pdf(person: Person) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in resume_lines(person):
        pdf.cell(0, 6, pdf_safe(line) or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


FORMATS = {"pdf": as_pdf, "docx": as_docx, "txt": as_text}


def corpus() -> list[tuple[Person, str, bytes]]:
    """20 resumes: each person once, in PDF, DOCX and text by turns."""
    kinds = list(FORMATS)
    return [(person, kinds[index % 3], FORMATS[kinds[index % 3]](person)) for index, person in enumerate(PEOPLE)]


@dataclass(frozen=True)
class Accuracy:
    """How many of the resumes each field was read right in, and the skills' precision and recall."""

    total: int
    right: dict[str, int]
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        return 2 * self.precision * self.recall / (self.precision + self.recall)


def score(resumes: list[tuple[Person, str, bytes]]) -> Accuracy:
    """Parse each resume and compare what was read with what it holds (skills by canonical id)."""
    from recruiting.documents import sniff_content_type
    from recruiting.resume_parsing import parse_resume
    from recruiting.skills import resolve_skill

    right = {"email": 0, "phone": 0, "name": 0, "location": 0}
    true_positives = false_positives = false_negatives = 0
    for person, kind, data in resumes:
        parsed = parse_resume(data, sniff_content_type(data)).extracted_data
        right["email"] += parsed["email"] == person.email
        right["phone"] += parsed["phone"] == person.e164
        right["name"] += parsed["full_name"] == (pdf_safe(person.name) if kind == "pdf" else person.name)
        right["location"] += parsed["location"] == person.location
        wanted, got = {resolve_skill(skill) for skill in person.skills}, set(parsed["skill_ids"])
        true_positives += len(got & wanted)
        false_positives += len(got - wanted)
        false_negatives += len(wanted - got)
    return Accuracy(
        total=len(resumes),
        right=right,
        precision=true_positives / (true_positives + false_positives),
        recall=true_positives / (true_positives + false_negatives),
    )
