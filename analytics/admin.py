from django.contrib import admin

from analytics.models import ProductEvent
from recruiting.admin import ReadOnlyScopedAdmin


@admin.register(ProductEvent)
class ProductEventAdmin(ReadOnlyScopedAdmin):
    list_display = ("event_type", "recorded_by", "occurred_at")
    search_fields = ("event_type",)
    list_filter = ("event_type",)
    date_hierarchy = "occurred_at"
