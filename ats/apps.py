from django.apps import AppConfig


class AtsConfig(AppConfig):
    name = "ats"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from ats.api import schema  # noqa: F401 - registers the X-API-Key OpenAPI scheme
