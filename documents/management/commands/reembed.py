"""`manage.py reembed`: re-embed stored chunks with the current embedder (LOCAL_EMBEDDER / AI_ENGINE)
as a background job, printing its progress; `--inline` runs the job in this process."""
import time

from django.core.management.base import BaseCommand

from core.models import Job
from documents import services
from documents.models import Chunk


class Command(BaseCommand):
    help = "Re-embed stored document chunks with the current embedder, as a background job with progress."

    def add_arguments(self, parser):
        parser.add_argument("--inline", action="store_true", help="run the job here instead of in a Celery worker")
        parser.add_argument("--no-wait", action="store_true", help="queue the job and return at once")

    def handle(self, *args, inline=False, no_wait=False, **options):
        from ai import embeddings

        target = embeddings.space()
        stale = Chunk.objects.exclude(engine=target).count()
        self.stdout.write(f"embedder: {embeddings.model_name()} (space {target}); chunks to re-embed: {stale}")
        if inline:
            from core import services as core_services

            job = core_services.job_create(kind=services.REEMBED_KIND, params={})
            services.chunks_reembed(job_id=job.id)
        else:
            job = services.reembed_start()
        self.stdout.write(f"job {job.id}")
        if no_wait:
            return
        last = -1
        while True:
            job.refresh_from_db()
            if job.progress != last:
                self.stdout.write(f"progress: {job.progress}%")
                last = job.progress
            if job.status in (Job.Status.COMPLETED, Job.Status.FAILED):
                break
            time.sleep(0.5)
        self.stdout.write(f"{job.status}: {job.result or job.error_message}")
