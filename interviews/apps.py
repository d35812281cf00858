from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterviewsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "interviews"
    verbose_name = _("Mock interviews")

    def ready(self) -> None:
        from core import uploads
        from interviews.services import storage_used

        uploads.register_usage(storage_used)  # recorded answers count against the user's quota
