"""A file sent for personal-data masking: the original (private, never changed), one preview
image per page, the items found, the boxes the user reviewed, and the masked file."""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class MaskedFile(models.Model):
    class Status(models.TextChoices):
        PROCESSING = "processing", _("Processing")
        READY = "ready", _("Ready for review")
        CONFIRMED = "confirmed", _("Confirmed")
        FAILED = "failed", _("Failed")

    class Mode(models.TextChoices):
        BLACK = "black", _("Black boxes")
        BLUR = "blur", _("Blur")

    class FileType(models.TextChoices):
        IMAGE = "image", _("Image")
        PDF = "pdf", _("PDF")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="masked_files")
    job = models.OneToOneField("core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="masked_file")
    document = models.ForeignKey("documents.Document", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="masked_files")
    title = models.CharField(_("title"), max_length=255, blank=True)
    file_type = models.CharField(_("file type"), max_length=10, choices=FileType.choices)
    mode = models.CharField(_("masking style"), max_length=10, choices=Mode.choices, default=Mode.BLACK)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PROCESSING,
                              db_index=True)
    folder = models.CharField(max_length=200, help_text="Private storage folder of this file's copies.")
    source_name = models.CharField(max_length=500, blank=True)
    source_mime = models.CharField(max_length=100, blank=True)
    masked_name = models.CharField(max_length=500, blank=True)
    stored_bytes = models.PositiveBigIntegerField(default=0)
    engine = models.CharField(_("engine"), max_length=20, blank=True)
    pages = models.JSONField(default=list, blank=True)  # [{page, width, height, image, source}]
    items = models.JSONField(default=list, blank=True)  # detected items (DetectedItem.as_dict)
    reviewed_boxes = models.JSONField(null=True, blank=True)  # [{page, box, type}] once confirmed
    error_code = models.CharField(max_length=50, blank=True)
    error_message = models.TextField(blank=True)
    seconds = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.title or self.pk} ({self.status})"

    @property
    def display_name(self) -> str:
        return self.title or f"#{self.pk}"

    @property
    def visible_items(self) -> list[dict]:
        return [item for item in self.items or [] if item.get("visible", True)]

    @property
    def hidden_items(self) -> list[dict]:
        return [item for item in self.items or [] if not item.get("visible", True)]
