"""Prepare the offline models so first use is fast: joins the split Whisper base once and builds
the portable multilingual-e5 engine where the shipped one cannot run."""
from django.core.management.base import BaseCommand

from ai import e5
from ai.models_store import ensure_models


class Command(BaseCommand):
    help = "Assemble and verify the packaged offline models under MODELS_DIR."

    def handle(self, *args, **options):
        for model in ensure_models():
            self.stdout.write(f"{model.name}: {model.path} ({model.languages})")
        e5.prepare(verbose=True)
