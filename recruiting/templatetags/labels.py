"""Codes in words on pages: `{{ candidate.source|source_label }}` reads "Job board", not "job_board"."""

from django import template

from recruiting.choices import source_label as _source_label

register = template.Library()


@register.filter
def source_label(value: str) -> str:
    return _source_label(value or "")
