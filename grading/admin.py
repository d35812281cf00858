from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from grading import models, services


class TestCaseInline(admin.TabularInline):
    model = models.TestCase
    extra = 1


@admin.register(models.ProblemSpec)
class ProblemSpecAdmin(admin.ModelAdmin):
    list_display = ("problem", "version", "time_limit_ms", "memory_limit_mb", "created_at")
    list_filter = ("problem",)
    inlines = [TestCaseInline]


class ProblemSpecInline(admin.StackedInline):
    model = models.ProblemSpec
    extra = 0
    show_change_link = True
    fields = ("version", "time_limit_ms", "memory_limit_mb", "languages")
    readonly_fields = fields


@admin.register(models.Problem)
class ProblemAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "difficulty", "techniques")
    search_fields = ("title", "title_en", "slug")
    prepopulated_fields = {"slug": ("title_en",)}
    inlines = [ProblemSpecInline]


@admin.register(models.Exam)
class ExamAdmin(admin.ModelAdmin):
    list_display = ("title", "starts_at", "ends_at")
    filter_horizontal = ("problems",)


@admin.register(models.ExamParticipant)
class ExamParticipantAdmin(admin.ModelAdmin):
    list_display = ("exam", "user", "joined_at")
    raw_id_fields = ("user",)


class PromptMessageInline(admin.TabularInline):
    model = models.PromptMessage
    extra = 0
    readonly_fields = ("turn", "role", "content", "token_count", "total_after", "intent", "engine")


@admin.register(models.ExamSession)
class ExamSessionAdmin(admin.ModelAdmin):
    list_display = ("id", "participant", "problem", "spec", "status", "total_tokens")
    inlines = [PromptMessageInline]


class TestResultInline(admin.TabularInline):
    model = models.TestResult
    extra = 0
    readonly_fields = ("ordinal", "is_sample", "verdict", "time_ms", "memory_kb", "exit_code", "message")
    exclude = ("test",)


@admin.register(models.Submission)
class SubmissionAdmin(admin.ModelAdmin):
    list_display = ("submission_id", "session", "language", "status", "verdict", "passed", "total", "created_at")
    list_filter = ("status", "verdict", "language")
    inlines = [TestResultInline]
    actions = ["regrade"]

    @admin.action(description=_("Grade again"))
    def regrade(self, request, queryset):
        for submission in queryset:
            services.submission_regrade(submission=submission)
        self.message_user(request, _("%(n)d submission(s) queued for grading.") % {"n": queryset.count()})


@admin.register(models.Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("submission", "score", "correctness", "code_quality", "ai_usage")
