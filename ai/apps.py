from django.apps import AppConfig
from django.core import checks


class AiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ai"

    def ready(self) -> None:
        checks.register(_check_providers)


def _check_providers(app_configs, **kwargs):
    from ai import providers

    return [checks.Error(problem, id="ai.E001") for problem in providers.configuration_problems()]
