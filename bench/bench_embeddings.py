"""Local hashing embedder throughput on 1000 realistic Korean/English résumé and interview sentences.

Needs no database: Django is configured with just the settings the embedder reads.
"""
import itertools
import sys
import time

from common import BASE_DIR, figure, latency_figures

sys.path.insert(0, str(BASE_DIR))
from django.conf import settings  # noqa: E402

settings.configure(AI_ENGINE="local", EMBEDDING_DIM=384)

from ai.embeddings import _slot, embed, embed_query  # noqa: E402

KO_SUBJECTS = ["결제 서버", "추천 시스템", "데이터 파이프라인", "모바일 앱", "사내 백오피스", "물류 배송 시스템", "간호 기록 절차",
               "퍼포먼스 마케팅 캠페인", "고객 상담 프로세스", "디자인 시스템"]
KO_ACTIONS = ["을 설계하고 운영하며 장애를 30% 줄였습니다.", "의 응답 시간을 2초에서 300ms로 개선했습니다.",
              "을 쿠버네티스로 이전하는 프로젝트를 주도했습니다.", "에서 팀원 다섯 명과 협업해 출시 일정을 맞췄습니다.",
              "의 문제를 데이터로 분석해 원인을 찾았습니다."]
EN_SUBJECTS = ["the payment service", "our onboarding funnel", "the nightly ETL job", "a React dashboard",
               "the ICU handover checklist", "a GA4 attribution report"]
EN_ACTIONS = ["and cut incident volume by a third.", "which reduced churn by 12 percent.",
              "so the team could ship weekly instead of monthly.", "and mentored two junior engineers along the way."]


def sentences(count: int) -> list[str]:
    korean = (s + a for s, a in itertools.product(KO_SUBJECTS, KO_ACTIONS))
    english = (f"I rebuilt {s} {a}" for s, a in itertools.product(EN_SUBJECTS, EN_ACTIONS))
    pool = list(korean) + list(english)
    return [f"{pool[i % len(pool)]} ({i})" for i in range(count)]  # numbered so texts differ


texts = sentences(1000)
_slot.cache_clear()
started = time.perf_counter()
vectors = embed(texts)
cold = time.perf_counter() - started  # starts with an empty feature-hash cache
assert len(vectors) == 1000 and len(vectors[0]) == 384

figure("embeddings_local_per_second", len(texts) / cold, "texts/s")
figure("embeddings_local_batch_1000", cold, "s")
samples = []
for text in texts[:200]:
    begin = time.perf_counter()
    embed_query(text)
    samples.append(time.perf_counter() - begin)
latency_figures("embeddings_local_query", samples)
