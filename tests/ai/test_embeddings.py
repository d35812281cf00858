"""ai.embeddings: the offline hashing embedder and the OpenAI-compatible engine (fake server)."""
from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ai import embeddings, openai_client
from ai.embeddings import cosine, embed, embed_query
from ai.errors import EmbeddingError
from ai.models import LLMUsage
from tests.fakeopenai import _hash_vector

BASE_DIR = Path(__file__).resolve().parents[2]

# (text, paraphrase, unrelated text)
PARAPHRASES = [
    ("저는 파이썬으로 데이터 분석 업무를 3년 동안 담당했습니다.",
     "파이썬을 활용한 데이터 분석 경력이 3년 있습니다.",
     "오늘 점심으로 김치찌개를 먹었는데 맛있었어요."),
    ("쿠버네티스 클러스터를 운영하며 배포를 자동화했습니다.",
     "k8s 기반 클러스터 운영과 배포 자동화 경험이 있습니다.",
     "주말에는 가족과 함께 등산을 갑니다."),
    ("고객 불만을 줄이기 위해 응대 프로세스를 개선했습니다.",
     "고객 응대 절차를 개선해서 불만 건수를 줄였습니다.",
     "신입 간호사 교육 프로그램에 참여했습니다."),
    ("프로젝트에서 맡은 역할과 성과를 말씀해 주세요.",
     "그 프로젝트에서 본인이 맡았던 역할과 성과는 무엇인가요?",
     "회사의 복지 제도에 대해 궁금한 점이 있나요?"),
    ("I led the migration of our payment service to Kubernetes.",
     "I was in charge of moving the payments service onto Kubernetes.",
     "My favourite food is spicy ramen with extra cheese."),
    ("How do you handle conflict in a team?",
     "How would you deal with conflicts within your team?",
     "Quarterly revenue grew by twelve percent last year."),
]


@pytest.fixture(autouse=True)
def fast_backoff(monkeypatch):
    monkeypatch.setattr(openai_client, "BACKOFF_BASE", 0.01)


@pytest.mark.parametrize("text,paraphrase,unrelated", PARAPHRASES)
def test_local_ranks_paraphrase_above_unrelated(text, paraphrase, unrelated):
    query, near, far = embed([text, paraphrase, unrelated], engine="local")
    assert cosine(query, near) > cosine(query, far) + 0.15


def test_local_retrieves_the_right_chunk_among_many():
    chunks = [p for _, p, _ in PARAPHRASES] + [u for _, _, u in PARAPHRASES]
    vectors = embed(chunks, engine="local")
    for index, (text, _, _) in enumerate(PARAPHRASES):
        query = embed_query(text, engine="local")
        best = max(range(len(chunks)), key=lambda i: cosine(query, vectors[i]))
        assert best == index, (text, chunks[best])


def test_local_vectors_are_normalised_with_configured_dimension(settings):
    for vector in embed(["데이터 엔지니어", "Data engineer with Spark", "a"], engine="local"):
        assert len(vector) == settings.EMBEDDING_DIM == 384
        assert math.isclose(math.sqrt(sum(v * v for v in vector)), 1.0, rel_tol=1e-9)


def test_local_empty_text_is_a_zero_vector():
    assert embed(["", "   ", "!!"], engine="local") == [[0.0] * 384] * 3


def test_local_particles_and_spacing_do_not_change_meaning():
    base, with_particle, unrelated = embed(["파이썬 개발", "파이썬을 개발했습니다", "자바 개발"], engine="local")
    assert cosine(base, with_particle) > 0.9
    assert cosine(base, with_particle) > cosine(base, unrelated)
    # Korean spacing varies; shared character n-grams still rank the respaced text first
    query, respaced, other = embed(["데이터분석 경험", "데이터 분석 경험", "고객 응대 경험"], engine="local")
    assert cosine(query, respaced) > cosine(query, other)


def test_local_is_deterministic_across_processes():
    """A stable hash (not Python's salted hash()) so vectors stored by one worker match another's."""
    text = "쿠버네티스 운영 경험 Kubernetes operations"
    script = (
        "import json, sys; sys.path.insert(0, sys.argv[1])\n"
        "from django.conf import settings\n"
        "settings.configure(AI_ENGINE='local', EMBEDDING_DIM=384)\n"
        "from ai.embeddings import embed\n"
        "print(json.dumps(embed([sys.argv[2]])[0]))\n"
    )
    outputs = []
    for seed in ("1", "2"):
        done = subprocess.run([sys.executable, "-c", script, str(BASE_DIR), text], capture_output=True, text=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}, timeout=60, check=True)
        outputs.append(json.loads(done.stdout))
    assert outputs[0] == outputs[1] == embed([text], engine="local")[0]


def test_engine_follows_settings_and_can_be_overridden(settings, openai_engine):
    embed(["로컬로 계산"], engine="local")
    assert openai_engine.requests == []
    embed(["원격으로 계산"])
    assert len(openai_engine.requests_to("/embeddings")) == 1
    assert embeddings.model_name() == settings.OPENAI_EMBEDDING_MODEL
    assert embeddings.model_name("local") == "hashing-ngram-v1-384"


def test_openai_batches_and_asks_for_the_configured_dimension(settings, openai_engine):
    settings.OPENAI_EMBEDDING_MODEL = "bge-m3"
    texts = [f"{n}번째 이력서 문단: 백엔드 개발과 데이터 파이프라인 운영" for n in range(130)]
    vectors = embed(texts)
    requests = openai_engine.requests_to("/embeddings")
    assert [len(r.json["input"]) for r in requests] == [64, 64, 2]
    assert all(r.json["dimensions"] == 384 and r.json["model"] == "bge-m3" for r in requests)
    assert all(r.json["encoding_format"] == "float" for r in requests)
    assert [t for r in requests for t in r.json["input"]] == texts
    assert vectors == [pytest.approx(_hash_vector(t, 384)) for t in texts]  # order kept across batches


def test_openai_skips_empty_texts(openai_engine):
    vectors = embed(["", "지원 동기", "  "])
    [request] = openai_engine.requests_to("/embeddings")
    assert request.json["input"] == ["지원 동기"]
    assert vectors[0] == vectors[2] == [0.0] * 384 and vectors[1] == pytest.approx(_hash_vector("지원 동기", 384))


def test_openai_wrong_dimension_is_a_clear_error(openai_engine):
    openai_engine.embeddings([[0.1] * 768])
    with pytest.raises(EmbeddingError) as caught:
        embed_query("질문")
    assert caught.value.code == "EMBEDDING_INVALID_RESPONSE"
    assert "768" in caught.value.message and "384" in caught.value.message


def test_openai_rate_limit_retried(openai_engine):
    openai_engine.fail(429, times=1, retry_after=0)
    assert len(embed_query("재시도")) == 384
    assert len(openai_engine.requests) == 2


def test_openai_server_errors_become_embedding_error(openai_engine):
    openai_engine.fail(500, times=3)
    with pytest.raises(EmbeddingError) as caught:
        embed(["장애"])
    assert caught.value.code == "EMBEDDING_ERROR" and caught.value.retryable is True
    assert len(openai_engine.requests) == 3


def test_openai_timeout(settings, openai_engine):
    settings.OPENAI_TIMEOUT = 0.3
    openai_engine.slow(3.0, times=3)
    with pytest.raises(EmbeddingError) as caught:
        embed(["느린 서버"])
    assert caught.value.code == "EMBEDDING_TIMEOUT"


@pytest.mark.django_db
def test_openai_usage_recorded(openai_engine):
    embed(["가나다 라마바", "hello world again"], purpose="documents.chunks")
    [row] = LLMUsage.objects.all()
    assert (row.capability, row.purpose, row.model) == ("embeddings", "documents.chunks", "text-embedding-3-small")
    assert row.prompt_tokens == 5  # the fake counts whitespace-separated words
