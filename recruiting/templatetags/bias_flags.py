"""Template filters that name bias categories in the recruiter's words."""

from django import template

from recruiting.bias import CATEGORY_LABELS

register = template.Library()


@register.filter
def bias_category_label(category: str) -> str:
    """Return the page label of a stored flag's category (older flags carry only the code)."""
    return CATEGORY_LABELS.get(category, category.replace("_", " ").capitalize())
