"""Chunk.stems: the stemmed words of each chunk, indexed with the text so keyword search asks for
exact lexemes instead of prefix queries (a prefix makes the GIN index gather every row of every
word it starts)."""
import django.contrib.postgres.indexes
import django.contrib.postgres.search
from django.db import migrations, models

from documents.text import index_words

BATCH = 2000


def backfill(apps, schema_editor):
    Chunk = apps.get_model("documents", "Chunk")
    last = 0
    while True:
        batch = list(Chunk.objects.filter(pk__gt=last).order_by("pk").only("pk", "text")[:BATCH])
        if not batch:
            return
        for chunk in batch:
            chunk.stems = index_words(chunk.text)
        Chunk.objects.bulk_update(batch, ["stems"])
        last = batch[-1].pk


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0002_chunk_search_vector'),
    ]

    operations = [
        migrations.AddField(
            model_name='chunk',
            name='stems',
            field=models.TextField(blank=True, default=''),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        # A generated column's expression cannot be altered: drop and add it again (with its index).
        migrations.RemoveIndex(model_name='chunk', name='chunk_search_vector'),
        migrations.RemoveField(model_name='chunk', name='search_vector'),
        migrations.AddField(
            model_name='chunk',
            name='search_vector',
            field=models.GeneratedField(db_persist=True, expression=django.contrib.postgres.search.SearchVector('text', 'stems', config='simple'), output_field=django.contrib.postgres.search.SearchVectorField()),
        ),
        migrations.AddIndex(
            model_name='chunk',
            index=django.contrib.postgres.indexes.GinIndex(fields=['search_vector'], name='chunk_search_vector'),
        ),
    ]
