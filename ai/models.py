from django.db import models
from django.utils.translation import gettext_lazy as _


class LLMUsage(models.Model):
    """One call to a model server (chat, stream, embeddings): tokens and latency, for cost and
    /api/stats. Written best-effort by ai.services.usage_record; a failed call has error_code."""

    capability = models.CharField(_("capability"), max_length=20, db_index=True)
    engine = models.CharField(_("engine"), max_length=20)
    model = models.CharField(_("model"), max_length=120)
    purpose = models.CharField(_("purpose"), max_length=80, blank=True)
    prompt_tokens = models.PositiveIntegerField(default=0)
    completion_tokens = models.PositiveIntegerField(default=0)
    total_tokens = models.PositiveIntegerField(default=0)
    latency_ms = models.PositiveIntegerField(default=0)
    error_code = models.CharField(_("error code"), max_length=50, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("model usage")
        verbose_name_plural = _("model usage")

    def __str__(self) -> str:
        return f"{self.capability} {self.model} {self.total_tokens} tokens"
