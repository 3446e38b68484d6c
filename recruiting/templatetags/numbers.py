"""Numbers and salaries in the reader's format: `{{ total|number }}`, `{{ job|salary_range }}`."""

from __future__ import annotations

from decimal import Decimal

from django import template

from recruiting.number_formats import active_number_format as active_format
from recruiting.number_formats import format_number, format_salary_range

register = template.Library()


@register.filter
def number(value: int | float | Decimal | None, decimal_places: int | None = None) -> str:
    """85000 as "85,000" (English) or "85.000" (German); "" for nothing."""
    if value is None or value == "":
        return ""
    try:
        return format_number(value, decimal_places=decimal_places)
    except (TypeError, ValueError):
        return str(value)


@register.filter
def salary_range(job) -> str:
    """The job's salary with its currency, "€85,000 – €110,000", or "" when none is set."""
    return format_salary_range(job.salary_min, job.salary_max, job.salary_currency)


@register.simple_tag
def active_number_format() -> str:
    """The request's number format ("de"), for page scripts that write numbers themselves."""
    return active_format()
