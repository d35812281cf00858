"""Demo data: the demo user's resume, stored and embedded like a pasted document."""
from documents.models import Document
from documents.services import document_store_text


def load(*, user, texts: dict[str, str]) -> None:
    text = texts.get("resume", "")
    if not text.strip():
        return
    existing = Document.objects.filter(owner=user, doc_type="resume", document_id="demo_resume").first()
    if existing and existing.text.strip() == text.strip() and existing.chunks.exists():
        return  # already loaded with this text: keep the same vector_id
    document_store_text(owner=user, doc_type="resume", document_id="demo_resume", text=text,
                        title="이력서 (데모)", client_user_id=str(user.pk))
