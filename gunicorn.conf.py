"""gunicorn settings read from the working directory: what a worker does before it takes requests.

Command-line flags (`--workers`, `--bind`) still apply; docs/operations.md shows the full command.
"""

import logging

# The longest request line gunicorn takes (its default is 4094): a partner's list query with many
# filters, or a long search, reaches the app and gets its JSON answer instead of gunicorn's HTML 414.
# recruiting/api/schema.py publishes the same figure for the 414 gunicorn still answers past it.
limit_request_line = 8190


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
