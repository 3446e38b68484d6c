"""A hand-labelled evaluation set for the ranker: 32 jobs, each with a pool of graded candidates.

Grades are a recruiter's judgement of relevance, written before looking at any score:
3 = has every required skill (in whatever spelling) and fits the level; 2 = strong but one
required skill short, or all skills at a clearly lower level; 1 = partly relevant; 0 = not a fit,
including near misses that only look similar (Java for JavaScript, C for C++, R for React).
Pools mix spelling variants ("Postgres", "k8s", "ReactJS", "golang", "Python 3") on purpose:
an exact-keyword baseline misses them. Shared by tests/matching/test_ranking_quality.py and
benchmarks/bench_matching.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime

from matching.index import CandidateIndex
from matching.services import job_profile
from recruiting.models import normalise_skill_key
from recruiting.skills import resolve_skills


@dataclass(frozen=True)
class EvalCandidate:
    grade: int
    skills: tuple[str, ...]
    years: float
    location: str


@dataclass(frozen=True)
class EvalJob:
    title: str
    required: tuple[str, ...]
    nice: tuple[str, ...]
    level: str
    location: str
    remote_policy: str
    pool: tuple[EvalCandidate, ...]


def _job(title, required, nice, level, location, remote_policy, pool) -> EvalJob:
    def split(text):
        return tuple(part.strip() for part in text.split(",") if part.strip())

    candidates = []
    for line in pool:
        grade, skills, years, where = (part.strip() for part in line.split("|"))
        candidates.append(EvalCandidate(int(grade), split(skills), float(years), where))
    return EvalJob(title, split(required), split(nice), level, location, remote_policy, tuple(candidates))


BERLIN, LONDON, NYC, REMOTE = "Berlin, Germany", "London, UK", "New York, NY", "Remote"

EVALUATION_JOBS = [
    _job(
        "Full-Stack Engineer",
        "Python, PostgreSQL, React, Kubernetes",
        "TypeScript, Docker",
        "mid",
        BERLIN,
        "hybrid",
        [
            "1 | Python, Django, Flask | 4 | Berlin, Germany",
            "3 | python3, Postgres, ReactJS, k8s | 5 | Berlin, Germany",
            "0 | Java, Spring Boot, Oracle | 6 | Berlin, Germany",
            "2 | Python, PostgreSQL, React, Docker | 4 | Munich, Germany",
            "3 | Python, PostgreSQL, React, Kubernetes, TypeScript | 6 | Berlin, Germany",
            "0 | R, Statistics, Excel | 5 | Berlin, Germany",
            "2 | py, postgresql, React.js, Kubernetes | 1 | Berlin, Germany",
            "1 | React, TypeScript, CSS | 3 | Remote",
        ],
    ),
    _job(
        "Frontend Engineer",
        "JavaScript, React, CSS",
        "TypeScript, Accessibility",
        "mid",
        LONDON,
        "hybrid",
        [
            "0 | Java, Spring, Hibernate | 6 | London, UK",
            "3 | JS, ReactJS, CSS3, a11y | 4 | London, UK",
            "1 | Vue.js, CSS, HTML | 3 | London, UK",
            "3 | JavaScript, React, CSS, TypeScript | 5 | London, UK",
            "0 | Python, pandas, SQL | 4 | London, UK",
            "2 | ECMAScript, React.js, HTML | 4 | Manchester, UK",
            "1 | JavaScript, jQuery | 2 | London, UK",
            "2 | javascript, react, scss | 0.5 | London, UK",
        ],
    ),
    _job(
        "Platform Engineer",
        "Kubernetes, Terraform, AWS",
        "Go, Prometheus",
        "senior",
        BERLIN,
        "remote",
        [
            "3 | k8s, terraform, Amazon Web Services, golang | 8 | Remote",
            "0 | Kotlin, Android | 7 | Remote",
            "2 | Kubernetes, Ansible, AWS | 9 | Berlin, Germany",
            "3 | Kubernetes, Terraform, AWS, Prometheus | 10 | Remote",
            "1 | Docker, Linux, Bash | 6 | Remote",
            "0 | Figma, Sketch, UX Design | 7 | Remote",
            "2 | kube, tf, aws | 2 | Remote",
            "1 | Azure, Terraform | 5 | Remote",
        ],
    ),
    _job(
        "Machine Learning Engineer",
        "Python, Machine Learning, PyTorch",
        "Spark, Kubernetes",
        "senior",
        NYC,
        "hybrid",
        [
            "3 | Python 3, ML, torch, pyspark | 7 | New York, NY",
            "1 | Python, pandas, SQL | 6 | New York, NY",
            "0 | Perl, Bash | 10 | New York, NY",
            "3 | Python, Machine Learning, PyTorch | 9 | Brooklyn, NY",
            "2 | Python, Machine Learning, TensorFlow | 7 | New York, NY",
            "0 | R, Excel, PowerPoint | 8 | New York, NY",
            "2 | python, deep learning, pytorch, machine learning | 1 | New York, NY",
            "1 | Machine Learning, Statistics | 6 | Remote",
        ],
    ),
    _job(
        "Data Engineer",
        "Python, SQL, Airflow, Spark",
        "dbt, AWS",
        "mid",
        LONDON,
        "hybrid",
        [
            "2 | Python, SQL, Apache Spark | 4 | London, UK",
            "3 | Python3, sql, apache airflow, PySpark, dbt | 5 | London, UK",
            "0 | Swift, iOS | 5 | London, UK",
            "3 | Python, SQL, Airflow, Spark | 4 | London, UK",
            "1 | SQL, Excel, Tableau | 6 | London, UK",
            "0 | Java, JavaScript | 4 | London, UK",
            "1 | Spark, Scala, Hadoop | 5 | Remote",
            "2 | Python, SQL, Airflow, Hive | 3 | Bristol, UK",
        ],
    ),
    _job(
        "iOS Engineer",
        "Swift, iOS",
        "Objective-C",
        "mid",
        BERLIN,
        "onsite",
        [
            "3 | Swift, iOS, ObjC | 5 | Berlin, Germany",
            "0 | Kotlin, Android | 5 | Berlin, Germany",
            "1 | React Native, JavaScript | 4 | Berlin, Germany",
            "3 | swiftlang, iPhone development, SwiftUI | 4 | Berlin, Germany",
            "2 | Swift, iOS | 4 | Lisbon, Portugal",
            "1 | Objective-C, Xcode | 6 | Berlin, Germany",
            "0 | C, Embedded Systems | 5 | Berlin, Germany",
            "2 | Swift, iOS | 0 | Berlin, Germany",
        ],
    ),
    _job(
        "Android Engineer",
        "Kotlin, Android",
        "Java",
        "junior",
        NYC,
        "hybrid",
        [
            "0 | Swift, iOS | 2 | New York, NY",
            "3 | Kotlin, Android SDK, Jetpack Compose | 2 | New York, NY",
            "1 | Java, Spring Boot | 2 | New York, NY",
            "3 | kt, android, java | 1.5 | New York, NY",
            "1 | Flutter, Dart | 2 | New York, NY",
            "2 | Kotlin, Java | 2 | New York, NY",
            "0 | Ruby, Rails | 3 | New York, NY",
            "2 | Android, Java | 2 | Boston, MA",
        ],
    ),
    _job(
        ".NET Developer",
        "C#, .NET, SQL Server",
        "Azure",
        "mid",
        LONDON,
        "hybrid",
        [
            "3 | csharp, dotnet core, MSSQL, Azure | 5 | London, UK",
            "0 | C, C++, Embedded Systems | 6 | London, UK",
            "0 | Java, Oracle | 5 | London, UK",
            "3 | C#, .NET, SQL Server | 4 | London, UK",
            "2 | C#, ASP.NET, Entity Framework | 4 | London, UK",
            "1 | SQL Server, T-SQL, SSIS | 6 | London, UK",
            "2 | C Sharp, .NET, Microsoft SQL Server | 1 | Leeds, UK",
            "0 | F#, Haskell | 5 | London, UK",
        ],
    ),
    _job(
        "Embedded Software Engineer",
        "C, C++, Embedded Systems",
        "Rust, RTOS",
        "senior",
        BERLIN,
        "onsite",
        [
            "0 | C#, .NET | 8 | Berlin, Germany",
            "3 | C, cpp, firmware, FreeRTOS | 9 | Berlin, Germany",
            "1 | C++, Qt | 7 | Berlin, Germany",
            "3 | C, C++, Embedded Systems, Rust | 12 | Berlin, Germany",
            "0 | R, Statistics | 9 | Berlin, Germany",
            "2 | C, Embedded Systems, RTOS | 8 | Hamburg, Germany",
            "1 | Rust, Linux | 6 | Berlin, Germany",
            "2 | c language, c++17, embedded software | 2 | Berlin, Germany",
        ],
    ),
    _job(
        "Java Backend Engineer",
        "Java, Spring Boot, Kafka",
        "Kubernetes",
        "senior",
        NYC,
        "hybrid",
        [
            "0 | JavaScript, Node.js, Express | 8 | New York, NY",
            "3 | Java, springboot, Apache Kafka, k8s | 8 | New York, NY",
            "0 | JS, React | 7 | New York, NY",
            "3 | Java, Spring Boot, Kafka | 10 | New York, NY",
            "2 | Java, Spring Boot, RabbitMQ | 7 | New York, NY",
            "1 | Kotlin, Spring | 6 | New York, NY",
            "2 | core java, spring-boot, kafka streams | 2 | New York, NY",
            "1 | Kafka, Scala | 8 | Remote",
        ],
    ),
    _job(
        "Data Scientist",
        "R, Statistics, SQL",
        "Python, Tableau",
        "mid",
        LONDON,
        "hybrid",
        [
            "0 | React, Redux, JavaScript | 4 | London, UK",
            "3 | R language, statistical analysis, SQL | 5 | London, UK",
            "0 | Ruby, Rails | 4 | London, UK",
            "3 | R, Statistics, SQL, Python | 4 | London, UK",
            "2 | Python, Statistics, SQL | 4 | London, UK",
            "1 | SQL, Excel | 3 | London, UK",
            "1 | Tableau, Power BI | 4 | London, UK",
            "2 | rstats, stats, postgres | 1 | London, UK",
        ],
    ),
    _job(
        "Site Reliability Engineer",
        "Linux, Kubernetes, Prometheus",
        "Python, Grafana",
        "mid",
        BERLIN,
        "remote",
        [
            "3 | GNU/Linux, k8s, prometheus, grafana | 5 | Remote",
            "1 | Linux, Bash, Ansible | 5 | Remote",
            "0 | Photoshop, Illustrator | 5 | Remote",
            "3 | Linux, Kubernetes, Prometheus | 4 | Remote",
            "2 | Linux, Kubernetes, Datadog | 5 | Remote",
            "0 | Salesforce, HubSpot | 5 | Remote",
            "2 | Kubernetes, Prometheus, Grafana | 4 | Remote",
            "1 | Docker, Python | 3 | Remote",
        ],
    ),
    _job(
        "Go Backend Engineer",
        "Go, gRPC, PostgreSQL",
        "Kafka, Docker",
        "senior",
        LONDON,
        "hybrid",
        [
            "3 | golang, grpc, postgres, docker | 7 | London, UK",
            "0 | Google Sheets, Excel | 7 | London, UK",
            "1 | Python, PostgreSQL | 6 | London, UK",
            "3 | Go, gRPC, PostgreSQL, Kafka | 9 | London, UK",
            "2 | Go, REST APIs, PostgreSQL | 7 | London, UK",
            "1 | Rust, gRPC | 6 | London, UK",
            "2 | Go, gRPC, MySQL | 8 | Cambridge, UK",
            "0 | PHP, WordPress | 7 | London, UK",
        ],
    ),
    _job(
        "Ruby on Rails Developer",
        "Ruby, Ruby on Rails, PostgreSQL",
        "Redis, Sidekiq",
        "mid",
        NYC,
        "remote",
        [
            "3 | ruby, RoR, postgresql, sidekiq | 5 | Remote",
            "0 | Rust, WebAssembly | 5 | Remote",
            "1 | Ruby, Sinatra | 4 | Remote",
            "3 | Ruby, Ruby on Rails, PostgreSQL | 4 | Remote",
            "2 | Ruby, Rails, MySQL | 5 | Remote",
            "0 | R, SAS | 5 | Remote",
            "1 | PostgreSQL, Redis | 4 | Remote",
            "2 | Ruby on Rails, PostgreSQL | 6 | Remote",
        ],
    ),
    _job(
        "DevOps Engineer",
        "Docker, Jenkins, AWS, Terraform",
        "Ansible",
        "mid",
        BERLIN,
        "hybrid",
        [
            "3 | docker-compose, Jenkins, amazon aws, TF | 4 | Berlin, Germany",
            "1 | Jenkins, Maven | 4 | Berlin, Germany",
            "0 | Java, JUnit | 4 | Berlin, Germany",
            "3 | Docker, Jenkins, AWS, Terraform, Ansible | 5 | Berlin, Germany",
            "2 | Docker, GitHub Actions, AWS, Terraform | 4 | Berlin, Germany",
            "2 | Docker, Jenkins, GCP, Terraform | 5 | Berlin, Germany",
            "0 | Marketing, SEO | 4 | Berlin, Germany",
            "1 | AWS, CloudFormation | 3 | Remote",
        ],
    ),
    _job(
        "Node.js Backend Engineer",
        "Node.js, TypeScript, MongoDB",
        "GraphQL",
        "mid",
        LONDON,
        "hybrid",
        [
            "3 | nodejs, ts, mongo, gql | 4 | London, UK",
            "0 | Java, Oracle | 4 | London, UK",
            "1 | JavaScript, Express | 3 | London, UK",
            "3 | Node.js, TypeScript, MongoDB | 5 | London, UK",
            "2 | Node.js, TypeScript, PostgreSQL | 4 | London, UK",
            "0 | Go, Rust | 4 | London, UK",
            "1 | MongoDB, Python | 4 | London, UK",
            "2 | Node, JavaScript, MongoDB | 4 | London, UK",
        ],
    ),
    _job(
        "Security Engineer",
        "Penetration Testing, OWASP, Python",
        "Burp Suite",
        "senior",
        NYC,
        "hybrid",
        [
            "3 | pentesting, OWASP Top 10, python, burp | 8 | New York, NY",
            "0 | Sales, Cold Calling | 8 | New York, NY",
            "1 | Python, Django | 7 | New York, NY",
            "3 | Penetration Testing, OWASP, Python | 9 | New York, NY",
            "2 | Ethical Hacking, OWASP, Bash | 7 | New York, NY",
            "1 | SIEM, Splunk | 6 | New York, NY",
            "0 | Photoshop, Figma | 7 | New York, NY",
            "2 | Penetration Testing, OWASP, Python | 2 | New York, NY",
        ],
    ),
    _job(
        "Product Designer",
        "Figma, UX Design, Prototyping",
        "User Research, Design Systems",
        "mid",
        BERLIN,
        "hybrid",
        [
            "3 | figma, user experience, rapid prototyping, ux research | 5 | Berlin, Germany",
            "0 | Python, Django | 5 | Berlin, Germany",
            "1 | Photoshop, Illustrator | 5 | Berlin, Germany",
            "3 | Figma, UX Design, Prototyping | 4 | Berlin, Germany",
            "2 | Sketch, UX Design, Prototyping | 5 | Berlin, Germany",
            "1 | Figma, HTML, CSS | 3 | Berlin, Germany",
            "0 | Accounting, Excel | 5 | Berlin, Germany",
            "2 | Figma, Wireframing, UX | 4 | Remote",
        ],
    ),
    _job(
        "Data Analyst",
        "SQL, Excel, Tableau",
        "Python, Statistics",
        "junior",
        LONDON,
        "hybrid",
        [
            "3 | sql, MS Excel, tableau, stats | 2 | London, UK",
            "1 | Excel, PowerPoint | 2 | London, UK",
            "0 | Kubernetes, Terraform | 2 | London, UK",
            "3 | SQL, Excel, Tableau | 1.5 | London, UK",
            "2 | SQL, Excel, Power BI | 2 | London, UK",
            "0 | Swift, Kotlin | 2 | London, UK",
            "1 | Tableau, Looker | 2 | London, UK",
            "2 | SQL, Spreadsheets, Tableau | 12 | London, UK",
        ],
    ),
    _job(
        "Salesforce Developer",
        "Salesforce, Apex, JavaScript",
        "SOQL",
        "mid",
        NYC,
        "remote",
        [
            "3 | SFDC, salesforce apex, JS | 4 | Remote",
            "0 | Java, Apache Spark | 4 | Remote",
            "1 | Salesforce, Excel | 4 | Remote",
            "3 | Salesforce, Apex, JavaScript | 5 | Remote",
            "2 | Salesforce, Apex, Visualforce | 4 | Remote",
            "1 | JavaScript, React | 4 | Remote",
            "0 | SAP, ABAP | 4 | Remote",
            "2 | Salesforce CRM, Apex | 6 | Remote",
        ],
    ),
    _job(
        "Rust Systems Engineer",
        "Rust, Linux, Concurrency",
        "Tokio, C++",
        "senior",
        BERLIN,
        "remote",
        [
            "3 | rustlang, GNU/Linux, multithreading, tokio | 8 | Remote",
            "0 | Ruby, Rails | 8 | Remote",
            "1 | C++, Linux | 9 | Remote",
            "3 | Rust, Linux, Concurrency | 7 | Remote",
            "2 | Rust, Linux, Tokio | 7 | Remote",
            "0 | React, Redux | 8 | Remote",
            "1 | Rust, WebAssembly | 4 | Remote",
            "2 | Rust, Concurrency, C++ | 6 | Remote",
        ],
    ),
    _job(
        "QA Automation Engineer",
        "Selenium, Python, Test Automation",
        "Cypress, Jenkins",
        "mid",
        LONDON,
        "hybrid",
        [
            "3 | selenium webdriver, python3, automated testing, cypress.io | 4 | London, UK",
            "1 | Manual Testing, Jira | 4 | London, UK",
            "0 | Go, Kubernetes | 4 | London, UK",
            "3 | Selenium, Python, Test Automation | 5 | London, UK",
            "2 | Selenium, Java, Test Automation | 4 | London, UK",
            "2 | Playwright, Python, Test Automation | 4 | London, UK",
            "0 | Sales, Negotiation | 4 | London, UK",
            "1 | Python, pytest | 3 | London, UK",
        ],
    ),
    _job(
        "Vue Frontend Developer",
        "Vue.js, JavaScript, HTML",
        "Nuxt.js, Tailwind CSS",
        "junior",
        BERLIN,
        "hybrid",
        [
            "3 | vue3, js, html5, nuxt | 2 | Berlin, Germany",
            "0 | Java, Kotlin | 2 | Berlin, Germany",
            "1 | React, JavaScript | 2 | Berlin, Germany",
            "3 | Vue.js, JavaScript, HTML | 1 | Berlin, Germany",
            "2 | Vue.js, TypeScript, HTML | 2 | Berlin, Germany",
            "0 | R, RStudio | 2 | Berlin, Germany",
            "1 | HTML, CSS | 1 | Berlin, Germany",
            "2 | Vue, JavaScript, CSS | 2 | Leipzig, Germany",
        ],
    ),
    _job(
        "Angular Developer",
        "Angular, TypeScript, RxJS",
        "NgRx",
        "mid",
        LONDON,
        "hybrid",
        [
            "3 | angular2, ts, rxjs | 4 | London, UK",
            "0 | AngularJS, jQuery | 4 | London, UK",
            "1 | TypeScript, Node.js | 4 | London, UK",
            "3 | Angular, TypeScript, RxJS, NgRx | 5 | London, UK",
            "2 | Angular, TypeScript, Redux | 4 | London, UK",
            "0 | Python, Flask | 4 | London, UK",
            "1 | React, TypeScript, RxJS | 4 | London, UK",
            "2 | Angular, RxJS, JavaScript | 4 | London, UK",
        ],
    ),
    _job(
        "Django Developer",
        "Python, Django, PostgreSQL",
        "Celery, Redis",
        "mid",
        BERLIN,
        "hybrid",
        [
            "3 | python 3, django framework, postgres, celery | 4 | Berlin, Germany",
            "0 | Java, Spring | 4 | Berlin, Germany",
            "1 | Python, Flask | 4 | Berlin, Germany",
            "3 | Python, Django, PostgreSQL | 5 | Berlin, Germany",
            "2 | Python, Django, MySQL | 4 | Berlin, Germany",
            "2 | Python, FastAPI, PostgreSQL | 4 | Berlin, Germany",
            "0 | PHP, Laravel | 4 | Berlin, Germany",
            "1 | PostgreSQL, Redis | 4 | Berlin, Germany",
        ],
    ),
    _job(
        "Cloud Architect",
        "AWS, Cloud Architecture, Terraform",
        "Kubernetes",
        "lead",
        NYC,
        "hybrid",
        [
            "3 | Amazon Web Services, solutions architecture, terraform, k8s | 12 | New York, NY",
            "0 | Excel, Accounting | 12 | New York, NY",
            "1 | AWS, Linux | 6 | New York, NY",
            "3 | AWS, Cloud Architecture, Terraform | 11 | New York, NY",
            "2 | Azure, Cloud Architecture, Terraform | 11 | New York, NY",
            "2 | AWS, Cloud Architecture, Terraform | 3 | New York, NY",
            "0 | Java, JavaScript | 12 | New York, NY",
            "1 | Terraform, Ansible | 8 | New York, NY",
        ],
    ),
    _job(
        "PHP Developer",
        "PHP, Laravel, MySQL",
        "Vue.js",
        "mid",
        LONDON,
        "onsite",
        [
            "3 | php8, laravel, my sql, vuejs | 4 | London, UK",
            "0 | Python, Django | 4 | London, UK",
            "1 | PHP, WordPress | 4 | London, UK",
            "3 | PHP, Laravel, MySQL | 5 | London, UK",
            "2 | PHP, Symfony, MySQL | 4 | London, UK",
            "0 | Perl, Bash | 4 | London, UK",
            "1 | MySQL, MariaDB | 4 | London, UK",
            "2 | PHP, Laravel, PostgreSQL | 4 | London, UK",
        ],
    ),
    _job(
        "Technical Recruiter",
        "Sourcing, Hiring, Communication",
        "Greenhouse",
        "mid",
        BERLIN,
        "hybrid",
        [
            "3 | candidate sourcing, talent acquisition, communication skills, greenhouse | 4 | Berlin, Germany",
            "0 | Python, Kubernetes | 4 | Berlin, Germany",
            "1 | Sales, Communication | 4 | Berlin, Germany",
            "3 | Sourcing, Hiring, Communication | 5 | Berlin, Germany",
            "2 | Sourcing, Hiring, Negotiation | 4 | Berlin, Germany",
            "0 | Accounting, Tax | 4 | Berlin, Germany",
            "1 | Human Resources, Payroll | 4 | Berlin, Germany",
            "2 | Hiring, Communication, Employer Branding | 4 | Berlin, Germany",
        ],
    ),
    _job(
        "Financial Analyst",
        "Financial Modeling, Excel, Accounting",
        "SQL, Power BI",
        "junior",
        NYC,
        "onsite",
        [
            "3 | financial modelling, ms excel, bookkeeping, powerbi | 2 | New York, NY",
            "0 | Kotlin, Android | 2 | New York, NY",
            "1 | Excel, PowerPoint | 2 | New York, NY",
            "3 | Financial Modeling, Excel, Accounting | 1.5 | New York, NY",
            "2 | Financial Modeling, Excel, Statistics | 2 | New York, NY",
            "0 | Photoshop, InDesign | 2 | New York, NY",
            "1 | Accounting, QuickBooks | 2 | New York, NY",
            "2 | Financial Analysis, Excel, Accounting | 2 | Newark, NJ",
        ],
    ),
    _job(
        "Kotlin Multiplatform Engineer",
        "Kotlin, Android, iOS",
        "Swift",
        "senior",
        LONDON,
        "remote",
        [
            "3 | Kotlin, Android development, iOS development, Swift | 8 | Remote",
            "0 | Ruby, Rails | 8 | Remote",
            "1 | Swift, iOS | 8 | Remote",
            "3 | Kotlin, Android, iOS | 7 | Remote",
            "2 | Kotlin, Android, Flutter | 8 | Remote",
            "0 | Java EE, JSP | 8 | Remote",
            "1 | Kotlin, Spring Boot | 7 | Remote",
            "2 | Kotlin, Android, iOS | 1 | Remote",
        ],
    ),
    _job(
        "Analytics Engineer",
        "dbt, SQL, Snowflake",
        "Looker, Python",
        "mid",
        BERLIN,
        "hybrid",
        [
            "3 | data build tool, sql, snowflake data cloud, lookml | 4 | Berlin, Germany",
            "0 | C++, Unreal Engine | 4 | Berlin, Germany",
            "1 | SQL, Excel | 4 | Berlin, Germany",
            "3 | dbt, SQL, Snowflake | 5 | Berlin, Germany",
            "2 | dbt, SQL, BigQuery | 4 | Berlin, Germany",
            "2 | SQL, Snowflake, Airflow | 4 | Berlin, Germany",
            "0 | Swift, SwiftUI | 4 | Berlin, Germany",
            "1 | Looker, Tableau | 4 | Berlin, Germany",
        ],
    ),
    _job(
        "Elixir Engineer",
        "Elixir, Phoenix, PostgreSQL",
        "Erlang",
        "senior",
        NYC,
        "remote",
        [
            "3 | elixir, phoenix framework, postgres, erlang/otp | 7 | Remote",
            "0 | Excel, Finance | 7 | Remote",
            "1 | Erlang, RabbitMQ | 9 | Remote",
            "3 | Elixir, Phoenix, PostgreSQL | 8 | Remote",
            "2 | Elixir, Phoenix, MySQL | 7 | Remote",
            "0 | Elm, CSS | 7 | Remote",
            "1 | Ruby, PostgreSQL | 6 | Remote",
            "2 | Elixir, PostgreSQL, Erlang | 7 | Remote",
        ],
    ),
]


# --- ranking the pools ----------------------------------------------------------------------
def _pool_rows(job: EvalJob) -> list[tuple]:
    stamp = datetime(2026, 1, 1, tzinfo=UTC)
    return [
        (number, resolve_skills(list(candidate.skills)), candidate.years, "", candidate.location, stamp)
        for number, candidate in enumerate(job.pool, start=1)
    ]


def _job_values(job: EvalJob) -> dict:
    required_ids = resolve_skills(list(job.required))
    return {
        "required_skills": list(job.required),
        "nice_to_have_skills": list(job.nice),
        "required_skill_ids": required_ids,
        "nice_to_have_skill_ids": [s for s in resolve_skills(list(job.nice)) if s not in required_ids],
        "experience_level": job.level,
        "remote_policy": job.remote_policy,
        "location": job.location,
    }


def ranker_order(job: EvalJob) -> list[int]:
    """Grades of the pool in the order the ranker puts it (via the same index the API uses)."""
    index = CandidateIndex.from_rows(_pool_rows(job))
    ranked = index.rank(job_profile(_job_values(job)).query, limit=len(job.pool))
    return [job.pool[pk - 1].grade for pk in ranked.pks]


def baseline_order(job: EvalJob) -> list[int]:
    """Grades in the order of a plain exact-keyword match: count of the job's skills listed verbatim."""
    wanted = {normalise_skill_key(skill) for skill in (*job.required, *job.nice)}
    counts = [
        (-len(wanted & {normalise_skill_key(skill) for skill in candidate.skills}), number)
        for number, candidate in enumerate(job.pool)
    ]
    return [job.pool[number].grade for _, number in sorted(counts)]


def ndcg_at(grades_in_order: list[int], k: int = 10) -> float:
    def dcg(grades):
        return sum((2**grade - 1) / math.log2(rank + 2) for rank, grade in enumerate(grades[:k]))

    ideal = dcg(sorted(grades_in_order, reverse=True))
    return dcg(grades_in_order) / ideal if ideal else 1.0


def mean_ndcg(order) -> float:
    return sum(ndcg_at(order(job)) for job in EVALUATION_JOBS) / len(EVALUATION_JOBS)
