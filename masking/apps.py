from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MaskingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "masking"
    verbose_name = _("Privacy masking")

    def ready(self) -> None:
        from core import uploads
        from masking import errors  # noqa: F401 - registers masking_failed (5003) with the seed 000 codes
        from masking import services
        from masking.api.results import register

        uploads.register_usage(services.usage)
        register()
