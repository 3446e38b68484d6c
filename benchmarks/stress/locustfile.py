"""The `make stress` load scenario: recruiters browsing and searching, partners syncing and pulling,
matches being requested. Credentials and ids come from the environment the runner sets.

The users are `FastHttpUser`s (geventhttpclient, shipped with locust): on the same two cores as the
server, python-requests' `HttpUser` spent several times the client CPU per request, which the
server then did not have."""

from __future__ import annotations

import os
import random
import uuid

from locust import FastHttpUser, between, task

JOB_IDS = [int(value) for value in os.environ["STRESS_JOB_IDS"].split(",")]
CANDIDATE_IDS = [int(value) for value in os.environ["STRESS_CANDIDATE_IDS"].split(",")]
SEARCHES = ["lovelace", "ada", "patel", "o'connor", "garcía", "chen"]
SKILLS = ["python", "react", "kubernetes", "postgresql", "aws", "go"]
PLACES = ["berlin", "london", "remote", "são paulo", "new york"]
RECRUITER = {"Authorization": f"Bearer {os.environ['STRESS_JWT']}"}


class Recruiter(FastHttpUser):
    weight = 5
    wait_time = between(0, 0.05)
    default_headers = RECRUITER

    @task(4)
    def candidate_list(self):
        self.client.get("/api/v1/candidates?page_size=25", name="GET /api/v1/candidates")

    @task(3)
    def search(self):
        self.client.get(
            "/api/v1/candidates",
            params={"q": random.choice(SEARCHES), "page_size": 25},
            name="GET /api/v1/candidates?q=",
        )

    @task(2)
    def filter_by_skill_and_place(self):
        self.client.get(
            "/api/v1/candidates",
            params={"skills": random.choice(SKILLS), "location": random.choice(PLACES), "page_size": 25},
            name="GET /api/v1/candidates?skills=&location=",
        )

    @task(2)
    def candidate(self):
        self.client.get(f"/api/v1/candidates/{random.choice(CANDIDATE_IDS)}", name="GET /api/v1/candidates/{id}")

    @task(2)
    def jobs(self):
        self.client.get("/api/v1/jobs", name="GET /api/v1/jobs")

    @task(1)
    def applications(self):
        self.client.get("/api/v1/applications?page_size=25", name="GET /api/v1/applications")


class Partner(FastHttpUser):
    weight = 2
    wait_time = between(0, 0.05)
    default_headers = {"X-API-Key": os.environ["STRESS_API_KEY"]}

    @task(3)
    def pull(self):
        self.client.get(
            "/api/ats/candidates",
            params={"page_size": 50, "page": random.randint(1, 20)},
            name="GET /api/ats/candidates",
        )

    @task(2)
    def sync(self):
        self.client.post(
            "/api/ats/candidates/sync",
            json={
                "external_id": f"stress-{uuid.uuid4().hex[:12]}",
                "first_name": "Zoë",
                "last_name": "O'Connor",
                "email": f"zoe.{uuid.uuid4().hex[:8]}@example.ie",
                "location": "Dublin, Ireland",
                "skills": ["Python", "Django"],
                "experience_years": 4.5,
            },
            name="POST /api/ats/candidates/sync",
        )


class Matcher(FastHttpUser):
    weight = 1
    wait_time = between(0, 0.1)
    default_headers = RECRUITER

    @task
    def top_matches(self):
        self.client.get(f"/api/v1/match/{random.choice(JOB_IDS)}/top?limit=10", name="GET /api/v1/match/{job}/top")
