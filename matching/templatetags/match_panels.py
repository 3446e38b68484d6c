"""Match panels that matching provides for the job and candidate pages of the core.

The core's pages `{% load match_panels %}` and render `{% job_matches %}` / `{% candidate_matches %}`,
so recruiting never imports matching: the dependency points from matching to the core.
"""

from django import template

from matching.services import rank_candidates_for_job, rank_jobs_for_candidate

register = template.Library()

TOP_MATCHES_ON_JOB_PAGE = 10
MATCHING_JOBS_ON_CANDIDATE_PAGE = 5


@register.inclusion_tag("matching/job_matches.html", takes_context=True)
def job_matches(context, job, can_change_pipeline=False):
    """Render the best candidates not yet in the job's pipeline."""
    ranking = rank_candidates_for_job(job=job, limit=TOP_MATCHES_ON_JOB_PAGE, exclude_in_pipeline=True)
    return {
        # The add-to-pipeline form returns to the page it was sent from.
        "request": context.get("request"),
        "job": job,
        "can_change_pipeline": can_change_pipeline,
        "top_matches": ranking.matches,
    }


@register.inclusion_tag("matching/candidate_matches.html")
def candidate_matches(candidate):
    """Render the open jobs that fit the candidate best."""
    return {"matching_jobs": rank_jobs_for_candidate(candidate=candidate, limit=MATCHING_JOBS_ON_CANDIDATE_PAGE)}
