"""Reads on documents, above all hybrid retrieval over a user's chunks.

`search()` fuses three ranked lists by weighted reciprocal rank (RRF, k=60):
  * vector: cosine distance (`<=>`), top VECTOR_CANDIDATES, through the HNSW index for large
    collections and exactly (owner index, every distance) up to SMALL_SCOPE chunks;
  * full text: the question's stemmed content words as exact lexemes on the `simple` tsvector of
    each chunk's words and stems (GIN), chunks holding more of the words first, then ts_rank_cd,
    top TEXT_CANDIDATES; in large collections only words in under COMMON_TERM_FREQUENCY of the
    chunks are looked up in the index (all words rank), and a question of common words only ranks
    the vector candidates;
  * fuzzy: pg_trgm word similarity (GIN trigram index) for partial words and OCR slips, only
    when full text found too little, weighted lower.
Every query is filtered by owner first: a user's search never sees another user's chunks.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q, Sum

from ai.errors import AIError
from core.models import Job
from core.selectors import owned_or_404
from documents.models import JOB_KIND, Chunk, Document, DocumentType
from documents.text import chunk_sentences, query_terms  # noqa: F401 - public for the assistant

logger = logging.getLogger(__name__)

VECTOR_CANDIDATES = 50
TEXT_CANDIDATES = 50
RRF_K = 60
# Weight of each ranked list in the fusion. The local hashing embedder is itself lexical (words and
# character n-grams), so its ranking mostly repeats the keyword list with more noise; a semantic
# embedding model (openai engine) counts as much as the keywords.
VECTOR_WEIGHT = {"local": 0.5, "local-e5": 1.0, "openai": 1.0}
TEXT_WEIGHT = 1.0
FUZZY_WEIGHT = 0.3  # trigram near-matches (checkout ~ checklist) are weaker evidence than words
# A passage that shares no keyword with the question must at least be this similar in meaning,
# so a search with no good answer returns nothing rather than the least-bad noise.
# multilingual-e5 puts any two sentences near 0.80 (paraphrase set: unrelated median 0.80, targets 0.84;
# hybrid recall@5 0.66 with this floor, 0.63 with 0.82).
MIN_VECTOR_ONLY_SIMILARITY = {"local": 0.15, "local-e5": 0.80, "openai": 0.25}
# HNSW search breadth; with iterative scans pgvector keeps searching when the owner filter
# removes candidates. bench/bench_search.py at 100 000 chunks, recall@10 against exact search:
# ef 40 → 0.949, 64 → 0.973, 100 → 0.986 (p95 ≈ 6–8 ms), 200 → 0.996 (p95 ≈ 12–16 ms).
EF_SEARCH = 100
WORD_SIMILARITY_THRESHOLD = 0.5
SMALL_SCOPE = 2000  # up to this many chunks a search reads the user's rows directly (exact)
TEXT_SCAN_CAP = 200  # larger collections: matches ranked per full-text stage (bench_search.py: 500 cost ~5 ms more)
# Larger collections: the keyword index is asked only for words in fewer than this share of chunks.
COMMON_TERM_FREQUENCY = 0.05
TRIGRAM_SCAN_CAP = 300  # larger collections: rows the fuzzy stage scores when full text found too little


@dataclass(frozen=True)
class Passage:
    chunk_id: int
    document_id: str  # the client's id
    doc_type: str
    page: int | None
    text: str
    score: float  # fused RRF score, higher is better
    vector_score: float  # cosine similarity to the question
    text_score: float  # summed word similarity of the question's terms
    document_pk: int = 0
    title: str = ""


def _filters(*, user, types, document_pks) -> tuple[str, list]:
    sql = "c.owner_id = %s"
    params: list = [user.pk]
    if types:
        sql += " AND c.doc_type = ANY(%s)"
        params.append(list(types))
    if document_pks is not None:
        sql += " AND c.document_id = ANY(%s)"
        params.append(list(document_pks))
    return sql, params


def vector_sql(where: str, limit: int, *, exact: bool = False) -> str:
    """Nearest chunks by cosine distance. Parameters: the query vector, where's, engine, vector.

    The default shape lets the planner walk the HNSW index. `exact` reads the collection through
    the owner index first (OFFSET 0 keeps it from being flattened) and sorts every distance: for
    a few thousand chunks that costs a millisecond or two and never misses a neighbour, whereas
    an approximate graph walk can miss a user's few distinct documents among many similar ones."""
    if exact:
        source = (f"(SELECT c.id, c.embedding FROM documents_chunk c WHERE {where} AND c.engine = %s OFFSET 0) c"
                  f" ORDER BY distance")
        return ("WITH nearest AS MATERIALIZED ("
                f" SELECT c.id, c.embedding <=> %s::vector AS distance FROM {source} LIMIT {int(limit)})"
                " SELECT id, distance FROM nearest ORDER BY distance")
    return (
        "WITH nearest AS MATERIALIZED ("
        f" SELECT c.id, c.embedding <=> %s::vector AS distance FROM documents_chunk c"
        f" WHERE {where} AND c.engine = %s ORDER BY c.embedding <=> %s::vector LIMIT {int(limit)})"
        " SELECT id, distance FROM nearest ORDER BY distance"
    )


def _set_search_params(cursor, ef_search: int) -> None:
    cursor.execute("SELECT set_config('hnsw.ef_search', %s, true), set_config('hnsw.iterative_scan', 'relaxed_order', true),"
                   " set_config('pg_trgm.word_similarity_threshold', %s, true)",
                   [str(int(ef_search)), str(WORD_SIMILARITY_THRESHOLD)])


def _vector_literal(vector) -> str:
    return "[" + ",".join(repr(float(x)) for x in vector) + "]"


def vector_candidates(cursor, *, where: str, params: list, query_vector: str, engine: str,
                      limit: int = VECTOR_CANDIDATES, exact: bool = False) -> list[tuple[int, float]]:
    if exact:
        cursor.execute(vector_sql(where, limit, exact=True), [query_vector, *params, engine])
    else:
        cursor.execute(vector_sql(where, limit), [query_vector, *params, engine, query_vector])
    return [(row[0], float(row[1])) for row in cursor.fetchall()]


def tsquery_sql(n_terms: int, operator: str) -> str:
    """Exact-lexeme query over the `simple` tsvector (one parameter per term). The vector holds each
    chunk's stems (Chunk.stems), so the stemmed term 결제 matches 결제를 and payment matches payments
    without a prefix query, which would make the GIN index gather every row of every word starting
    so (100-odd ms at 100 000 chunks). `operator` is && (every term) or || (any term)."""
    return f" {operator} ".join(["to_tsquery('simple', quote_literal(%s))"] * n_terms)


def scope_size(cursor, *, where: str, params: list, cap: int = SMALL_SCOPE) -> int:
    """How many chunks the search covers, counted up to cap + 1 (cheap on the owner index)."""
    cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM documents_chunk c WHERE {where} LIMIT {int(cap) + 1}) s",
                   params)
    return int(cursor.fetchone()[0])


def full_text_sql(where: str, n_terms: int, operator: str, limit: int, *, small: bool, n_match: int | None = None) -> str:
    """Chunks matching the query: those containing more of the terms first, then by
    ts_rank_cd. Parameters: where's, the n_match terms to match (default: all n_terms), then the
    terms twice (coverage, rank).

    A small collection is read through the owner index and filtered (OFFSET 0 keeps the planner
    from intersecting it with a table-wide index scan); a large one goes through the GIN index
    and ranks at most TEXT_SCAN_CAP matches, so a word found in every chunk of a huge collection
    does not mean ranking all of them (the vector list covers the rest)."""
    query = tsquery_sql(n_terms, operator)
    match = tsquery_sql(n_terms if n_match is None else n_match, operator)
    coverage = " + ".join(["(m.search_vector @@ to_tsquery('simple', quote_literal(%s)))::int"] * n_terms)
    if small:
        source = f"(SELECT c.id, c.search_vector FROM documents_chunk c WHERE {where} OFFSET 0) m" \
                 f" WHERE m.search_vector @@ ({match})"
    else:
        source = f"(SELECT c.id, c.search_vector FROM documents_chunk c WHERE {where}" \
                 f" AND c.search_vector @@ ({match}) LIMIT {int(TEXT_SCAN_CAP)}) m"
    return (f"SELECT m.id FROM {source} ORDER BY {coverage} DESC, ts_rank_cd(m.search_vector, {query}) DESC, m.id"
            f" LIMIT {int(limit)}")


def trigram_sql(where: str, n_terms: int, limit: int, *, small: bool) -> str:
    """Chunks containing a term (or most of it) by pg_trgm word similarity, summed over terms.
    Parameters: small: the terms, then where's; large: where's, the terms twice."""
    if small:
        sims = ", ".join(f"word_similarity(%s, m.text) AS s{i}" for i in range(n_terms))
        hit = " OR ".join(f"s{i} >= {WORD_SIMILARITY_THRESHOLD}" for i in range(n_terms))
        total = " + ".join(f"s{i}" for i in range(n_terms))
        return (f"SELECT id FROM (SELECT m.id, {sims} FROM (SELECT c.id, c.text FROM documents_chunk c"
                f" WHERE {where} OFFSET 0) m) x WHERE {hit} ORDER BY {total} DESC, id LIMIT {int(limit)}")
    match = " OR ".join(["%s <%% c.text"] * n_terms)
    total = " + ".join(["word_similarity(%s, m.text)"] * n_terms)
    return (f"SELECT m.id FROM (SELECT c.id, c.text FROM documents_chunk c WHERE {where} AND ({match})"
            f" LIMIT {int(TRIGRAM_SCAN_CAP)}) m ORDER BY {total} DESC, m.id LIMIT {int(limit)}")


_TERM_STATS: dict = {}  # the statistics below, read at most every TERM_STATS_TTL seconds per process
TERM_STATS_TTL = 60.0


def _term_frequencies(cursor) -> dict[str, float]:
    """Share of chunks holding each common lexeme, from the last ANALYZE (a few ms to read: cached)."""
    now = time.monotonic()
    if _TERM_STATS and now - _TERM_STATS["at"] < TERM_STATS_TTL:
        return _TERM_STATS["frequency"]
    cursor.execute("SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats"
                   " WHERE schemaname = current_schema() AND tablename = 'documents_chunk' AND attname = 'search_vector'")
    row = cursor.fetchone()
    frequency = dict(zip(row[0], row[1])) if row and row[0] else {}
    _TERM_STATS.update(at=now, frequency=frequency)
    return frequency


def index_terms(cursor, terms: list[str]) -> list[str]:
    """The terms a large collection's keyword search asks the GIN index for: those in fewer than
    COMMON_TERM_FREQUENCY of all chunks by the planner's statistics (most_common_elems of the
    search vector); none when every term is that common. The index builds the whole row list of
    every word it is asked for, and a word in thousands of chunks (api, 경험) costs milliseconds
    to tens of them there while telling little apart; the common terms still rank the matches."""
    frequency = _term_frequencies(cursor)
    return [term for term in terms if frequency.get(term, 0.0) < COMMON_TERM_FREQUENCY]


def text_candidates(cursor, *, where: str, params: list, terms: list[str], small: bool,
                    limit: int = TEXT_CANDIDATES, within: list[int] | None = None) -> tuple[list[int], list[int]]:
    """Keyword rankings: (full-text hits, fuzzy hits). Full text puts chunks with every term first,
    then any term; fuzzy trigram matches (parts of compound words, OCR slips) are looked for only
    when full text found fewer than `limit`, and exclude the full-text hits.

    In a large collection where every term is common (index_terms is empty) the keywords rank the
    chunks `within` (the vector candidates) instead: a sample of thousands of matches would be as
    arbitrary as it is slow to gather."""
    if not terms:
        return [], []
    ranked: list[int] = []
    match = terms if small else index_terms(cursor, terms)
    if not match:
        if not within:
            return [], []
        where, params, small, match = f"{where} AND c.id = ANY(%s)", [*params, list(within)], True, terms
        fuzzy_stage = False  # common words are no typos
    else:
        fuzzy_stage = True
    operators = ["&&", "||"] if len(match) > 1 else ["||"]
    for operator in operators:
        cursor.execute(full_text_sql(where, len(terms), operator, limit, small=small, n_match=len(match)),
                       [*params, *match, *terms, *terms])
        ranked.extend(row[0] for row in cursor.fetchall() if row[0] not in ranked)
        if len(ranked) >= limit or not fuzzy_stage:
            return ranked[:limit], []
    if small:
        cursor.execute(trigram_sql(where, len(terms), limit, small=True), [*terms, *params])
    else:
        # Only the words the index was asked for: common words are no typos, and each word costs
        # a word_similarity over every scanned row.
        cursor.execute(trigram_sql(where, len(match), limit, small=False), [*params, *match, *match])
    fuzzy = [row[0] for row in cursor.fetchall() if row[0] not in ranked]
    return ranked, fuzzy


def search(*, user, query: str, types=None, document_ids=None, k: int = 5) -> list[Passage]:
    """The k passages of `user`'s documents that best answer `query` (hybrid, RRF-fused).

    `types` limits to document types; `document_ids` to the client's document ids.
    """
    query = (query or "").strip()
    if not query or user is None or not user.is_authenticated:
        return []
    if types:
        types = [t for t in types if t in DocumentType.values]
        if not types:
            return []
    document_pks = None
    if document_ids is not None:
        docs = Document.objects.filter(owner=user, document_id__in=list(document_ids))
        if types:
            docs = docs.filter(doc_type__in=types)
        document_pks = list(docs.values_list("pk", flat=True))
        if not document_pks:
            return []
    terms = query_terms(query)
    where, params = _filters(user=user, types=types, document_pks=document_pks)
    from ai import embeddings

    engine = embeddings.space()
    query_vector = None
    try:
        from ai import embeddings

        vector = embeddings.embed_query(query)
        query_vector = _vector_literal(vector) if any(vector) else None  # no words: keywords only
    except AIError as exc:  # keyword search still answers while the embedding provider is down
        logger.warning("query embedding failed (%s); keyword search only", exc.code)

    with transaction.atomic(), connection.cursor() as cursor:
        _set_search_params(cursor, EF_SEARCH)
        # Small collections (most users) are searched exactly; large ones through the indexes.
        small = scope_size(cursor, where=where, params=params) <= SMALL_SCOPE
        vector_hits = vector_candidates(cursor, where=where, params=params, query_vector=query_vector,
                                        engine=engine, exact=small) if query_vector else []
        text_hits, fuzzy_hits = text_candidates(cursor, where=where, params=params, terms=terms, small=small,
                                                within=[chunk_id for chunk_id, _distance in vector_hits])

    fused: dict[int, float] = {}
    ranked_vector = [chunk_id for chunk_id, _distance in vector_hits]
    for hits, weight in ((ranked_vector, VECTOR_WEIGHT.get(engine, 1.0)), (text_hits, TEXT_WEIGHT),
                         (fuzzy_hits, FUZZY_WEIGHT)):
        for rank, chunk_id in enumerate(hits, start=1):
            fused[chunk_id] = fused.get(chunk_id, 0.0) + weight / (RRF_K + rank)
    vector_scores = {cid: 1.0 - distance for cid, distance in vector_hits}
    keyword_hits = set(text_hits) | set(fuzzy_hits)
    floor = MIN_VECTOR_ONLY_SIMILARITY.get(engine, 0.0)
    relevant = [cid for cid in fused if cid in keyword_hits or vector_scores.get(cid, 0.0) >= floor]
    top = sorted(relevant, key=lambda cid: (-fused[cid], cid))[:k]
    if not top:
        return []
    text_scores: dict[int, float] = {}
    missing_vector = [cid for cid in top if cid not in vector_scores]
    with connection.cursor() as cursor:
        if terms:  # for display: how well the question's words appear in each returned passage
            score = " + ".join(["word_similarity(%s, text)"] * len(terms))
            cursor.execute(f"SELECT id, {score} FROM documents_chunk WHERE id = ANY(%s)", [*terms, top])
            text_scores.update({row[0]: float(row[1]) for row in cursor.fetchall()})
        if missing_vector and query_vector:
            cursor.execute("SELECT id, 1 - (embedding <=> %s::vector) FROM documents_chunk"
                           " WHERE id = ANY(%s) AND engine = %s", [query_vector, missing_vector, engine])
            vector_scores.update({row[0]: float(row[1]) for row in cursor.fetchall()})
    chunks = {c.pk: c for c in Chunk.objects.filter(pk__in=top, owner=user).select_related("document")}
    return [
        Passage(chunk_id=cid, document_id=chunks[cid].document.document_id, doc_type=chunks[cid].doc_type,
                page=chunks[cid].page, text=chunks[cid].text, score=round(fused[cid], 6),
                vector_score=round(vector_scores.get(cid, 0.0), 4), text_score=round(text_scores.get(cid, 0.0), 4),
                document_pk=chunks[cid].document_id, title=chunks[cid].document.display_name)
        for cid in top if cid in chunks
    ]


# --- Lists and lookups for pages ------------------------------------------------------------------
def documents_for(user, *, doc_type: str | None = None):
    qs = Document.objects.filter(owner=user).select_related("job")
    if doc_type:
        qs = qs.filter(doc_type=doc_type)
    return qs.order_by("-updated_at")


def document_for(user, pk) -> Document:
    """The user's document, else Http404 (another user's id answers like a missing one)."""
    return owned_or_404(Document.objects.select_related("job"), user, pk)


def active_jobs(user, *, since=None):
    """OCR jobs still queued or running, and recent failures, newest first."""
    qs = Job.objects.filter(owner=user, kind=JOB_KIND).filter(
        Q(status__in=[Job.Status.PENDING, Job.Status.PROCESSING]) | Q(status=Job.Status.FAILED))
    if since is not None:
        qs = qs.filter(created_at__gte=since)
    return qs.order_by("-created_at")


def storage_used(user) -> int:
    """Bytes of the user's stored document files plus uploads waiting for their job."""
    files = Document.objects.filter(owner=user).aggregate(total=Sum("file_size"))["total"] or 0
    staged = 0
    for params in Job.objects.filter(owner=user, kind=JOB_KIND, status__in=[Job.Status.PENDING, Job.Status.PROCESSING]
                                     ).values_list("params", flat=True):
        staged += int((params or {}).get("staged_size") or 0)
    return int(files) + staged
