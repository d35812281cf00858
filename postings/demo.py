"""Demo data: the demo user's saved posting (core/demo_data/posting.txt), analysed. Idempotent."""
from ai.nlp.text import clean as normalize
from postings import services
from postings.models import JobPosting
from postings.selectors import demo_posting


def load(*, user, texts: dict[str, str]) -> JobPosting | None:
    text = texts.get("posting", "").strip()
    if not text:
        return None
    existing = demo_posting(user)
    if existing is not None:
        if normalize(existing.original_text).strip() != normalize(text).strip():
            existing.original_text = normalize(text).strip()
            existing.save(update_fields=["original_text", "updated_at"])
            services.posting_reanalyze(posting=existing)
        return existing
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), "채용 공고")
    return services.posting_create(owner=user, text=text, title=f"[데모] {first_line}"[:255])
