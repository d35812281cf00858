"""The database is PostgreSQL with pgvector and pg_trgm, and HNSW indexes are used."""
import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_vector_column_round_trips_and_hnsw_index_is_used():
    with connection.cursor() as cur:
        cur.execute("SELECT extname FROM pg_extension WHERE extname IN ('vector', 'pg_trgm') ORDER BY 1")
        assert [row[0] for row in cur.fetchall()] == ["pg_trgm", "vector"]
        cur.execute("CREATE TEMP TABLE probe (id serial PRIMARY KEY, embedding vector(3))")
        cur.execute("INSERT INTO probe (embedding) SELECT ARRAY[random(), random(), random()]::vector"
                    " FROM generate_series(1, 2000)")
        cur.execute("INSERT INTO probe (embedding) VALUES ('[0.25,-0.5,1]') RETURNING id")
        probe_id = cur.fetchone()[0]
        cur.execute("SELECT embedding::text FROM probe WHERE id = %s", [probe_id])
        assert cur.fetchone()[0] == "[0.25,-0.5,1]"
        cur.execute("CREATE INDEX probe_hnsw ON probe USING hnsw (embedding vector_cosine_ops)")
        cur.execute("ANALYZE probe")
        cur.execute("SET LOCAL enable_seqscan = off")
        query = "SELECT id FROM probe ORDER BY embedding <=> '[0.25,-0.5,1]' LIMIT 5"
        cur.execute("EXPLAIN " + query)
        plan = "\n".join(row[0] for row in cur.fetchall())
        assert "probe_hnsw" in plan
        cur.execute(query)
        assert cur.fetchone()[0] == probe_id


def test_trigram_similarity_available():
    with connection.cursor() as cur:
        cur.execute("SELECT similarity('백엔드 개발자', '백엔드 개발')")
        assert cur.fetchone()[0] > 0.5
