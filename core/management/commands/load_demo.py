"""Demo data for `make run`: a demo user with a resume, a posting and a cover letter.

Idempotent. Each app that stores demo content provides `<app>/demo.py` with
`load(*, user, texts: dict[str, str])`; this command calls them in app order.
"""
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from core.modules import app_submodules

DEMO_DIR = Path(__file__).resolve().parent.parent.parent / "demo_data"


def demo_texts() -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(DEMO_DIR.glob("*.txt"))}


class Command(BaseCommand):
    help = "Create (or refresh) the demo user and its documents."

    @transaction.atomic
    def handle(self, *args, **options):
        spec = settings.DEMO_USER
        user, created = get_user_model().objects.get_or_create(
            username=spec["username"],
            defaults={
                "email": spec["email"], "full_name": "김지원", "age": 28, "gender": "female",
                "career_summary": "백엔드 개발 3년 (Python/Django, 커머스 주문·결제)",
                "certifications": "정보처리기사, AWS SAA",
            },
        )
        if created:
            user.set_password(spec["password"])
            user.save(update_fields=["password"])
        texts = demo_texts()
        for module in app_submodules("demo"):
            module.load(user=user, texts=texts)
        self.stdout.write(f"demo user ready: {user.email}")
