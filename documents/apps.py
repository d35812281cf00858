from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from core import uploads
        from documents import signals  # noqa: F401
        from documents.selectors import storage_used

        uploads.register_usage(storage_used)
