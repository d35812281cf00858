"""Celery application: settings come from Django (CELERY_* names)."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("config")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def _install_heartbeat() -> None:
    from core.heartbeat import JobSweep, WorkerHeartbeat

    app.steps["worker"].add(WorkerHeartbeat)
    app.steps["worker"].add(JobSweep)


_install_heartbeat()
