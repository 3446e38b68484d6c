"""Realistic demo data for an organization, written in bulk so 100,000 candidates take seconds."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from recruiting import services
from recruiting.bias import check_bias
from recruiting.candidate_emails import save_email_template
from recruiting.models import (
    Application,
    Candidate,
    EmailTemplate,
    Interview,
    Job,
    Organization,
    PipelineStage,
    RejectionReason,
    Scorecard,
    StageChange,
    User,
)

FIRST_NAMES = (
    "Ada Alan Grace Linus Margaret Barbara Ken Dennis Guido Yukihiro Radia Frances Anita Tim Vint Donald "
    "Edsger Leslie John Katherine Dorothy Mary Hedy Shafi Sophie Jean Carol Annie Niklaus Bjarne James "
    "Priya Arjun Mei Wei Olu Amara Sven Ingrid Lucia Mateo Fatima Omar Yuki Hana Diego Camila Noah Emma"
).split()
LAST_NAMES = (
    "Lovelace Turing Hopper Torvalds Hamilton Liskov Thompson Ritchie Rossum Matsumoto Perlman Allen Borg "
    "Berners-Lee Cerf Knuth Dijkstra Lamport McCarthy Johnson Vaughan Jackson Lamarr Goldwasser Wilson "
    "Sammet Shaw Easley Wirth Stroustrup Gosling Patel Sharma Chen Zhang Adeyemi Okafor Larsen Nilsson "
    "Garcia Fernandez Khan Haddad Tanaka Kim Morales Silva Smith Brown"
).split()
LOCATIONS = (
    "Berlin, Germany",
    "London, UK",
    "New York, NY",
    "San Francisco, CA",
    "Austin, TX",
    "Toronto, Canada",
    "Amsterdam, Netherlands",
    "Lisbon, Portugal",
    "Remote",
    "Bangalore, India",
    "Singapore",
    "Sydney, Australia",
)
# Spellings vary on purpose: real candidate data says "Postgres", "ReactJS" and "k8s".
SKILL_POOLS = {
    "backend": [
        "Python",
        "python3",
        "Django",
        "PostgreSQL",
        "Postgres",
        "Redis",
        "Celery",
        "REST APIs",
        "Go",
        "Java",
        "Spring Boot",
        "Kafka",
        "gRPC",
        "SQL",
        "Node.js",
        "TypeScript",
        "Ruby on Rails",
        "FastAPI",
    ],
    "frontend": [
        "JavaScript",
        "JS",
        "TypeScript",
        "React",
        "ReactJS",
        "React.js",
        "Vue.js",
        "Angular",
        "CSS",
        "HTML",
        "Next.js",
        "Redux",
        "Webpack",
        "Accessibility",
        "Figma",
    ],
    "devops": [
        "Kubernetes",
        "k8s",
        "Docker",
        "Terraform",
        "AWS",
        "GCP",
        "Azure",
        "Linux",
        "Ansible",
        "Prometheus",
        "Grafana",
        "CI/CD",
        "Helm",
        "Bash",
    ],
    "data": [
        "Python",
        "SQL",
        "Machine Learning",
        "ML",
        "PyTorch",
        "TensorFlow",
        "pandas",
        "NumPy",
        "Spark",
        "Airflow",
        "dbt",
        "Statistics",
        "R",
        "Scikit-learn",
        "Data Visualization",
    ],
    "mobile": ["Swift", "Kotlin", "iOS", "Android", "React Native", "Flutter", "Objective-C", "Java"],
    "dotnet": ["C#", "csharp", ".NET", "ASP.NET", "Azure", "SQL Server", "Entity Framework"],
    "systems": ["C", "C++", "Rust", "Embedded Systems", "Linux", "Assembly", "RTOS"],
}
JOB_TEMPLATES = [
    (
        "Senior Backend Engineer",
        "Engineering",
        "backend",
        ["Python", "Django", "PostgreSQL", "Redis"],
        ["Celery", "Kubernetes"],
        "senior",
    ),
    (
        "Full-Stack Engineer",
        "Engineering",
        "frontend",
        ["Python", "PostgreSQL", "React", "Kubernetes"],
        ["TypeScript", "Docker"],
        "mid",
    ),
    (
        "Frontend Engineer",
        "Engineering",
        "frontend",
        ["JavaScript", "React", "CSS"],
        ["TypeScript", "Accessibility"],
        "mid",
    ),
    (
        "Platform Engineer",
        "Infrastructure",
        "devops",
        ["Kubernetes", "Terraform", "AWS"],
        ["Go", "Prometheus"],
        "senior",
    ),
    (
        "Site Reliability Engineer",
        "Infrastructure",
        "devops",
        ["Linux", "Kubernetes", "Prometheus"],
        ["Python", "Grafana"],
        "mid",
    ),
    (
        "Machine Learning Engineer",
        "Data",
        "data",
        ["Python", "Machine Learning", "PyTorch"],
        ["Spark", "Kubernetes"],
        "senior",
    ),
    ("Data Engineer", "Data", "data", ["Python", "SQL", "Airflow", "Spark"], ["dbt", "AWS"], "mid"),
    ("iOS Engineer", "Mobile", "mobile", ["Swift", "iOS"], ["Objective-C"], "mid"),
    ("Android Engineer", "Mobile", "mobile", ["Kotlin", "Android"], ["Java"], "junior"),
    (".NET Developer", "Engineering", "dotnet", ["C#", ".NET", "SQL Server"], ["Azure"], "mid"),
    ("Embedded Software Engineer", "Hardware", "systems", ["C", "C++", "Embedded Systems"], ["Rust", "RTOS"], "senior"),
    ("Java Backend Engineer", "Engineering", "backend", ["Java", "Spring Boot", "Kafka"], ["Kubernetes"], "senior"),
]
SENIORITY_BY_YEARS = ((1, "entry"), (3, "junior"), (6, "mid"), (10, "senior"), (15, "lead"), (99, "principal"))
SOURCES = ("linkedin", "referral", "careers_site", "agency", "job_board", "ats")
FEEDBACK_LINES = (
    "Clear communicator who explained trade-offs in the system design exercise well.",
    "Strong fundamentals; the coding exercise was clean and well tested.",
    "Needed hints on the concurrency question but recovered and finished.",
    "Good collaboration signals; asked sharp questions about the team's on-call.",
    "Solid experience with our stack; would ramp up quickly.",
)
# A few lines the bias check flags, so the Analytics page's bias-flag trend has something to show.
FLAGGED_FEEDBACK_LINES = (
    "Great culture fit, would get on with the team straight away.",
    "Seems a bit old for a fast-moving startup team.",
)


# What a recruiter sends most, so the candidate page's "Email candidate" has something to start from.
EMAIL_TEMPLATES = (
    (
        "Interview invitation",
        "Your interview for {{job_title}} at {{company_name}}",
        "Hi {{candidate_first_name}},\n\nThank you for applying for {{job_title}}. We'd like to invite you to an "
        "interview. Could you reply with a few times that suit you over the next week?\n\nBest regards,\n"
        "{{sender_name}}\n{{company_name}}",
    ),
    (
        "Not moving forward",
        "Your application for {{job_title}}",
        "Hi {{candidate_first_name}},\n\nThank you for the time you spent with us on {{job_title}}. After careful "
        "consideration we won't be moving forward with your application this time.\n\nWe'll keep your details on "
        "file and may reach out about future roles.\n\nKind regards,\n{{sender_name}}",
    ),
    (
        "Offer call",
        "Good news about {{job_title}}",
        "Hi {{candidate_first_name}},\n\nThe team enjoyed meeting you, and we'd like to talk you through an offer "
        "for {{job_title}}. When could we call you?\n\nBest,\n{{sender_name}}",
    ),
)


@dataclass
class SeedResult:
    organization: Organization
    admin: User
    recruiter: User
    operator: User
    candidates_created: int
    jobs_created: int
    applications_created: int


def _seniority(years: float) -> str:
    return next(label for limit, label in SENIORITY_BY_YEARS if years < limit)


def _build_candidates(organization: Organization, start: int, stop: int, rng: random.Random) -> list[Candidate]:
    pools = list(SKILL_POOLS.values())
    now = timezone.now()
    candidates = []
    for index in range(start, stop):
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        pool = pools[index % len(pools)]
        extra = rng.choice(pools)
        skills = rng.sample(pool, k=min(len(pool), rng.randint(5, 10))) + rng.sample(extra, k=rng.randint(0, 5))
        years = round(rng.uniform(0, 20), 1)
        candidate = Candidate(
            organization=organization,
            first_name=first,
            last_name=last,
            email=f"{first}.{last}.{index}@example.com".lower(),
            phone=f"+1 555 {index % 1000:03d} {index % 10000:04d}",
            location=rng.choice(LOCATIONS),
            experience_years=years,
            seniority=_seniority(years),
            education=[{"degree": rng.choice(["BSc", "MSc", "PhD", "BA"]), "field": "Computer Science"}],
            linkedin_url=f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}-{index}",
            source=rng.choice(SOURCES),
            external_id=f"demo-{index}",
            updated_at=now,
        )
        candidate.set_skills(skills)
        candidate.set_identity_keys()
        candidates.append(candidate)
    return candidates


def _ensure_user(organization: Organization, email: str, password: str, role: str, first: str, last: str) -> User:
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        return services.create_user(
            organization=organization, email=email, password=password, role=role, first_name=first, last_name=last
        )
    return user


def seed_demo(*, org_name: str, admin_email: str, password: str, candidates: int, batch_size: int = 1000) -> SeedResult:
    """Create or top up an organization's demo data; running it twice changes nothing."""
    rng = random.Random(org_name)
    with transaction.atomic():
        organization = Organization.objects.filter(name=org_name).first() or services.create_organization(name=org_name)
        services.ensure_default_pipeline(organization=organization)
        admin = _ensure_user(organization, admin_email, password, User.Role.ADMIN, "Alex", "Admin")
        services.grant_admin_site_access(user=admin)
        domain = admin_email.split("@", 1)[1]
        operator = services.ensure_platform_operator(email=f"operator@{domain}", password=password)
        recruiter = _ensure_user(
            organization, f"recruiter@{domain}", password, User.Role.RECRUITER, "Riley", "Recruiter"
        )
        manager = _ensure_user(
            organization, f"manager@{domain}", password, User.Role.HIRING_MANAGER, "Morgan", "Manager"
        )

        jobs_created = 0
        existing_jobs = set(
            Job.objects.for_org(organization).filter(source="demo").values_list("external_id", flat=True)
        )
        for index, (title, department, _pool, required, nice, level) in enumerate(JOB_TEMPLATES):
            external_id = f"demo-job-{index}"
            if external_id in existing_jobs:
                continue
            location = LOCATIONS[index % len(LOCATIONS)]
            services.create_job(
                organization=organization,
                created_by=admin,
                hiring_team=[recruiter, manager],
                title=title,
                department=department,
                location=location,
                remote_policy="remote" if location == "Remote" else ("remote", "hybrid", "onsite")[index % 3],
                experience_level=level,
                description=f"We are hiring a {title} to join our {department} team.",
                required_skills=required,
                nice_to_have_skills=nice,
                salary_min=60000 + index * 5000,
                salary_max=90000 + index * 8000,
                status=Job.Status.DRAFT if index == len(JOB_TEMPLATES) - 1 else Job.Status.OPEN,
                external_id=external_id,
                source="demo",
            )
            jobs_created += 1

    existing = (
        Candidate.objects.for_org(organization).filter(source__in=SOURCES, external_id__startswith="demo-").count()
    )
    created = 0
    for start in range(existing, candidates, batch_size):
        stop = min(start + batch_size, candidates)
        with transaction.atomic():
            # ignore_conflicts keeps re-runs idempotent through the (org, source, external_id) constraint.
            Candidate.objects.bulk_create(
                _build_candidates(organization, start, stop, random.Random(f"{org_name}:{start}")),
                batch_size=batch_size,
                ignore_conflicts=True,
            )
        created += stop - start

    if created and connection.vendor == "postgresql":
        # Fresh statistics after a bulk load, or the planner ignores the skill and name indexes.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Candidate._meta.db_table}")
    if not EmailTemplate.objects.for_org(organization).exists():
        for name, subject, body in EMAIL_TEMPLATES:
            save_email_template(organization=organization, name=name, subject=subject, body=body)
    applications_created = 0
    if not Application.objects.for_org(organization).exists():
        applications_created = _seed_pipelines(organization, admin, [recruiter, manager], rng)
    return SeedResult(organization, admin, recruiter, operator, created, jobs_created, applications_created)


@transaction.atomic
def stage_history(
    application: Application, *, path: list[str], gaps: list[int], stages: dict[str, PipelineStage], actor: User
) -> list[StageChange]:
    """Unsaved history rows walking `path`, each move `gaps[step]` days after the one before."""
    rows, previous = [], None
    for step, key in enumerate(path):
        rows.append(
            StageChange(
                organization=application.organization,
                application=application,
                from_stage=previous,
                to_stage=stages[key],
                changed_by=actor,
                reason=application.rejection_note if key == "rejected" else "",
                changed_at=application.applied_at + timedelta(days=sum(gaps[: step + 1])),
            )
        )
        previous = stages[key]
    return rows


def _working_hours(at: datetime, rng: random.Random) -> datetime:
    """The same day (the Monday after a weekend) at a full or half hour between 9:00 and 16:30."""
    day = at + timedelta(days=max(0, 7 - at.weekday())) if at.weekday() >= 5 else at
    return day.replace(hour=rng.randint(9, 16), minute=rng.choice([0, 30]), second=0, microsecond=0)


def _seed_pipelines(organization: Organization, admin: User, interviewers: list[User], rng: random.Random) -> int:
    stages = {stage.key: stage for stage in PipelineStage.objects.for_org(organization)}
    order = ["applied", "screening", "interview", "offer", "hired"]
    jobs = list(Job.objects.for_org(organization).filter(status=Job.Status.OPEN))
    pool = list(Candidate.objects.for_org(organization).order_by("id").values_list("id", flat=True)[:400])
    now = timezone.now()
    applications, histories, final_keys = [], [], []
    skills_gap = RejectionReason.objects.for_org(organization).get(code="skills-gap")
    declined = RejectionReason.objects.for_org(organization).get(code="withdrew")
    for job in jobs:
        for candidate_id in rng.sample(pool, k=min(len(pool), 12)):
            reached = rng.choice(order[:4] + ["applied", "screening", "rejected", "hired", "hired", "declined"])
            if reached == "declined":  # an offer turned down, so offer acceptance is below 100%
                path = ["applied", "screening", "interview", "offer", "rejected"]
            elif reached in order:
                path = order[: order.index(reached) + 1]
            else:
                path = ["applied", "screening", "rejected"]
            # Spread over the last year with uneven steps, so every Analytics chart has a trend.
            gaps = [0] + [rng.randint(2, 14) for _ in path[1:]]
            applied_at = now - timedelta(days=rng.randint(sum(gaps) + 1, 360), hours=rng.randint(0, 23))
            application = Application(
                organization=organization,
                job=job,
                candidate_id=candidate_id,
                stage=stages[path[-1]],
                source=rng.choice(SOURCES),
                applied_at=applied_at,
                stage_changed_at=applied_at + timedelta(days=sum(gaps)),
                rejection_reason=(declined if reached == "declined" else skills_gap)
                if path[-1] == "rejected"
                else None,
                rejection_note=(
                    ("Accepted another offer" if reached == "declined" else "Not enough experience with the core stack")
                    if path[-1] == "rejected"
                    else ""
                ),
            )
            applications.append(application)
            final_keys.append((path, gaps))
    Application.objects.bulk_create(applications)
    interviews: list[tuple[Interview, Application]] = []
    for application, (path, gaps) in zip(applications, final_keys, strict=True):
        histories += stage_history(application, path=path, gaps=gaps, stages=stages, actor=admin)
        if "interview" in path:
            # Still at the interview stage: the interview is coming up; further along: it was held.
            upcoming = path[-1] == "interview"
            at = now + timedelta(days=rng.randint(1, 10)) if upcoming else application.applied_at
            interviews.append(
                (
                    Interview(
                        organization=organization,
                        application=application,
                        scheduled_at=_working_hours(at if upcoming else at + timedelta(days=sum(gaps[:3])), rng),
                        kind=rng.choice([Interview.Kind.TECHNICAL, Interview.Kind.BEHAVIORAL]),
                        status=Interview.Status.SCHEDULED if upcoming else Interview.Status.COMPLETED,
                    ),
                    application,
                )
            )
    StageChange.objects.bulk_create(histories)
    Interview.objects.bulk_create([interview for interview, _ in interviews])
    scorecards = []
    for interview, _application in interviews:
        interviewer = rng.choice(interviewers)
        interview.interviewers.set([interviewer])
        if interview.status == Interview.Status.SCHEDULED:
            continue
        rating = rng.randint(2, 5)
        feedback = rng.choice(FLAGGED_FEEDBACK_LINES if rng.random() < 0.15 else FEEDBACK_LINES)
        report = check_bias(feedback)
        scorecards.append(
            Scorecard(
                organization=organization,
                interview=interview,
                interviewer=interviewer,
                ratings={"technical": rating, "communication": rng.randint(2, 5), "problem_solving": rating},
                recommendation=["no", "neutral", "yes", "strong_yes"][rating - 2],
                feedback=report.sanitized_text,
                original_feedback=feedback,
                bias_flags=report.flags,
                submitted_at=interview.scheduled_at + timedelta(hours=2),
            )
        )
    Scorecard.objects.bulk_create(scorecards)
    return len(applications)
