from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A job seeker (or staff member). The profile fields are the "스펙" used by AI feedback."""

    class Gender(models.TextChoices):
        MALE = "male", _("Male")
        FEMALE = "female", _("Female")
        OTHER = "other", _("Other")

    email = models.EmailField(_("email"), unique=True, null=True, blank=True)
    full_name = models.CharField(_("name"), max_length=100, blank=True)
    age = models.PositiveSmallIntegerField(_("age"), null=True, blank=True)
    gender = models.CharField(_("gender"), max_length=10, choices=Gender.choices, blank=True)
    career_summary = models.TextField(_("career summary"), blank=True)
    certifications = models.TextField(_("certifications"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["id"]

    @property
    def name(self) -> str:
        return self.full_name

    def __str__(self) -> str:
        return self.email or self.username
