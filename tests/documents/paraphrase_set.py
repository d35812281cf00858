"""Retrieval pairs where the question and the passage share few words: Korean ↔ English,
synonyms, 경력 기술서 wording against resume wording. Each query names the passage it should find.
Used by tests/documents/test_paraphrase_retrieval.py and bench/bench_quality.py (recall@5 for the
hashing embedder, multilingual-e5 and the hybrid search)."""
from __future__ import annotations

PASSAGES = {
    "p-migration-en": "Led a team of four engineers through the migration of the order database from MySQL to "
                      "PostgreSQL with zero downtime.",
    "p-cache-ko": "결제 API 앞단에 Redis 캐시를 두어 평균 응답 시간을 800ms에서 120ms로 줄였습니다.",
    "p-batch-ko": "정산 배치 처리 시간을 6시간에서 40분으로 단축했습니다.",
    "p-k8s-en": "Moved twelve services to Kubernetes and set up blue-green deployments with automatic rollback.",
    "p-mentor-ko": "신입 개발자 세 명의 온보딩을 맡아 코드 리뷰와 페어 프로그래밍으로 육성했습니다.",
    "p-oncall-en": "Ran the on-call rotation and wrote runbooks that cut the mean time to recovery in half.",
    "p-conflict-ko": "기획팀과 일정 문제로 의견이 부딪혔을 때 데이터를 근거로 우선순위를 다시 합의했습니다.",
    "p-motivation-ko": "사람들이 매일 쓰는 금융 서비스를 더 안정적으로 만들고 싶어 핀테크 회사에 지원했습니다.",
    "p-test-en": "Introduced contract tests between the mobile app and the API, which caught breaking changes "
                 "before release.",
    "p-security-ko": "개인정보 암호화와 접근 로그 감사를 도입해 ISMS 인증 심사를 통과했습니다.",
    "p-ml-en": "Built a recommendation model with LightGBM that lifted click-through rate by 12 percent.",
    "p-dashboard-ko": "매출 지표를 한눈에 볼 수 있는 대시보드를 만들어 주간 보고 시간을 3시간에서 1시간으로 줄였습니다.",
    "p-nurse-ko": "중환자실에서 3년간 근무하며 인공호흡기 환자 간호와 투약 관리를 담당했습니다.",
    "p-marketing-en": "Planned performance marketing campaigns on Meta and Google that halved the customer "
                      "acquisition cost.",
    "p-education-ko": "컴퓨터공학과를 졸업했고 자료구조와 운영체제 과목에서 A+를 받았습니다.",
    "p-cert-en": "Holds the AWS Solutions Architect Associate certification.",
    "p-failure-ko": "첫 출시 때 부하 테스트를 생략해 장애가 났고, 이후 모든 배포 전에 부하 테스트를 의무화했습니다.",
    "p-leadership-en": "Coordinated three teams across two time zones to ship the checkout redesign on schedule.",
    "p-customer-ko": "고객 문의를 분석해 가입 절차를 다섯 단계에서 두 단계로 줄였고 이탈률이 30% 감소했습니다.",
    "p-refactor-en": "Refactored a legacy monolith into modules, reducing build time from 20 minutes to 6.",
    "p-language-ko": "영어로 해외 파트너와 기술 회의를 진행할 수 있고 토익 920점을 보유하고 있습니다.",
    "p-design-en": "Designed the mobile onboarding screens in Figma and ran five usability tests with real users.",
    "p-data-ko": "Spark와 Airflow로 하루 2억 건의 로그를 처리하는 데이터 파이프라인을 구축했습니다.",
    "p-growth-en": "Taught myself Rust over a summer and rewrote our log parser, making it three times faster.",
    "p-hobby-ko": "주말마다 오픈소스 프로젝트에 기여하며 문서 번역과 버그 수정을 하고 있습니다.",
}

# (query, passage id)
QUERIES = [
    ("PostgreSQL로 데이터베이스를 옮긴 경험", "p-migration-en"),
    ("팀을 이끌고 DB 이전을 무중단으로 한 경력", "p-migration-en"),
    ("reduced API latency with caching", "p-cache-ko"),
    ("응답 속도를 빠르게 만든 캐싱 경험", "p-cache-ko"),
    ("made the settlement batch job faster", "p-batch-ko"),
    ("컨테이너 오케스트레이션 환경으로 서비스를 이전한 경력", "p-k8s-en"),
    ("experience mentoring junior developers", "p-mentor-ko"),
    ("후배 개발자 교육 경험", "p-mentor-ko"),
    ("장애 대응 당번과 복구 시간 단축", "p-oncall-en"),
    ("disagreement with the planning team about the schedule", "p-conflict-ko"),
    ("why did you apply to a fintech company", "p-motivation-ko"),
    ("지원 동기", "p-motivation-ko"),
    ("모바일 앱과 서버 사이의 테스트 자동화", "p-test-en"),
    ("personal data protection and compliance audit", "p-security-ko"),
    ("추천 시스템으로 클릭률을 높인 성과", "p-ml-en"),
    ("built a sales dashboard that saved reporting time", "p-dashboard-ko"),
    ("ICU nursing experience with ventilated patients", "p-nurse-ko"),
    ("광고 캠페인으로 고객 획득 비용을 줄인 경험", "p-marketing-en"),
    ("what did you study at university", "p-education-ko"),
    ("클라우드 자격증", "p-cert-en"),
    ("a launch that failed and what you changed afterwards", "p-failure-ko"),
    ("여러 팀을 조율해 일정 안에 출시한 경험", "p-leadership-en"),
    ("simplified the sign-up flow and reduced churn", "p-customer-ko"),
    ("레거시 코드를 정리해서 빌드 시간을 줄인 경험", "p-refactor-en"),
    ("English communication skills", "p-language-ko"),
    ("사용성 테스트와 화면 설계", "p-design-en"),
    ("large-scale log processing pipeline", "p-data-ko"),
    ("혼자 새로운 프로그래밍 언어를 배워 성과를 낸 경험", "p-growth-en"),
    ("open source contributions", "p-hobby-ko"),
    ("경력 기술서: 주문 DB 마이그레이션 리딩", "p-migration-en"),
    ("경력 기술서에 적힌 배포 자동화와 롤백", "p-k8s-en"),
    ("resume line about on-call runbooks", "p-oncall-en"),
]


def vector_recall(embedder: str, k: int = 5) -> float:
    """Recall@k of the embedder alone (no database): share of queries whose passage is in the top k."""
    import numpy as np

    from ai import embeddings

    ids = list(PASSAGES)
    passages = np.array(embeddings.embed([PASSAGES[i] for i in ids], engine=embedder))
    queries = np.array(embeddings.embed([q for q, _ in QUERIES], engine=embedder, purpose="query"))
    scores = queries @ passages.T
    hits = sum(ids.index(target) in np.argsort(-scores[n])[:k] for n, (_, target) in enumerate(QUERIES))
    return hits / len(QUERIES)


def hybrid_recall(user, k: int = 5) -> float:
    """Recall@k of the product's hybrid search (vectors of the current embedder + keywords +
    trigrams, RRF-fused) with every passage stored as one document of `user`."""
    from documents import selectors, services

    for passage_id, text in PASSAGES.items():
        services.document_store_text(owner=user, doc_type="resume" if "-ko" in passage_id else "portfolio",
                                     document_id=passage_id, text=text)
    hits = 0
    for query, target in QUERIES:
        found = [p.document_id for p in selectors.search(user=user, query=query, k=k)]
        hits += target in found
    return hits / len(QUERIES)
