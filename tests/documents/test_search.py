"""Hybrid retrieval: the right passage for Korean and English questions, never another user's
chunks, filters, and a query plan that walks the HNSW index once there is enough data."""
from __future__ import annotations

import numpy as np
import pytest
from django.db import connection, transaction

from ai import embeddings
from documents import selectors
from documents.models import Chunk, Document
from documents.services import document_store_text
from tests.documents.corpus import DOCUMENTS, OTHER_USER_DOCUMENT, QUESTIONS, bulk_load_chunks
from tests.factories import make_user


@pytest.fixture(scope="module")
def corpus(django_db_setup, django_db_blocker):
    """22 documents for one user and a look-alike document for another, stored once per module."""
    with django_db_blocker.unblock():
        owner, other = make_user(), make_user()
        for (doc_type, document_id), text in DOCUMENTS.items():
            document_store_text(owner=owner, doc_type=doc_type, document_id=document_id, text=text)
        (doc_type, document_id), text = OTHER_USER_DOCUMENT
        document_store_text(owner=other, doc_type=doc_type, document_id=document_id, text=text)
    yield owner, other
    with django_db_blocker.unblock():
        owner.delete()
        other.delete()


def test_fixture_set_is_big_enough(db, corpus):
    owner, _other = corpus
    assert Document.objects.filter(owner=owner).count() >= 20
    assert len(QUESTIONS) >= 20
    assert any(q for q, _d, _p in QUESTIONS if q.isascii()) and any(q for q, _d, _p in QUESTIONS if not q.isascii())


@pytest.mark.parametrize("question,document_id,phrase", QUESTIONS, ids=[q for q, _d, _p in QUESTIONS])
def test_hybrid_search_finds_the_right_passage(db, corpus, question, document_id, phrase):
    owner, _other = corpus
    passages = selectors.search(user=owner, query=question, k=5)
    assert passages, question
    top = passages[0]
    assert (top.document_id, phrase in top.text) == (document_id, True), [(p.document_id, p.text[:40]) for p in passages]
    assert top.score >= passages[-1].score
    assert -1.0 <= top.vector_score <= 1.0 and top.text_score >= 0
    assert top.doc_type == Document.objects.get(owner=owner, document_id=document_id).doc_type


def test_a_question_nothing_answers_returns_nothing(db, corpus):
    owner, _other = corpus
    assert selectors.search(user=owner, query="블록체인 스마트 컨트랙트 감사", k=5) == []
    assert selectors.search(user=owner, query="quantum annealing hardware", k=5) == []


def test_search_never_crosses_owners(db, corpus):
    owner, other = corpus
    own_chunks = set(Chunk.objects.filter(owner=owner).values_list("pk", flat=True))
    other_chunks = set(Chunk.objects.filter(owner=other).values_list("pk", flat=True))
    for question, _doc, _phrase in QUESTIONS:
        ids = {p.chunk_id for p in selectors.search(user=owner, query=question, k=10)}
        assert ids <= own_chunks
    # The other user's look-alike resume answers their own searches, and only theirs.
    passages = selectors.search(user=other, query="중복 결제를 어떻게 막았나요?", k=10)
    assert passages and {p.chunk_id for p in passages} <= other_chunks
    assert "다른 사용자의 이력서" in passages[0].text
    mine = selectors.search(user=owner, query="다른 사용자의 이력서", k=10)
    assert all("다른 사용자의" not in p.text for p in mine)


def test_filters_by_type_and_document(db, corpus):
    owner, _other = corpus
    postings = selectors.search(user=owner, query="operate Kubernetes clusters", types=["job_posting"], k=10)
    assert postings and {p.doc_type for p in postings} == {"job_posting"}
    assert postings[0].document_id == "posting_coupang_sre"
    only = selectors.search(user=owner, query="Kubernetes", document_ids=["resume_english_jones"], k=10)
    assert only and {p.document_id for p in only} == {"resume_english_jones"}
    assert selectors.search(user=owner, query="Kubernetes", document_ids=["no_such_document"]) == []
    assert selectors.search(user=owner, query="Kubernetes", types=["not_a_type"]) == []
    assert selectors.search(user=owner, query="   ") == []
    assert selectors.search(user=owner, query="★ ※ …") == []  # no words: no NaN distances, no noise


def test_keyword_leg_answers_when_embeddings_are_down(db, corpus, monkeypatch):
    from ai.errors import EmbeddingError

    def down(*args, **kwargs):
        raise EmbeddingError("EMBEDDING_CONNECTION", "provider down", retryable=True)

    monkeypatch.setattr(embeddings, "embed_query", down)
    owner, _other = corpus
    passages = selectors.search(user=owner, query="Istio service mesh", k=3)
    assert passages and passages[0].document_id == "posting_coupang_sre" and passages[0].vector_score == 0.0


def test_vectors_from_another_engine_are_not_compared(db, corpus):
    owner, _other = corpus
    question = "learning to rank model click-through rate"
    with connection.cursor() as cursor:
        where, params = selectors._filters(user=owner, types=None, document_pks=None)
        vector = selectors._vector_literal(embeddings.embed_query(question))
        assert selectors.vector_candidates(cursor, where=where, params=params, query_vector=vector, engine="local")
        assert selectors.vector_candidates(cursor, where=where, params=params, query_vector=vector,
                                           engine="openai") == []


ARCHIVE_TOPICS = ["주간 회의록", "팀 회고", "코드 리뷰 메모", "sprint notes", "release checklist", "온보딩 자료",
                  "incident timeline", "기술 블로그 초안", "study notes", "채용 설명회 후기"]
ARCHIVE_WORDS = ["일정", "담당자", "결정", "후속 조치", "deadline", "owner", "action item", "공유", "정리", "feedback",
                 "리스크", "우선순위", "회고", "demo", "budget", "문서화", "테스트", "배포 일정", "follow-up", "요약"]


def _archive_texts(count: int) -> list[str]:
    """Everyday notes unrelated to the questions, shaped like real chunks (not random vectors)."""
    rng = np.random.default_rng(7)
    return [f"{ARCHIVE_TOPICS[i % len(ARCHIVE_TOPICS)]} {i}: "
            + " ".join(rng.choice(ARCHIVE_WORDS, size=12)) for i in range(count)]


def test_small_collections_are_searched_exactly(db, corpus):
    """Up to SMALL_SCOPE chunks the vector list is exact: the same order as brute force."""
    owner, _other = corpus
    chunks = list(Chunk.objects.filter(owner=owner).values_list("pk", "embedding"))
    ids = np.asarray([pk for pk, _ in chunks])
    matrix = np.asarray([np.asarray(vector, dtype=np.float64) for _, vector in chunks])
    where, params = selectors._filters(user=owner, types=None, document_pks=None)
    for question, _doc, _phrase in QUESTIONS[:8]:
        query = np.asarray(embeddings.embed_query(question))
        expected = list(ids[np.argsort(-(matrix @ query), kind="stable")][:10])
        with transaction.atomic(), connection.cursor() as cursor:
            assert selectors.scope_size(cursor, where=where, params=params) <= selectors.SMALL_SCOPE
            hits = selectors.vector_candidates(cursor, where=where, params=params, engine="local", limit=10,
                                               query_vector=selectors._vector_literal(query), exact=True)
            cursor.execute("EXPLAIN " + selectors.vector_sql(where, 10, exact=True),
                           [selectors._vector_literal(query), *params, "local"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert [pk for pk, _ in hits] == expected
        assert "chunk_embedding_hnsw" not in plan


def _plan(sql: str, params: list) -> str:
    with connection.cursor() as cursor:
        selectors._set_search_params(cursor, selectors.EF_SEARCH)
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_query_plan_uses_the_hnsw_index(db):
    """With thousands of chunks for a user the planner walks the HNSW index (no planner switches
    are touched), and the hybrid search still returns the right passages through it."""
    owner = make_user()
    for (doc_type, document_id), text in list(DOCUMENTS.items()):
        document_store_text(owner=owner, doc_type=doc_type, document_id=document_id, text=text)
    archive = document_store_text(owner=owner, doc_type="attachment", document_id="archive", text="archive")
    texts = _archive_texts(6000)
    bulk_load_chunks(archive, texts, embeddings.embed(texts, engine="local"), start=1)
    question = "쿠버네티스 클러스터 운영 경험"
    where, params = selectors._filters(user=owner, types=None, document_pks=None)
    vector = selectors._vector_literal(embeddings.embed_query(question))
    plan = _plan(selectors.vector_sql(where, selectors.VECTOR_CANDIDATES), [vector, *params, "local", vector])
    assert "Index Scan using chunk_embedding_hnsw" in plan, plan
    assert "Seq Scan" not in plan, plan
    passages = selectors.search(user=owner, query=question, k=3)
    assert passages[0].document_id == "resume_devops_lee"
    passages = selectors.search(user=owner, query="How did Emily reduce checkout latency?", k=3)
    assert passages[0].document_id == "resume_english_jones"
    # The keyword leg finds its candidates through the full-text GIN index (this collection is
    # past SMALL_SCOPE, so the table-wide index is the right path).
    terms = ["쿠버네티스", "운영"]
    full_plan = _plan(selectors.full_text_sql(where, 2, "&&", 50, small=False), [*params, *terms, *terms, *terms])
    assert "chunk_search_vector" in full_plan, full_plan
    # Exact lexemes (the chunks' stems are indexed), never prefix terms: a prefix makes the GIN
    # index gather every row of every word that starts with it.
    assert "'쿠버네티스'" in full_plan and ":*" not in full_plan, full_plan
    any_plan = _plan(selectors.full_text_sql(where, 2, "||", 50, small=False), [*params, *terms, *terms, *terms])
    assert "chunk_search_vector" in any_plan and ":*" not in any_plan, any_plan
    # Words in a large share of the chunks (each archive word is in about half of them) are not
    # looked up in the index, only ranked; when every word is that common, the rarest is.
    selectors._TERM_STATS.clear()  # read the statistics of the ANALYZE above
    with connection.cursor() as cursor:
        assert selectors.index_terms(cursor, ["쿠버네티스", "일정", "담당자"]) == ["쿠버네티스"]
        assert selectors.index_terms(cursor, ["일정", "담당자"]) == []
        # Then the keywords rank the vector candidates only.
        ids = list(Chunk.objects.filter(owner=owner).order_by("-pk").values_list("pk", flat=True)[:30])
        ranked, _fuzzy = selectors.text_candidates(cursor, where=where, params=params, terms=["일정", "담당자"],
                                                   small=False, within=ids)
        assert ranked and set(ranked) <= set(ids)
    terms = ["쿠버네티스", "일정"]
    rare_plan = _plan(selectors.full_text_sql(where, 2, "||", 50, small=False, n_match=1),
                      [*params, "쿠버네티스", *terms, *terms])
    index_conds = [line for line in rare_plan.splitlines() if "Index Cond" in line and "search_vector" in line]
    assert index_conds and all("'쿠버네티스'" in line and "일정" not in line for line in index_conds), rare_plan
    with connection.cursor() as cursor:
        assert selectors.scope_size(cursor, where=where, params=params) > selectors.SMALL_SCOPE


def test_hnsw_recall_at_10_against_exact_search(db):
    """A user past SMALL_SCOPE is searched through the HNSW graph (ef_search EF_SEARCH, iterative
    scan): its top 10 must hold at least 95 % of the exact top 10 (bench_search.py: 100 000 chunks)."""
    owner = make_user()
    archive = document_store_text(owner=owner, doc_type="attachment", document_id="archive", text="archive")
    texts = _archive_texts(4000)
    bulk_load_chunks(archive, texts, embeddings.embed(texts, engine="local"), start=1)
    where, params = selectors._filters(user=owner, types=None, document_pks=None)
    questions = [text[: 40 + i % 40] for i, text in enumerate(_archive_texts(4000)[::100])]
    recalls = []
    with connection.cursor() as cursor:
        selectors._set_search_params(cursor, selectors.EF_SEARCH)
        for question in questions:
            vector = selectors._vector_literal(embeddings.embed_query(question))
            approximate = selectors.vector_candidates(cursor, where=where, params=params, query_vector=vector,
                                                      engine="local", limit=10)
            exact = selectors.vector_candidates(cursor, where=where, params=params, query_vector=vector,
                                                engine="local", limit=10, exact=True)
            recalls.append(len({i for i, _ in approximate} & {i for i, _ in exact}) / 10)
    assert len(recalls) == 40
    assert float(np.mean(recalls)) >= 0.95, recalls
    plan = _plan(selectors.vector_sql(where, 10), [vector, *params, "local", vector])
    assert "Index Scan using chunk_embedding_hnsw" in plan, plan
