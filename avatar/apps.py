from django.apps import AppConfig


class AvatarConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "avatar"
