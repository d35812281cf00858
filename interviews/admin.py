from django.contrib import admin

from interviews.models import InterviewSession, InterviewTurn


class TurnInline(admin.TabularInline):
    model = InterviewTurn
    extra = 0
    fields = ("order", "question", "is_followup", "kind", "answer_source", "answered_at", "evaluation_status")
    readonly_fields = fields
    show_change_link = True


@admin.register(InterviewSession)
class InterviewSessionAdmin(admin.ModelAdmin):
    list_display = ("id", "owner", "source", "interview_type", "language", "status", "total_score", "grade",
                    "engine", "created_at")
    list_filter = ("source", "interview_type", "language", "status", "engine")
    search_fields = ("user__username", "user__email", "position", "client_session_id", "room_id")
    raw_id_fields = ("owner", "posting", "cover_letter", "resume", "report_job")
    readonly_fields = ("created_at", "updated_at", "completed_at")
    inlines = [TurnInline]


@admin.register(InterviewTurn)
class InterviewTurnAdmin(admin.ModelAdmin):
    list_display = ("id", "session", "order", "is_followup", "kind", "answer_source", "evaluation_status", "answered_at")
    list_filter = ("is_followup", "answer_source", "evaluation_status")
    raw_id_fields = ("session",)
    search_fields = ("question", "answer_text")
