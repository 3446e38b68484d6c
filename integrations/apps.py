from django.apps import AppConfig


class IntegrationsConfig(AppConfig):
    name = "integrations"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from integrations import checks  # noqa: F401 - registers the start-up checks
        from integrations.services.erasure import erase_person
        from recruiting.lifecycle import register_erasure_handler

        # The core's erasure reaches the person's copies here without importing integrations.
        register_erasure_handler(erase_person)
