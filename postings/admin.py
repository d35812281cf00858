from django.contrib import admin

from postings.models import JobPosting, ResumeMatch


@admin.register(JobPosting)
class JobPostingAdmin(admin.ModelAdmin):
    list_display = ["id", "title", "company", "position", "owner", "source", "created_at"]
    list_filter = ["source"]
    search_fields = ["title", "company", "position", "owner__email", "owner__username"]
    raw_id_fields = ["owner", "document"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(ResumeMatch)
class ResumeMatchAdmin(admin.ModelAdmin):
    list_display = ["id", "owner", "posting", "score", "grade", "engine", "created_at"]
    list_filter = ["engine", "grade"]
    raw_id_fields = ["owner", "posting", "resume"]
