"""Matching's rows in the Django admin, scoped to the staff user's organization like every other."""

from django.contrib import admin

from matching.models import MatchingProfile
from recruiting.admin import OrganizationScopedAdmin


@admin.register(MatchingProfile)
class MatchingProfileAdmin(OrganizationScopedAdmin):
    list_display = ("user", "experience_years", "updated_at")
    search_fields = ("user__email",)
    list_select_related = ("user",)
    raw_id_fields = ("user",)
