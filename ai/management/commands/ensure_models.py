"""Prepare the offline speech models (joins the split Whisper base once) so first use is fast."""
from django.core.management.base import BaseCommand

from ai.models_store import ensure_models


class Command(BaseCommand):
    help = "Assemble and verify the packaged offline speech models under MODELS_DIR."

    def handle(self, *args, **options):
        for model in ensure_models():
            self.stdout.write(f"{model.name}: {model.path} ({model.languages})")
