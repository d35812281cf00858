"""Demo data: the demo user's cover letter (core/demo_data/cover_letter.txt) for the demo posting,
with its feedback. Idempotent: an unchanged letter is left alone, a changed one becomes a new version."""
from ai.nlp.text import clean as normalize
from coverletters import services
from coverletters.models import CoverLetter
from postings.selectors import demo_posting

DEMO_TITLE = "[데모] 카카오페이 결제 플랫폼 자기소개서"


def load(*, user, texts: dict[str, str]) -> CoverLetter | None:
    content = texts.get("cover_letter", "").strip()
    if not content:
        return None
    posting = demo_posting(user)  # postings' demo data is loaded first (app order)
    letter = CoverLetter.objects.filter(owner=user, title=DEMO_TITLE).order_by("id").first()
    if letter is None:
        return services.letter_create(owner=user, content=content, job_posting=posting, title=DEMO_TITLE)
    if normalize(letter.content).strip() != normalize(content).strip() or letter.job_posting_id != (posting.pk if posting else None):
        services.letter_update(letter=letter, content=content, job_posting=posting)
    return letter
