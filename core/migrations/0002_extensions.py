from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations
from pgvector.django import VectorExtension


class Migration(migrations.Migration):
    """pgvector for embeddings and pg_trgm for fuzzy text search (apps depend on this)."""

    dependencies = [("core", "0001_initial")]
    operations = [VectorExtension(), TrigramExtension()]
