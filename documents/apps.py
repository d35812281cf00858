from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from core import uploads
        from core.selectors import register_task_renderer
        from documents import signals  # noqa: F401
        from documents.selectors import storage_used
        from documents.models import JOB_KIND

        uploads.register_usage(storage_used)
        register_task_renderer(JOB_KIND, completed_message="task_completed")
