"""Twenty job postings written the way Korean and English postings state their schedules, with the
schedule a person reads from each: (stage, date, time). `TODAY` is the day each is parsed on.

Stage names are the calendar's canonical labels (calendarparse/local/stages.py). A deadline with
no date ("채용 시 마감") is (서류 마감, None, None).
"""
from datetime import date

TODAY = date(2026, 12, 1)

POSTINGS: list[dict] = [
    {"name": "kakao_backend", "text": """[카카오] 2027 신입 백엔드 개발자 공개채용
회사명: 카카오
모집 직무: 백엔드 개발자 (신입)

■ 자격요건
- Java, Spring Boot 기반 서버 개발 경험
- RDBMS 이해

■ 전형 절차
서류 접수 → 코딩테스트 → 1차 면접 → 2차 면접 → 최종 합격

■ 전형 일정
- 서류 접수: 2026년 12월 7일(월) ~ 2027년 1월 15일(금) 18:00까지
- 코딩테스트: 1/20(수) 오후 2시
- 1차 면접: 2027년 1월 셋째 주
- 2차 면접: 2.3 ~ 2.5
- 최종 발표: 2월 12일
""", "expected": [
        ("서류 접수", "2026-12-07", None), ("서류 마감", "2027-01-15", "18:00"), ("코딩테스트", "2027-01-20", "14:00"),
        ("1차 면접", "2027-01-18", None), ("2차 면접", "2027-02-03", None), ("최종 발표", "2027-02-12", None)]},

    {"name": "naver_frontend", "text": """NAVER 프론트엔드 개발자 경력 채용
게시일 2026.11.25

[지원 자격]
• React, TypeScript 3년 이상

[채용 일정]
서류마감 ~ 12.18(금)
과제 전형 12.21(월) ~ 12.27(일)
1차 면접 2027.01.06 (수) 10:00
임원 면접 1월 13일(수) 오후 3시
입사일 2027년 2월 1일 (협의 가능)
""", "expected": [
        ("서류 마감", "2026-12-18", None), ("과제", "2026-12-21", None), ("1차 면접", "2027-01-06", "10:00"),
        ("임원 면접", "2027-01-13", "15:00"), ("입사일", "2027-02-01", None)]},

    {"name": "samsung_gsat", "text": """삼성전자 DS부문 2027년 상반기 3급 신입사원 채용
지원서 접수 기간: 2027.03.08(월) 09:00 ~ 03.15(월) 17:00
직무적합성평가(서류): 4월 초 발표 예정
GSAT: 4월 17일(토) 오전 9시
면접: 5월 중
※ 세부 일정은 삼성 채용 홈페이지를 통해 개별 안내
""", "expected": [
        ("서류 접수", "2027-03-08", "09:00"), ("서류 마감", "2027-03-15", "17:00"),
        ("인적성검사(GSAT)", "2027-04-17", "09:00")]},

    {"name": "sk_skct", "text": """SK하이닉스 신입 엔지니어 채용 공고
모집분야: 공정 엔지니어

전형 일정
1) 서류 접수: 1/4(월) ~ 1/18(월) 17:00
2) SKCT(인적성검사): 2027년 1월 30일(토)
3) 1차 면접: 2월 8일 ~ 2월 10일
4) 2차 면접: 2월 마지막 주
5) 최종 합격자 발표: 3월 5일(금)
""", "expected": [
        ("서류 접수", "2027-01-04", None), ("서류 마감", "2027-01-18", "17:00"),
        ("인적성검사(SKCT)", "2027-01-30", None), ("1차 면접", "2027-02-08", None), ("2차 면접", "2027-02-22", None),
        ("최종 발표", "2027-03-05", None)]},

    {"name": "startup_rolling", "text": """(주)버킷플레이스 오늘의집 - 데이터 엔지니어 (경력 3년 이상)

주요업무
- Airflow, Spark 기반 데이터 파이프라인 운영

지원 방법 및 일정
- 마감일: 채용 시 마감
- 서류 검토 후 개별 연락드립니다.
""", "expected": [("서류 마감", None, None)]},

    {"name": "coupang_table", "text": """쿠팡 | Backend Engineer (Payments)
근무지: 서울 송파구

채용 일정
서류 마감
2026.12.31 23:59
코딩 테스트
2027.01.09 (토) 10:00
기술 면접
2027.01.18 ~ 2027.01.22
""", "expected": [
        ("서류 마감", "2026-12-31", "23:59"), ("코딩테스트", "2027-01-09", "10:00"), ("기술 면접", "2027-01-18", None)]},

    {"name": "hyundai_hmat", "text": """현대자동차 연구개발본부 신입 채용
□ 접수기간 : 2027년 3월 2일(화) ~ 3월 14일(일) 23시
□ 서류전형 결과 발표 : 3월 25일(목)
□ 인적성검사(HMAT) : 4월 3일(토) 13:00
□ 1차 면접 : 4월 둘째 주
□ 최종 면접 : 5월 첫째 주
□ 입사 예정 : 2027년 7월
""", "expected": [
        ("서류 접수", "2027-03-02", None), ("서류 마감", "2027-03-14", "23:00"), ("서류 발표", "2027-03-25", None),
        ("인적성검사(HMAT)", "2027-04-03", "13:00"), ("1차 면접", "2027-04-05", None), ("최종 면접", "2027-05-03", None)]},

    {"name": "bank_ncs", "text": """한국산업은행 2027년 신입행원 채용 공고
1. 원서접수: 2027. 2. 1.(월) ~ 2. 15.(월) 18:00
2. 필기시험: 2027. 3. 6.(토)
3. 1차 면접: 3월 22일(월) ~ 3월 24일(수)
4. 2차 면접: 4월 7일(수)
5. 최종합격자 발표: 4월 16일(금) 17시
""", "expected": [
        ("서류 접수", "2027-02-01", None), ("서류 마감", "2027-02-15", "18:00"), ("필기시험", "2027-03-06", None),
        ("1차 면접", "2027-03-22", None), ("2차 면접", "2027-04-07", None), ("최종 발표", "2027-04-16", "17:00")]},

    {"name": "toss_simple", "text": """토스 Server Developer 채용
서류 접수 ~ 01.15
과제 제출 1/22(금)까지
인터뷰는 서류 합격자에 한해 개별 안내드립니다.
""", "expected": [("서류 마감", "2027-01-15", None), ("과제", "2027-01-22", None)]},

    {"name": "lg_wayfit", "text": """LG전자 H&A사업본부 SW개발 신입사원 모집
- 지원서 접수: 12월 1일(화) ~ 12월 14일(월) 17:00
- LG Way Fit Test: 2027년 1월 9일(토)
- 1차 면접: 1월 20일(수) ~ 1월 22일(금)
- 최종 면접(임원): 2월 초
- 최종 결과 발표: 2월 19일(금)
""", "expected": [
        ("서류 접수", "2026-12-01", None), ("서류 마감", "2026-12-14", "17:00"),
        ("인적성검사(LG Way Fit Test)", "2027-01-09", None), ("1차 면접", "2027-01-20", None),
        ("최종 발표", "2027-02-19", None)]},

    {"name": "game_company", "text": """넥슨코리아 게임 클라이언트 프로그래머 (신입/경력)
[전형 안내]
서류전형 > 사전과제 > 1차 면접 > 2차 면접 > 처우 협의 > 최종 합격

[일정]
* 서류 마감: 2026년 12월 27일 (일) 자정
* 사전과제: 12/30(수) ~ 1/3(일)
* 1차 면접: 1월 11일 오후 2시
* 2차 면접: 1월 18일 14시
""", "expected": [
        ("서류 마감", "2026-12-27", None), ("과제", "2026-12-30", None), ("1차 면접", "2027-01-11", "14:00"),
        ("2차 면접", "2027-01-18", "14:00")]},

    {"name": "hospital_nurse", "text": """서울한빛병원 2027년 신규간호사 채용
접수기간 : 2026.12.14 ~ 2026.12.28
서류 합격자 발표 : 2027.01.05(화)
면접 : 2027.01.12(화) 오전 10시
최종 합격자 발표 : 2027.01.19(화)
입사일 : 2027.03.02 (입문 교육 3.2 ~ 3.12)
""", "expected": [
        ("서류 접수", "2026-12-14", None), ("서류 마감", "2026-12-28", None), ("서류 발표", "2027-01-05", None),
        ("면접", "2027-01-12", "10:00"), ("최종 발표", "2027-01-19", None), ("입사일", "2027-03-02", None)]},

    {"name": "public_agency", "text": """한국전력공사 2027년 상반기 대졸수준 공개채용
□ 입사지원 : 2.22(월) 10:00 ~ 3.5(금) 15:00
□ 필기전형 : 3월 셋째 주 (예정)
□ 면접전형 : 4월 중
□ 최종합격 : 5월 초
""", "expected": [
        ("서류 접수", "2027-02-22", "10:00"), ("서류 마감", "2027-03-05", "15:00"), ("필기시험", "2027-03-15", None)]},

    {"name": "always_open", "text": """[상시채용] 당근마켓 iOS 엔지니어
자격 요건: Swift 3년 이상
전형 절차: 서류 → 과제 → 1차 인터뷰 → 2차 인터뷰 → 처우 협의
지원 마감: 상시채용 (채용 시 마감될 수 있습니다)
""", "expected": [("서류 마감", None, None)]},

    {"name": "en_google_style", "text": """Software Engineer, New Grad 2027 — Acme Robotics
Location: Seoul, Korea
Posted on December 1, 2026

Hiring timeline
- Applications open: December 1, 2026
- Application deadline: January 15, 2027 at 11:59 PM KST
- Online assessment: January 22, 2027
- Technical interviews: February 1-5, 2027
- Offers will be made by February 26, 2027
""", "expected": [
        ("Applications open", "2026-12-01", None), ("Application deadline", "2027-01-15", "23:59"),
        ("Coding test", "2027-01-22", None), ("Technical interview", "2027-02-01", None),
        ("Final decision", "2027-02-26", None)]},

    {"name": "en_startup", "text": """Senior Backend Engineer at Lumen Pay
We are hiring on a rolling basis.

Process
1. Recruiter call (30 min)
2. Take-home assignment — due Dec 18
3. Onsite interview on Jan 8 at 2 PM
4. Expected start date: March 2, 2027
""", "expected": [
        ("Application deadline", None, None), ("Take-home assignment", "2026-12-18", None), ("Onsite interview", "2027-01-08", "14:00"),
        ("Start date", "2027-03-02", None)]},

    {"name": "en_simple_deadline", "text": """Data Analyst (Contract, 12 months)
Northwind Health
Apply by 15 January 2027. Phone screens will be held the week of January 25.
First-round interviews: February 3rd, 10 AM (video call)
Start date: April 1, 2027
""", "expected": [
        ("Application deadline", "2027-01-15", None), ("Phone screen", "2027-01-25", None),
        ("First-round interview", "2027-02-03", "10:00"),
        ("Start date", "2027-04-01", None)]},

    {"name": "en_korea_company", "text": """[Hyperconnect] Machine Learning Engineer (Experienced)
Application deadline: ~ 2027.01.31 (Sun)
Coding test: 2/6 (Sat) 10:00
1st interview: Feb 15, 2027
Final interview: Feb 24, 2027 4 PM
Results will be announced on March 5.
""", "expected": [
        ("Application deadline", "2027-01-31", None), ("Coding test", "2027-02-06", "10:00"),
        ("First-round interview", "2027-02-15", None), ("Final interview", "2027-02-24", "16:00"),
        ("Final decision", "2027-03-05", None)]},

    {"name": "year_boundary", "text": """[라인플러스] 보안 엔지니어 경력 채용
공고일: 2026-12-18
서류 마감: 12/30(수) 18시
코딩테스트: 1/4(월) 오후 7시
1차 면접: 1.11(월) ~ 1.13(수)
2차 면접: 1/20 오후 4시 30분
입사: 2월 15일
""", "expected": [
        ("서류 마감", "2026-12-30", "18:00"), ("코딩테스트", "2027-01-04", "19:00"), ("1차 면접", "2027-01-11", None),
        ("2차 면접", "2027-01-20", "16:30"), ("입사일", "2027-02-15", None)]},

    {"name": "mixed_one_line", "text": """우아한형제들 배민 서버 개발자 채용
일정: 서류 마감 1/8(금), 코딩테스트 1/16(토) 오전 10시, 1차 면접 1/25(월), 최종 발표 2/5(금)
""", "expected": [
        ("서류 마감", "2027-01-08", None), ("코딩테스트", "2027-01-16", "10:00"), ("1차 면접", "2027-01-25", None),
        ("최종 발표", "2027-02-05", None)]},
]

EXTRA_POSTINGS = [  # written after the parser was; first run 16/18, then NCS-in-brackets and "8 and 12 February" were fixed
("""[한화시스템] 2027 상반기 신입사원 모집
▶ 지원서 접수 : ~ 2027년 3월 21일(일) 23:59
▶ 인적성검사(HAT) : 4월 10일(토)
▶ 1차 면접 : 4월 넷째 주
▶ 최종 면접 : 5월 중순
▶ 입사 : 7월 1일""", [("서류 마감","2027-03-21","23:59"),("인적성검사(HAT)","2027-04-10",None),("1차 면접","2027-04-19",None),("입사일","2027-07-01",None)]),
("""야놀자 | Frontend Engineer
모집 마감일 2027-01-10
과제 전형 - 서류 합격자 대상, 1월 18일(월)~1월 22일(금)
기술 인터뷰 1/28(목) 16:00
컬처핏 면접 2/4(목) 오후 5시""", [("서류 마감","2027-01-10",None),("과제","2027-01-18",None),("컬처핏 면접","2027-02-04","17:00")]),
("""Backend Engineer (Go) – Pixel Labs, Berlin/Seoul
Deadline to apply: Dec 20, 2026
Interviews: week of January 11, 2027
Starting date: ASAP / by March 2027""", [("Application deadline","2026-12-20",None),("Interview","2027-01-11",None)]),
("""우리은행 2027년 상반기 신입행원 채용
- 접수기간: 2027.02.15(월) ~ 2027.02.26(금) 17:00
- 서류전형 발표: 3.10(수)
- 필기시험(NCS): 3.20(토) 10시
- 1차 면접: 3.29(월) ~ 3.31(수)
- 최종합격자 발표: 4월 16일(금)""", [("서류 접수","2027-02-15",None),("서류 마감","2027-02-26","17:00"),("서류 발표","2027-03-10",None),("필기시험","2027-03-20","10:00"),("1차 면접","2027-03-29",None),("최종 발표","2027-04-16",None)]),
("""Junior Data Scientist – Seoul
Applications close 31 January 2027.
Shortlisted candidates will complete an online assessment between 8 and 12 February 2027.
Final interviews: 24 February 2027, 10:00–16:00 KST.""", [("Application deadline","2027-01-31",None),("Coding test","2027-02-08",None),("Final interview","2027-02-24","10:00")]),
]
