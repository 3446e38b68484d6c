"""A candidate write is in the next ranking of every process, without rebuilding the index."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone
from rest_framework_simplejwt.tokens import RefreshToken

from matching import services
from matching.models import CandidateDeletion
from matching.services import IndexRegistry, rank_candidates_for_job
from matching.tasks import purge_candidate_deletions
from recruiting import services as recruiting_services
from recruiting.models import Candidate
from tests.factories import CandidateFactory, JobFactory
from tests.processes import database_url, free_port

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def job(org_a):
    return JobFactory(organization=org_a, required_skills=["Rust", "Kubernetes"], nice_to_have_skills=[])


@pytest.fixture
def build_counter(monkeypatch):
    """Count full index builds while still building for real."""
    calls = []
    real = services.build_candidate_index

    def counting(**kwargs):
        calls.append(kwargs["organization"].pk)
        return real(**kwargs)

    monkeypatch.setattr(services, "build_candidate_index", counting)
    return calls


def _top_ids(job, registry=None):
    return [m["candidate_id"] for m in rank_candidates_for_job(job=job, registry=registry).matches]


def test_an_updated_candidate_is_ranked_by_its_new_skills_without_a_rebuild(org_a, job, build_counter):
    rustacean = CandidateFactory(organization=org_a, skills=["Rust", "k8s"])
    pythonista = CandidateFactory(organization=org_a, skills=["Python"])
    assert _top_ids(job)[0] == rustacean.pk

    recruiting_services.update_candidate(candidate=pythonista, skills=["rustlang", "Kubernetes"], experience_years=9)
    recruiting_services.update_candidate(candidate=rustacean, skills=["Python"])

    assert _top_ids(job)[0] == pythonista.pk
    match = rank_candidates_for_job(job=job).matches[0]
    assert match["matched_skills"] == ["Rust", "Kubernetes"]
    assert build_counter == [org_a.pk]


def test_new_and_bulk_created_candidates_appear_in_the_next_ranking(org_a, job, build_counter):
    CandidateFactory(organization=org_a, skills=["Python"])
    assert len(_top_ids(job)) == 1
    created = CandidateFactory(organization=org_a, skills=["Rust"])
    bulk = Candidate(organization=org_a, first_name="Bulk", last_name="Row", email="bulk@example.com")
    bulk.set_skills(["Rust", "k8s"])
    bulk.updated_at = timezone.now()
    (bulk,) = Candidate.objects.bulk_create([bulk])
    assert _top_ids(job)[:2] == [bulk.pk, created.pk]
    assert build_counter == [org_a.pk]


def test_a_deleted_candidate_leaves_the_next_ranking(org_a, job, build_counter):
    leaving = CandidateFactory(organization=org_a, skills=["Rust", "Kubernetes"])
    staying = CandidateFactory(organization=org_a, skills=["Rust"])
    assert _top_ids(job) == [leaving.pk, staying.pk]
    leaving.delete()
    ranking = rank_candidates_for_job(job=job)
    assert [m["candidate_id"] for m in ranking.matches] == [staying.pk]
    assert ranking.candidates_processed == 1
    assert build_counter == [org_a.pk]


def test_a_second_index_instance_sees_writes_made_after_both_were_built(org_a, job):
    """Two registries stand for two worker processes, each with its own index."""
    worker_one, worker_two = IndexRegistry(), IndexRegistry()
    first = CandidateFactory(organization=org_a, skills=["Rust"])
    second = CandidateFactory(organization=org_a, skills=["Python"])
    assert _top_ids(job, worker_one) == _top_ids(job, worker_two) == [first.pk, second.pk]

    recruiting_services.update_candidate(candidate=second, skills=["Rust", "Kubernetes"])
    assert _top_ids(job, worker_two) == [second.pk, first.pk]
    assert _top_ids(job, worker_one) == [second.pk, first.pk]

    second.delete()
    assert _top_ids(job, worker_one) == _top_ids(job, worker_two) == [first.pk]


def test_a_write_that_commits_late_is_caught_by_the_look_back(org_a, job, settings):
    """A row stamped before the last check but committed after it still arrives."""
    settings.MATCHING_INDEX_LOOKBACK_SECONDS = 30
    late = CandidateFactory(organization=org_a, skills=["Python"])
    _top_ids(job)
    Candidate.objects.filter(pk=late.pk).update(
        skills=["Rust"], skill_ids=["rust"], updated_at=timezone.now() - timezone.timedelta(seconds=10)
    )
    assert rank_candidates_for_job(job=job).matches[0]["matched_skills"] == ["Rust"]


# --- two real server processes ----------------------------------------------------------------
@pytest.fixture
def two_servers(transactional_db):
    env = {**os.environ, "DATABASE_URL": database_url(connection), "SECRET_KEY": settings.SECRET_KEY}
    env.pop("DEBUG", None)
    servers = []
    for _ in range(2):
        port = free_port()
        process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        servers.append((process, f"http://127.0.0.1:{port}"))
    try:
        deadline = time.monotonic() + 30
        for process, base in servers:
            while True:
                try:
                    if httpx.get(f"{base}/health", timeout=1).status_code in (200, 503):
                        break
                except httpx.TransportError:
                    pass
                assert process.poll() is None, process.stderr.read().decode()
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.1)  # polling with a deadline, not waiting for an outcome
        yield [base for _, base in servers]
    finally:
        for process, _ in servers:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)


def test_an_update_through_one_server_process_is_ranked_by_the_other(two_servers, org_a, recruiter_a):
    job = JobFactory(organization=org_a, required_skills=["Rust", "Kubernetes"], nice_to_have_skills=[])
    first = CandidateFactory(organization=org_a, skills=["Rust"])
    second = CandidateFactory(organization=org_a, skills=["Python"])
    headers = {"Authorization": f"Bearer {RefreshToken.for_user(recruiter_a).access_token}"}
    one, two = (httpx.Client(base_url=base, headers=headers, timeout=10) for base in two_servers)

    def top(client):
        response = client.get(f"/api/v1/match/{job.pk}/top")
        assert response.status_code == 200, response.text
        return [m["candidate_id"] for m in response.json()["matches"]]

    assert top(one) == top(two) == [first.pk, second.pk]  # both processes have built their index

    response = one.patch(f"/api/v1/candidates/{second.pk}", json={"skills": ["rustlang", "k8s"]})
    assert response.status_code == 200, response.text
    assert top(two) == [second.pk, first.pk]

    assert two.delete(f"/api/v1/candidates/{second.pk}").status_code == 204
    assert top(one) == [first.pk]


def test_candidates_deleted_in_bulk_leave_the_ranking_through_their_tombstones(org_a, job, build_counter):
    keep = CandidateFactory(organization=org_a, skills=["Rust"])
    for _ in range(3):
        CandidateFactory(organization=org_a, skills=["Rust", "Kubernetes"])
    assert len(_top_ids(job)) == 4
    Candidate.objects.for_org(org_a).exclude(pk=keep.pk).delete()
    assert CandidateDeletion.objects.filter(organization_id=org_a.pk).count() == 3
    assert _top_ids(job) == [keep.pk]
    assert build_counter == [org_a.pk]


def test_the_periodic_reconciliation_catches_a_change_older_than_the_look_back(org_a, job, settings):
    settings.MATCHING_INDEX_RECONCILE_SECONDS = 0
    hidden = CandidateFactory(organization=org_a, skills=["Python"])
    _top_ids(job)
    Candidate.objects.filter(pk=hidden.pk).update(
        skill_ids=["rust", "kubernetes"], updated_at=timezone.now() - timezone.timedelta(days=1)
    )
    assert rank_candidates_for_job(job=job).matches[0]["skills_match"] == 100.0


def test_old_tombstones_are_purged_and_recent_ones_kept(org_a):
    CandidateFactory(organization=org_a).delete()
    CandidateDeletion.objects.create(
        organization_id=org_a.pk, candidate_id=999, deleted_at=timezone.now() - timezone.timedelta(days=2)
    )
    assert purge_candidate_deletions() == 1
    assert list(CandidateDeletion.objects.values_list("candidate_id", flat=True)) != [999]
    assert CandidateDeletion.objects.count() == 1
