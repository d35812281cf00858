"""Uploaded or pasted documents, their extracted pages and their embedded chunks.

A Document is identified by the client's own id (`document_id`) within (owner, type), so a
re-submitted document replaces the earlier version in place. Its text is split into Chunks,
each with a pgvector embedding (HNSW, cosine) and a trigram index on the text for hybrid search.
"""
from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _
from pgvector.django import HnswIndex, VectorField

# HNSW build parameters, chosen with bench/bench_search.py (100 000 chunks, 384 dimensions: built
# after loading in ~80 s on 2 cores; recall@10 0.986 at ef_search 100).
JOB_KIND = "documents.ocr"  # the Job kind of an OCR + embedding run (polled on GET /ai/task/{id})
HNSW_M = 16
HNSW_EF_CONSTRUCTION = 64


class DocumentType(models.TextChoices):
    RESUME = "resume", _("Resume")
    PORTFOLIO = "portfolio", _("Portfolio")
    JOB_POSTING = "job_posting", _("Job posting")
    ATTACHMENT = "attachment", _("Attachment")


# The seed 000 `collection` each document type is stored in.
COLLECTIONS = {
    DocumentType.RESUME: "resumes",
    DocumentType.PORTFOLIO: "portfolios",
    DocumentType.JOB_POSTING: "postings",
    DocumentType.ATTACHMENT: "attachments",
}
TYPE_BY_COLLECTION = {collection: doc_type for doc_type, collection in COLLECTIONS.items()}


def document_upload_to(instance: "Document", filename: str) -> str:
    return f"documents/{instance.owner_id}/{filename}"


class Document(models.Model):
    class Status(models.TextChoices):
        PROCESSING = "processing", _("Processing")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    class FileType(models.TextChoices):
        NONE = "", _("Text")
        PDF = "pdf", _("PDF")
        IMAGE = "image", _("Image")

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="documents")
    doc_type = models.CharField(_("type"), max_length=20, choices=DocumentType.choices)
    document_id = models.CharField(_("document id"), max_length=200,
                                   help_text=_("The client's own id, unique per owner and type."))
    client_user_id = models.CharField(_("client user id"), max_length=200, blank=True,
                                      help_text=_("The user_id label the client sent; ownership comes from authentication."))
    title = models.CharField(_("title"), max_length=255, blank=True)
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=500, blank=True)
    file_type = models.CharField(_("file type"), max_length=10, choices=FileType.choices, blank=True)
    mime_type = models.CharField(_("MIME type"), max_length=100, blank=True)
    file_size = models.PositiveBigIntegerField(_("file size"), default=0)
    text = models.TextField(_("extracted text"), blank=True)
    # [{"page": 1, "text": "…", "source": "text"|"ocr", "width": w, "height": h,
    #   "words": [{"text": "…", "confidence": 0.93, "box": [x, y, w, h]}]}]
    pages = models.JSONField(_("pages"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.READY,
                              db_index=True)
    error_code = models.CharField(_("error code"), max_length=50, blank=True)
    error_message = models.TextField(_("error message"), blank=True)
    vector_id = models.CharField(_("vector id"), max_length=40, blank=True, db_index=True)
    embedding_engine = models.CharField(_("embedding engine"), max_length=20, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)
    job = models.ForeignKey("core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="documents",
                            verbose_name=_("last job"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.UniqueConstraint(fields=["owner", "doc_type", "document_id"], name="document_unique_client_id"),
        ]
        indexes = [models.Index(fields=["owner", "doc_type", "-updated_at"])]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} {self.document_id}"

    @property
    def collection(self) -> str:
        return COLLECTIONS[DocumentType(self.doc_type)]

    @property
    def display_name(self) -> str:
        return self.title or self.document_id

    @property
    def page_count(self) -> int:
        return len(self.pages or [])


class Chunk(models.Model):
    # Both foreign keys are covered by the composite indexes below.
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="chunks", db_index=False)
    # Denormalised from the document so every search filters by owner without a join.
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", db_index=False)
    doc_type = models.CharField(max_length=20, choices=DocumentType.choices)
    ordinal = models.PositiveIntegerField()
    page = models.PositiveIntegerField(null=True, blank=True)
    text = models.TextField()
    embedding = VectorField(dimensions=settings.EMBEDDING_DIM)
    # Vectors from different engines are not comparable; searches only compare like with like.
    engine = models.CharField(max_length=20, default="local")
    # The chunk's stemmed words (documents.text.index_words: 결제를 → 결제, payments → payment),
    # filled by every writer; the full-text index holds them next to the words as written.
    stems = models.TextField(default="", blank=True)
    # The `simple` configuration (no stemming of its own, works for Hangul); keyword search asks for
    # exact lexemes (query_terms are stemmed the same way), which the GIN index answers cheaply.
    search_vector = models.GeneratedField(expression=SearchVector("text", "stems", config="simple"),
                                          output_field=SearchVectorField(), db_persist=True)

    class Meta:
        ordering = ["document_id", "ordinal"]
        verbose_name = _("chunk")
        verbose_name_plural = _("chunks")
        constraints = [models.UniqueConstraint(fields=["document", "ordinal"], name="chunk_unique_ordinal")]
        indexes = [
            HnswIndex(name="chunk_embedding_hnsw", fields=["embedding"], m=HNSW_M,
                      ef_construction=HNSW_EF_CONSTRUCTION, opclasses=["vector_cosine_ops"]),
            GinIndex(name="chunk_text_trgm", fields=["text"], opclasses=["gin_trgm_ops"]),
            GinIndex(name="chunk_search_vector", fields=["search_vector"]),
            models.Index(fields=["owner", "doc_type"], name="chunk_owner_type"),
        ]

    def __str__(self) -> str:
        return f"{self.document_id}#{self.ordinal}"
