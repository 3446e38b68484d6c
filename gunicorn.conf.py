"""gunicorn settings read from the working directory: how a worker serves requests and what it does
before it takes them.

Command-line flags (`--workers`, `--bind`) still apply; docs/operations.md shows the full command.
"""

import logging
import os

# Threaded workers: a request spends most of its time waiting on PostgreSQL and Redis, and a sync
# worker's core idles meanwhile (and it closes every client connection after one request). With
# 2 workers of GUNICORN_THREADS threads each, `make stress` served about twice the requests of 2
# sync workers on this 2-core machine (docs/operations.md "Under load").
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A threaded worker keeps client connections open between requests. It must not close one that the
# client (the TLS proxy, or locust in `make stress`) is about to reuse: with the default 2 s, a POST
# sent as the idle connection closed failed (HTTPConnectionClosed) on a loaded machine. Longer
# than nginx's 60 s upstream keep-alive, so the proxy always closes first.
keepalive = 75


def post_worker_init(worker):
    """Build the match indexes of the largest organizations (MATCHING_WARM_ORGANIZATIONS) in this
    worker before it accepts a request, so no first ranking pays for a 100,000-candidate build."""
    from django.conf import settings

    if not settings.MATCHING_WARM_ORGANIZATIONS:
        return
    from django.db import DatabaseError, connections

    from matching.services import warm_indexes

    try:
        warmed = warm_indexes()
    except DatabaseError:  # not migrated yet, or the database is down: rankings build on demand
        logging.getLogger("matching").warning("match indexes not warmed: the database did not answer")
        return
    finally:
        connections.close_all()
    worker.log.info(
        "warmed the match indexes of %d organizations (%d candidates) in %.0f ms",
        warmed.organizations,
        warmed.candidates,
        warmed.seconds * 1000,
    )
