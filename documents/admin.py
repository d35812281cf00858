from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from documents import services
from documents.errors import DocumentError
from documents.models import Chunk, Document


class ChunkInline(admin.TabularInline):
    model = Chunk
    fields = ("ordinal", "page", "text", "engine")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ("document_id", "doc_type", "owner", "status", "file_type", "pages_count", "chunks_count",
                    "embedding_engine", "job_status", "updated_at")
    list_filter = ("doc_type", "status", "file_type", "embedding_engine")
    search_fields = ("document_id", "title", "owner__email", "owner__username", "vector_id")
    readonly_fields = ("owner", "doc_type", "document_id", "client_user_id", "title", "file", "file_type",
                       "mime_type", "file_size", "text", "pages", "status", "error_code", "error_message",
                       "vector_id", "embedding_engine", "version", "job_link", "created_at", "updated_at")
    exclude = ("job",)
    inlines = [ChunkInline]
    actions = ["rerun", "reembed"]
    list_select_related = ("owner", "job")

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("pages"))
    def pages_count(self, obj: Document) -> int:
        return obj.page_count

    @admin.display(description=_("chunks"))
    def chunks_count(self, obj: Document) -> int:
        return obj.chunks.count()

    @admin.display(description=_("job status"))
    def job_status(self, obj: Document) -> str:
        return obj.job.status if obj.job else "—"

    @admin.display(description=_("last job"))
    def job_link(self, obj: Document):
        if not obj.job:
            return "—"
        url = reverse("admin:core_job_change", args=[obj.job.pk])
        return format_html('<a href="{}">{}</a> ({}, {}%) {}', url, obj.job.pk, obj.job.status, obj.job.progress,
                           obj.job.error_code)

    @admin.action(description=_("Re-run extraction and embedding"))
    def rerun(self, request, queryset):
        queued = embedded = 0
        for document in queryset.select_related("owner"):
            try:
                if document.file.name:
                    services.document_reingest(document=document)
                    queued += 1
                else:
                    services.document_store_text(owner=document.owner, doc_type=document.doc_type,
                                                 document_id=document.document_id, text=document.text)
                    embedded += 1
            except DocumentError as exc:
                self.message_user(request, f"{document}: {exc.message}", messages.ERROR)
        self.message_user(request, _("%(queued)d queued for OCR, %(embedded)d embedded again.")
                          % {"queued": queued, "embedded": embedded}, messages.SUCCESS)


    @admin.action(description=_("Re-embed with the current embedder (background job)"))
    def reembed(self, request, queryset):
        job = services.reembed_start(document_pks=list(queryset.values_list("pk", flat=True)), owner=request.user)
        self.message_user(request, _("Re-embedding job %(job)s queued; its progress is on the job record.")
                          % {"job": job.id}, messages.SUCCESS)


@admin.register(Chunk)
class ChunkAdmin(admin.ModelAdmin):
    list_display = ("id", "document", "owner", "doc_type", "ordinal", "page", "engine", "short_text")
    list_filter = ("doc_type", "engine")
    search_fields = ("text", "document__document_id")
    readonly_fields = ("document", "owner", "doc_type", "ordinal", "page", "text", "engine")
    exclude = ("embedding",)
    list_select_related = ("document", "owner")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return request.method in ("GET", "HEAD") and super().has_change_permission(request, obj)

    @admin.display(description=_("text"))
    def short_text(self, obj: Chunk) -> str:
        return obj.text[:80]
