from django.apps import AppConfig


class AtsConfig(AppConfig):
    name = "ats"
    default_auto_field = "django.db.models.BigAutoField"
