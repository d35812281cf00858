"""Realistic Korean (and one English) postings with a fitting and a poorly fitting resume each.

What a person reading each posting would pick out is written next to it (`expect`), so the
tests check the local engine against a human reading, not against its own output.
"""

BACKEND_POSTING = """\
㈜그린커머스 백엔드 개발자 (Java/Spring) 경력 채용

회사 소개
그린커머스는 친환경 생활용품을 판매하는 커머스 플랫폼으로, 월 거래액 120억 원 규모로 성장하고 있습니다.

주요업무
- Java, Spring Boot 기반 주문·결제·정산 API 설계 및 개발
- JPA와 MySQL을 활용한 도메인 모델링 및 쿼리 성능 개선
- 대규모 프로모션 트래픽 대응을 위한 캐시 및 비동기 처리 구조 개선

자격요건
- 백엔드 개발 경력 3년 이상
- Java, Spring Boot 기반 서버 개발 경험
- JPA, MySQL 사용 경험
- RESTful API 설계 및 개발 경험
- Git을 활용한 협업 경험

우대사항
- Kafka 등 메시지 큐 기반 비동기 처리 경험
- Kubernetes, AWS 환경에서의 서비스 운영 경험
- Redis를 활용한 캐시 설계 경험
- 커머스 또는 결제 도메인 경험

복리후생
- 유연근무제 (코어타임 11시~16시)
- 연 200만 원 자기계발비, 최신 장비 지원

채용절차
서류전형 → 과제전형 → 1차 기술면접 → 2차 임원면접 → 처우협의 → 최종합격

근무조건
- 고용형태: 정규직 (수습 3개월)
- 근무지: 서울 강남구 테헤란로 231
- 접수기간: 2026년 11월 20일 ~ 2026년 12월 31일
"""
BACKEND_GOOD = """\
박서준 | 백엔드 개발자

[경력]
㈜스마트오더 — 백엔드 개발자 (2021.03 ~ 현재)
- Java 17, Spring Boot, JPA 기반 주문·결제 API 개발 및 운영, 일 평균 8만 건 주문 처리
- MySQL 실행 계획 분석과 인덱스 재설계로 정산 배치 시간 2시간 → 25분 단축
- Redis 캐시 도입으로 상품 조회 API 응답시간 320ms → 45ms 개선
- Kafka 기반 주문 이벤트 파이프라인 구축, 결제 후처리 실패율 0.8% → 0.1%
- AWS(EC2, RDS) 환경에서 무중단 배포 파이프라인 구축 (GitHub Actions)

[기술]
Java, Spring Boot, JPA, MySQL, Redis, Kafka, AWS, Docker, Git, JUnit

[학력]
컴퓨터공학 학사 (2021.02 졸업)
"""
BACKEND_WEAK = """\
이하늘 | 프론트엔드 개발자

[경력]
디자인랩 — 웹 퍼블리셔 (2024.01 ~ 2024.12)
- HTML, CSS, JavaScript로 기업 홈페이지 제작
- jQuery 기반 이벤트 페이지 유지보수

[기술]
HTML, CSS, JavaScript, jQuery, Figma
"""

FRONTEND_POSTING = """\
[토닥헬스] 프론트엔드 개발자 (React/TypeScript)

이런 일을 해요
- React와 TypeScript로 비대면 진료 웹 서비스를 개발합니다
- Next.js 기반 SSR 페이지 성능(LCP, CLS)을 개선합니다
- 디자이너와 함께 디자인 시스템 컴포넌트를 만들고 관리합니다

자격요건
- 프론트엔드 개발 경력 2년 이상
- React, TypeScript 기반 웹 서비스 개발 경험
- Next.js를 활용한 서비스 개발 경험
- HTML, CSS에 대한 깊은 이해

우대사항
- GraphQL 또는 Apollo Client 사용 경험
- Jest, Testing Library로 테스트 코드를 작성해 본 경험
- Storybook 기반 디자인 시스템 구축 경험
- AWS 배포 경험

복지
- 원격 근무 주 2회, 점심 식대 지원

전형 절차
서류 검토 → 과제 → 기술 면접 → 컬처핏 면접 → 최종 합격

고용형태: 정규직
근무지: 서울 성동구 성수이로 113
마감일: 2027년 1월 15일
"""
FRONTEND_GOOD = """\
최유나 | 프론트엔드 개발자

[경력]
메디로그 — 프론트엔드 개발자 (2022.07 ~ 현재)
- React, TypeScript로 병원 예약 웹앱 개발, 월 방문자 30만 명
- Next.js 13 App Router로 마이그레이션하여 LCP 3.8초 → 1.6초 개선
- Storybook으로 디자인 시스템 컴포넌트 60개 구축, 신규 화면 개발 기간 30% 단축
- Jest와 Testing Library로 핵심 결제 흐름 테스트 커버리지 72% 달성

[기술]
React, TypeScript, Next.js, JavaScript, HTML, CSS, Redux, Jest, Storybook, Git
"""
FRONTEND_WEAK = """\
정민호 | 백엔드 개발자

[경력]
데이터웍스 — 서버 개발자 (2023.01 ~ 현재)
- Python, Django로 사내 관리 시스템 API 개발
- PostgreSQL 데이터 모델링 및 Celery 배치 작업 운영

[기술]
Python, Django, PostgreSQL, Celery, Docker
"""

DATA_POSTING = """\
주식회사 모아데이터 데이터 분석가 채용

담당업무
- SQL과 Python으로 서비스 지표를 추출하고 분석합니다
- A/B 테스트를 설계하고 결과를 해석해 제품 의사결정을 지원합니다
- Tableau 대시보드를 구축하고 운영합니다

지원자격
- 데이터 분석 실무 경력 2년 이상
- SQL을 능숙하게 다루시는 분
- Python(pandas) 기반 데이터 분석 경험
- 통계적 가설 검정에 대한 이해

우대사항
- BigQuery 또는 Redshift 등 클라우드 데이터 웨어하우스 사용 경험
- Airflow를 활용한 데이터 파이프라인 운영 경험
- Spark 등 대용량 데이터 처리 경험

근무 조건
- 고용형태: 정규직
- 근무지: 서울 마포구 월드컵북로 396
- 모집기간: ~ 2026.12.20
"""
DATA_GOOD = """\
한지민 | 데이터 분석가

[경력]
㈜쇼핑메이트 — 데이터 분석가 (2022.01 ~ 현재)
- SQL, Python(pandas)으로 구매 전환 퍼널 분석, 이탈 구간 개선으로 전환율 12% 향상
- A/B 테스트 40건 설계 및 통계적 가설 검정으로 결과 해석
- Tableau 대시보드 15종 구축, 주간 리포트 작성 시간 6시간 → 1시간 단축
- BigQuery와 Airflow로 일 배치 데이터 파이프라인 운영

[기술]
SQL, Python, pandas, Tableau, BigQuery, Airflow, Excel

[자격]
ADsP, SQLD
"""
DATA_WEAK = """\
오세훈 | 마케터

[경력]
브랜드온 — 콘텐츠 마케터 (2024.03 ~ 현재)
- 인스타그램 콘텐츠 기획 및 운영
- 브랜드 캠페인 보도자료 작성

[기술]
Photoshop, Excel, Notion
"""

MARKETING_POSTING = """\
(주)오늘의식탁 퍼포먼스 마케터 채용 (경력 2년 이상)

[주요 업무]
- Meta 광고, Google Ads, 네이버 검색광고 등 디지털 광고 캠페인 운영
- GA4로 유입 채널별 성과를 분석하고 ROAS를 개선합니다
- CRM 메시지(앱 푸시, 카카오 알림톡) 기획 및 성과 분석

[자격 요건]
- 퍼포먼스 마케팅 실무 경력 2년 이상
- Meta 광고, Google Ads 운영 경험
- GA4 등 웹 분석 도구 활용 능력
- Excel을 활용한 데이터 정리 및 리포팅 능력

[우대 사항]
- SQL로 직접 데이터를 추출할 수 있는 분
- Braze 등 CRM 솔루션 사용 경험
- 식품·커머스 업계 경험

[근무 조건]
- 고용형태: 정규직
- 근무지: 서울 영등포구 여의대로 108
- 접수마감: 2026년 12월 10일 23:59
"""
MARKETING_GOOD = """\
김다은 | 퍼포먼스 마케터

[경력]
㈜헬시밀 — 퍼포먼스 마케터 (2022.05 ~ 현재)
- Meta 광고, Google Ads 월 1억 원 예산 운영, ROAS 280% → 410% 개선
- GA4 이벤트 설계와 UTM 체계 정비로 채널별 전환 기여도 분석 체계 구축
- 카카오 알림톡·앱 푸시 CRM 캠페인으로 재구매율 18% 향상
- SQL로 주간 코호트 데이터를 추출해 Excel 리포트 자동화

[기술]
Meta 광고, Google Ads, 네이버 검색광고, GA4, SQL, Excel, Braze
"""
MARKETING_WEAK = """\
윤서진 | 간호사

[경력]
한빛요양병원 — 간호사 (2023.03 ~ 현재)
- 요양병원 병동 간호 업무
- 투약 관리 및 환자 상태 기록

[면허]
간호사 면허
"""

NURSING_POSTING = """\
서울한빛병원 병동 간호사 채용 공고

모집분야: 내과 병동 간호사 (정규직)

담당업무
- 내과 병동 입원 환자 간호 및 투약 관리
- 활력징후 측정 및 EMR 간호 기록 작성
- 3교대 근무 (Day/Evening/Night)

지원자격
- 간호사 면허 소지자
- 임상 경력 1년 이상 (신규 간호사 지원 가능)
- BLS 자격 소지자

우대사항
- ACLS 자격 소지자
- 중환자실(ICU) 근무 경력자
- 상급종합병원 근무 경험자

근무조건
- 근무형태: 정규직, 3교대
- 근무지: 서울 종로구 대학로 101
- 접수기간: 2026년 12월 1일 ~ 12월 18일 18시까지

제출서류
이력서, 자기소개서, 간호사 면허증 사본
"""
NURSING_GOOD = """\
이수민 | 간호사

[경력]
서울중앙병원 — 내과 병동 간호사 (2021.03 ~ 2023.02)
- 40병상 내과 병동 3교대 근무, 낙상 사고 0건 유지
- EMR 간호 기록 표준화로 인수인계 시간 20분 → 10분 단축

서울중앙병원 — 중환자실(ICU) 간호사 (2023.03 ~ 현재)
- 중환자 활력징후 모니터링 및 투약 관리, CRRT 환자 간호

[면허 및 자격]
간호사 면허, BLS, ACLS
"""
NURSING_WEAK = """\
강태오 | 데이터 분석가

[경력]
인사이트랩 — 데이터 분석가 (2024.02 ~ 현재)
- SQL, Python으로 매출 리포트 작성
- Tableau 대시보드 운영

[기술]
SQL, Python, Tableau
"""

ENGLISH_POSTING = """\
Senior Backend Engineer — Acme Robotics

About us
Acme Robotics builds fleet software for warehouse robots.

What you'll do
- Design and build Go services that coordinate thousands of robots
- Own our PostgreSQL data model and its performance

Requirements
- 5+ years of backend engineering experience
- Strong Go or Rust skills
- Experience with PostgreSQL and Kubernetes

Nice to have
- Kafka or NATS for event streaming
- Experience with Terraform

Employment type: Full-time
Location: Berlin, Germany (hybrid)
Apply by December 31, 2026
"""

CASES = {
    "backend": {
        "posting": BACKEND_POSTING, "good": BACKEND_GOOD, "weak": BACKEND_WEAK,
        "expect": {
            "company": "그린커머스", "position_contains": "백엔드 개발자",
            "sections": {"intro", "responsibilities", "requirements", "preferred", "benefits", "process", "conditions"},
            "required": {"Java", "Spring Boot", "JPA", "MySQL", "Git"},
            "preferred": {"Kafka", "Kubernetes", "AWS", "Redis"},
            "deadline": "2026-12-31", "employment_type": "정규직", "location_contains": "강남구",
            "min_years": 3,
        },
    },
    "frontend": {
        "posting": FRONTEND_POSTING, "good": FRONTEND_GOOD, "weak": FRONTEND_WEAK,
        "expect": {
            "company": "토닥헬스", "position_contains": "프론트엔드 개발자",
            "sections": {"responsibilities", "requirements", "preferred", "benefits", "process"},
            "required": {"React", "TypeScript", "Next.js", "HTML", "CSS"},
            "preferred": {"GraphQL", "Jest", "Storybook", "AWS"},
            "deadline": "2027-01-15", "employment_type": "정규직", "location_contains": "성동구",
            "min_years": 2,
        },
    },
    "data": {
        "posting": DATA_POSTING, "good": DATA_GOOD, "weak": DATA_WEAK,
        "expect": {
            "company": "모아데이터", "position_contains": "데이터 분석가",
            "sections": {"responsibilities", "requirements", "preferred", "conditions"},
            "required": {"SQL", "Python", "Tableau"},
            "preferred": {"BigQuery", "Airflow", "Spark"},
            "deadline": "2026-12-20", "employment_type": "정규직", "location_contains": "마포구",
            "min_years": 2,
        },
    },
    "marketing": {
        "posting": MARKETING_POSTING, "good": MARKETING_GOOD, "weak": MARKETING_WEAK,
        "expect": {
            "company": "오늘의식탁", "position_contains": "퍼포먼스 마케터",
            "sections": {"responsibilities", "requirements", "preferred", "conditions"},
            "required": {"Google Ads", "GA4", "Excel"},
            "preferred": {"SQL"},
            "deadline": "2026-12-10", "employment_type": "정규직", "location_contains": "영등포구",
            "min_years": 2,
        },
    },
    "nursing": {
        "posting": NURSING_POSTING, "good": NURSING_GOOD, "weak": NURSING_WEAK,
        "expect": {
            "company": "서울한빛병원", "position_contains": "간호사",
            "sections": {"responsibilities", "requirements", "preferred", "conditions", "application"},
            "required": {"BLS", "EMR"},
            "preferred": {"ACLS"},
            "deadline": "2026-12-18", "employment_type": "정규직", "location_contains": "종로구",
            "min_years": 1,
        },
    },
}
