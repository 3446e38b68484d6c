from django.apps import AppConfig


class RecruitingConfig(AppConfig):
    name = "recruiting"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from recruiting.api.json_types import refuse_loosely_typed_json

        refuse_loosely_typed_json()
