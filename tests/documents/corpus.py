"""A fixture set of short, realistic documents (Korean and English) and questions about them, and
the bulk loader that puts thousands of chunks under one document (test_search.py, bench_search.py)."""
import time

DOCUMENTS = {
    # (doc_type, document_id): text
    ("resume", "resume_backend_kim"): (
        "김지원 백엔드 개발자. (주)하루마켓에서 Django REST Framework로 주문 API를 설계했습니다. "
        "PostgreSQL 쿼리 튜닝과 인덱스 재설계로 주문 조회 API p95 응답시간을 850ms에서 180ms로 단축했습니다. "
        "토스페이먼츠와 카카오페이 결제를 연동하고 멱등키를 도입해 중복 결제를 0건으로 만들었습니다."
    ),
    ("resume", "resume_devops_lee"): (
        "이수진 DevOps 엔지니어. 쿠버네티스(Kubernetes) 클러스터 12개를 운영하며 Helm 차트로 배포를 표준화했습니다. "
        "Prometheus와 Grafana로 모니터링 체계를 만들고 장애 평균 복구 시간을 45분에서 12분으로 줄였습니다. "
        "Terraform으로 AWS 인프라를 코드로 관리했습니다."
    ),
    ("resume", "resume_frontend_park"): (
        "박서연 프론트엔드 개발자. React와 TypeScript로 커머스 상품 상세 페이지를 개발했습니다. "
        "코드 스플리팅과 이미지 지연 로딩으로 첫 화면 표시 시간(LCP)을 3.1초에서 1.4초로 개선했습니다. "
        "디자인 시스템 컴포넌트 40여 개를 Storybook으로 문서화했습니다."
    ),
    ("resume", "resume_data_choi"): (
        "최민호 데이터 엔지니어. Kafka와 Spark Streaming으로 실시간 클릭 로그 파이프라인을 구축했습니다. "
        "Airflow DAG 80개를 운영하며 일일 배치 실패율을 5%에서 0.5%로 낮췄습니다. "
        "BigQuery 비용을 파티셔닝으로 월 40% 절감했습니다."
    ),
    ("resume", "resume_english_jones"): (
        "Emily Jones, Site Reliability Engineer. Led the migration of a monolithic checkout service to "
        "Kubernetes on Google Cloud. Cut checkout latency by 35 percent by adding a Redis cache in front of "
        "the pricing service. Wrote runbooks and ran weekly incident reviews."
    ),
    ("resume", "resume_english_garcia"): (
        "Carlos Garcia, Machine Learning Engineer. Trained gradient boosted ranking models for a food delivery "
        "marketplace. Improved search click-through rate by 18 percent with a learning-to-rank model served "
        "through TorchServe. Built a feature store on Feast and Snowflake."
    ),
    ("resume", "resume_mobile_jung"): (
        "정하늘 안드로이드 개발자. Kotlin과 Jetpack Compose로 은행 앱 송금 화면을 새로 만들었습니다. "
        "앱 크래시율을 1.8%에서 0.2%로 줄이고 플레이스토어 평점을 3.9에서 4.6으로 올렸습니다."
    ),
    ("resume", "resume_security_han"): (
        "한도윤 보안 엔지니어. 웹 애플리케이션 모의해킹으로 SQL 인젝션과 XSS 취약점 30여 건을 찾아 조치했습니다. "
        "사내 비밀번호 정책과 2단계 인증 도입을 주도했고 ISMS 인증 심사를 준비했습니다."
    ),
    ("portfolio", "portfolio_delivery_app"): (
        "배달 주문 앱 프로젝트. Flutter로 iOS와 안드로이드 앱을 동시에 출시했습니다. "
        "Firebase Cloud Messaging으로 주문 상태 푸시 알림을 구현했고 다운로드 5만 건을 달성했습니다."
    ),
    ("portfolio", "portfolio_recsys"): (
        "도서 추천 시스템 프로젝트. 협업 필터링과 콘텐츠 기반 필터링을 결합한 하이브리드 추천 모델을 만들었습니다. "
        "사용자 만족도 설문에서 추천 정확도가 기존 대비 22% 높게 나왔습니다."
    ),
    ("portfolio", "portfolio_chatbot"): (
        "Customer support chatbot. Built a retrieval augmented generation bot over 3,000 help center "
        "articles with pgvector and FastAPI. It resolved 41 percent of tickets without a human agent."
    ),
    ("portfolio", "portfolio_game"): (
        "Unity로 만든 2D 퍼즐 게임. 레벨 에디터를 직접 만들어 스테이지 120개를 디자인했고 "
        "인앱 결제와 광고 보상형 아이템을 붙였습니다. 구글 인디 게임 페스티벌 TOP 20에 선정됐습니다."
    ),
    ("portfolio", "portfolio_iot"): (
        "Smart farm IoT dashboard. Raspberry Pi sensors send soil moisture and temperature readings over "
        "MQTT to a TimescaleDB database; a Grafana dashboard alerts farmers when irrigation is needed."
    ),
    ("job_posting", "posting_kakaopay"): (
        "[카카오페이] 결제 플랫폼 백엔드 개발자. 담당업무: 대규모 결제 트랜잭션 처리 시스템 개발. "
        "자격요건: Java 또는 Kotlin, Spring 기반 개발 경력 3년 이상. 우대사항: 대용량 트래픽 처리 경험, MSA 설계 경험."
    ),
    ("job_posting", "posting_toss_data"): (
        "[토스] 데이터 엔지니어. 담당업무: 데이터 웨어하우스 설계와 ETL 파이프라인 운영. "
        "자격요건: SQL과 Python 능숙, Airflow 사용 경험. 우대사항: Spark, Kafka 기반 스트리밍 처리 경험."
    ),
    ("job_posting", "posting_naver_frontend"): (
        "[네이버] 프론트엔드 개발자. 담당업무: 검색 서비스 웹 화면 개발과 성능 최적화. "
        "자격요건: React 또는 Vue 실무 경험 2년 이상. 우대사항: 웹 접근성과 웹 성능 지표(Core Web Vitals) 개선 경험."
    ),
    ("job_posting", "posting_coupang_sre"): (
        "Coupang Site Reliability Engineer. Responsibilities: operate Kubernetes clusters across regions and "
        "automate incident response. Requirements: Go or Python, Terraform, on-call experience. "
        "Preferred: experience with service mesh such as Istio."
    ),
    ("job_posting", "posting_line_ml"): (
        "LINE Machine Learning Engineer. Build recommendation and ranking models for the sticker shop. "
        "Requirements: PyTorch, large scale feature pipelines. Preferred: published research in recommender systems."
    ),
    ("job_posting", "posting_startup_go"): (
        "Fintech startup backend engineer. We write Go services that talk over gRPC and store ledgers in "
        "PostgreSQL. Requirements: two years of Go, strong SQL. Nice to have: double-entry bookkeeping knowledge."
    ),
    ("job_posting", "posting_samsung_security"): (
        "[삼성SDS] 보안 컨설턴트. 담당업무: 고객사 정보보호 관리체계 진단과 취약점 점검. "
        "자격요건: 모의해킹 또는 보안 컨설팅 경력 3년 이상. 우대사항: CISSP, 정보보안기사 자격증."
    ),
    ("job_posting", "posting_game_client"): (
        "[넥슨] 게임 클라이언트 개발자. 담당업무: Unity 기반 모바일 게임 UI와 전투 시스템 개발. "
        "자격요건: C# 개발 경험. 우대사항: 출시한 게임 프로젝트 경험, 셰이더 작성 경험."
    ),
    ("attachment", "attachment_certificate"): (
        "자격증 사본. 정보처리기사 최종 합격, 합격일 2022년 11월 25일, 한국산업인력공단 발급."
    ),
}

# Another user's document that would answer some of the questions: it must never be returned.
OTHER_USER_DOCUMENT = ("resume", "resume_backend_kim"), (
    "다른 사용자의 이력서. 멱등키로 중복 결제를 막았고 주문 조회 API 응답시간을 줄였습니다. Kubernetes 운영."
)

# (question, expected document_id, a phrase the returned passage must contain)
QUESTIONS = [
    ("중복 결제를 어떻게 막았나요?", "resume_backend_kim", "멱등키"),
    ("주문 조회 API 응답 시간은 얼마나 줄었나요?", "resume_backend_kim", "180ms"),
    ("쿠버네티스 클러스터 운영 경험", "resume_devops_lee", "Helm"),
    ("장애 복구 시간을 줄인 경험이 있나요", "resume_devops_lee", "12분"),
    ("첫 화면 로딩 속도를 개선한 방법", "resume_frontend_park", "LCP"),
    ("실시간 로그 파이프라인을 무엇으로 만들었나요", "resume_data_choi", "Kafka"),
    ("앱 크래시율", "resume_mobile_jung", "0.2%"),
    ("푸시 알림은 어떻게 구현했나요", "portfolio_delivery_app", "Firebase"),
    ("추천 시스템 정확도", "portfolio_recsys", "22%"),
    ("데이터 엔지니어 공고의 우대사항은?", "posting_toss_data", "스트리밍"),
    ("결제 플랫폼 백엔드 자격요건", "posting_kakaopay", "Spring"),
    ("보안 컨설턴트 우대 자격증", "posting_samsung_security", "CISSP"),
    ("How did Emily reduce checkout latency?", "resume_english_jones", "Redis cache"),
    ("learning to rank model click-through rate", "resume_english_garcia", "18 percent"),
    ("Which job wants Go services with gRPC?", "posting_startup_go", "gRPC"),
    ("support chatbot built with pgvector", "portfolio_chatbot", "41 percent"),
    ("soil moisture sensors MQTT", "portfolio_iot", "MQTT"),
    ("Istio service mesh preferred", "posting_coupang_sre", "Istio"),
    ("sticker shop recommendation requirements", "posting_line_ml", "PyTorch"),
    ("정보처리기사 합격일", "attachment_certificate", "2022년 11월 25일"),
]


def bulk_load_chunks(document, texts: list[str], vectors, *, start: int = 0,
                     maintenance_work_mem: str = "256MB") -> tuple[float, float]:
    """Chunks of `document` the fast way: drop the HNSW index, COPY the rows (local-engine
    vectors), build the index again with the model's parameters and ANALYZE, since building the
    graph after loading is far faster than inserting into it row by row. Runs in a transaction (a
    savepoint in a test's, so the schema is back to normal afterwards); returns the seconds the
    COPY and the index build took."""
    from django.db import connection, transaction

    from documents.models import HNSW_EF_CONSTRUCTION, HNSW_M
    from documents.text import index_words

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP INDEX IF EXISTS chunk_embedding_hnsw")
        started = time.perf_counter()
        with cursor.copy("COPY documents_chunk (document_id, owner_id, doc_type, ordinal, page, text, stems,"
                         " embedding, engine) FROM STDIN") as copy:
            for i, (text, vector) in enumerate(zip(texts, vectors)):
                copy.write_row((document.pk, document.owner_id, document.doc_type, start + i, None, text,
                                index_words(text), "[" + ",".join(f"{x:.7g}" for x in vector) + "]", "local"))
        loaded = time.perf_counter()
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"SET LOCAL maintenance_work_mem = '{maintenance_work_mem}'")
        cursor.execute("SET LOCAL max_parallel_maintenance_workers = 1")
        cursor.execute("CREATE INDEX chunk_embedding_hnsw ON documents_chunk USING hnsw (embedding vector_cosine_ops)"
                       f" WITH (m = {HNSW_M}, ef_construction = {HNSW_EF_CONSTRUCTION})")
        built = time.perf_counter()
        cursor.execute("ANALYZE documents_chunk")
    return loaded - started, built - loaded
