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
        from core.selectors import register_task_renderer
        from masking.api.results import masking_result

        uploads.register_usage(services.usage)
        register_task_renderer(services.JOB_KIND, completed_message="masking_completed", result=masking_result)
