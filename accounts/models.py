from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Upper
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
    # Access tokens issued (JWT `iat`) before this second are refused: set when the password changes.
    tokens_valid_after = models.DateTimeField(_("tokens valid after"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["id"]
        constraints = [
            # "Kim" and "kim" (or two spellings of one email) must not become two accounts
            models.UniqueConstraint(Upper("username"), name="accounts_user_username_ci_unique"),
            models.UniqueConstraint(Upper("email"), name="accounts_user_email_ci_unique"),
        ]

    @property
    def name(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs):
        # one spelling per address: lookups and the unique constraint agree
        self.email = self.email.strip().lower() if self.email else None
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return self.email or self.username


class ApiKey(models.Model):
    """A seed 001 API key. Only a SHA-256 hash is stored; the full key is shown once at creation."""

    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_keys", verbose_name=_("owner"))
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=16, help_text=_("The first characters of the key, to recognise it."))
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
