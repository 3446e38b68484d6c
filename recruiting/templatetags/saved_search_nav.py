"""The sidebar's saved searches: the signed-in user's own and their team's shared ones, with counts."""

from django import template
from django.http import QueryDict

from recruiting import saved_searches

register = template.Library()

# The sidebar shows this many; counting each is one cheap query or a cached estimate.
SIDEBAR_LIMIT = 8


@register.inclusion_tag("recruiting/includes/saved_search_nav.html", takes_context=True)
def saved_search_nav(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.organization_id is None:
        return {"searches": []}
    current = ""
    if request.resolver_match and request.resolver_match.view_name == "recruiting:candidate-list":
        current = saved_searches.clean_query(request.GET.urlencode())
    rows = []
    for saved in saved_searches.visible_saved_searches(user=user)[:SIDEBAR_LIMIT]:
        count, estimated = saved_searches.saved_search_count(organization=user.organization, saved_search=saved)
        rows.append(
            {
                "search": saved,
                "count": count,
                "estimated": estimated,
                "current": current and current == saved_searches.clean_query(QueryDict(saved.query).urlencode()),
                "mine": saved.owner_id == user.pk,
            }
        )
    return {"searches": rows, "request": request, "csrf_token": context.get("csrf_token")}
