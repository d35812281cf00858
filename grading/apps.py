from django.apps import AppConfig


class GradingConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "grading"

    def ready(self) -> None:
        from core.health import Check, register
        from core.services import sweep_register
        from grading.services import submissions_sweep

        register(Check("sandbox", _sandbox_status, ttl=30.0))
        sweep_register(submissions_sweep)


def _sandbox_status() -> tuple[str, str]:
    """Grading refuses to run unconfined; /health says so when the sandbox cannot start."""
    from ai.status import DOWN, OPERATIONAL
    from grading.sandbox import health

    ok, reason = health()
    return (OPERATIONAL, "") if ok else (DOWN, reason)
