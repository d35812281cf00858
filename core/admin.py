from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from core import services
from core.models import Job
from core.tasks import selfcheck_run_task


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("id", "kind", "owner", "status", "progress", "error_code", "created_at", "finished_at")
    list_filter = ("status", "kind")
    search_fields = ("id", "owner__email", "owner__username", "error_code")
    readonly_fields = [f.name for f in Job._meta.fields]
    actions = ["run_selfcheck"]

    @admin.action(description=_("Run worker self-check"))
    def run_selfcheck(self, request, queryset):
        job = services.job_create(kind="selfcheck", owner=request.user)
        services.job_enqueue(job=job, task=selfcheck_run_task)
        self.message_user(request, _("Self-check queued as %(id)s.") % {"id": job.id}, messages.SUCCESS)

    def has_add_permission(self, request):
        return False
