"""Keep each chunk's vector in its row (storage MAIN) and let the text, stems and search vector go
to TOAST first. pgvector's default (EXTERNAL) moved the 1.5 kB vector out of any row over 2 kB, as
text plus stems now make most of them: every exact-search distance then read a TOAST row, and the
thinner heap made the planner prefer a sequential scan to the HNSW index."""
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('documents', '0003_chunk_stems'),
    ]

    operations = [
        migrations.RunSQL("ALTER TABLE documents_chunk ALTER COLUMN embedding SET STORAGE MAIN",
                          "ALTER TABLE documents_chunk ALTER COLUMN embedding SET STORAGE EXTERNAL"),
    ]
