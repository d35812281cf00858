"""Celery tasks: end sessions whose time is up, render the session video."""
from __future__ import annotations

from celery import shared_task

from avatar import services, video
from avatar.models import AvatarSession
from config.celery import app
from core import services as jobs

SWEEP_SECONDS = 60.0


@shared_task(name="avatar.expire_session")
def expire_session(session_pk: int) -> str:
    """Scheduled with a countdown at creation; ends the session if it is still open and due."""
    session = AvatarSession.objects.filter(pk=session_pk).first()
    if session is None:
        return "gone"
    return services.session_expire_if_due(session=session).status


@shared_task(name="avatar.expire_due_sessions")
def expire_due_sessions() -> int:
    """Periodic sweep (celery beat): a safety net for countdowns lost with a broker restart."""
    return services.sessions_expire_due()


@app.on_after_finalize.connect
def _schedule(sender, **kwargs):
    sender.add_periodic_task(SWEEP_SECONDS, expire_due_sessions.s(), name="avatar: expire due sessions")


@shared_task(name="avatar.render_video", soft_time_limit=1800, time_limit=1900)
def render_video(job_id: str, session_pk: int) -> dict:
    def work(job) -> dict:
        name = video.render_session(session_pk=session_pk,
                                    progress=lambda p: jobs.job_progress(job_id=job_id, progress=p))
        services.video_store(session_pk=session_pk, name=name)
        return {"video": name}

    return jobs.run_claimed_job(job_id=job_id, work=work, error_code="AVATAR_ERROR",
                                on_failure=lambda job, code, message: services.video_failed(session_pk=session_pk))
