from django.contrib import admin

from coverletters.models import CoverLetter, CoverLetterVersion


class VersionInline(admin.TabularInline):
    model = CoverLetterVersion
    extra = 0
    fields = ["number", "created_at"]
    readonly_fields = ["number", "created_at"]
    can_delete = False


@admin.register(CoverLetter)
class CoverLetterAdmin(admin.ModelAdmin):
    list_display = ["id", "title", "owner", "job_posting", "version", "updated_at"]
    search_fields = ["title", "content", "owner__email", "owner__username"]
    raw_id_fields = ["owner", "job_posting", "document"]
    inlines = [VersionInline]
