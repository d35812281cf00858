"""Demo data: one finished mock interview for the demo user (typed answers to the demo posting),
so the history and result pages have something to show. Idempotent: found again by its label."""
from interviews import services
from interviews.models import InterviewSession
from postings.selectors import demo_posting

DEMO_LABEL = "demo-interview"
# Written for the questions the local engine asks this demo user (it is deterministic): an opening,
# a Django deep-dive, a follow-up on the missing own role (a "we" answer), a posting skill, and a last weak answer.
ANSWERS = [
    "안녕하세요, 3년 차 백엔드 개발자 김지원입니다. 커머스 회사에서 Django로 주문·결제 API를 개발했고, "
    "제가 결제 승인 모듈을 맡아 장애 대응 절차를 만들었습니다. 그 결과 결제 실패 문의가 월 120건에서 30건으로 줄었습니다.",
    "팀과 함께 주문 조회 화면의 속도를 개선했습니다. Django Debug Toolbar로 쿼리를 확인하고 select_related를 적용하는 등 "
    "여러 가지 방법을 시도했고 잘 마무리되었습니다.",
    "주문 조회 API의 응답 시간을 1.2초에서 300ms로 줄였습니다. 화면 하나에서 나가던 쿼리도 120개에서 4개로 줄었습니다. "
    "제가 슬로우 쿼리 로그를 분석해 인덱스를 추가했고, 변경이 드문 상품 정보는 Redis에 5분간 캐시했습니다.",
    "정산 배치가 메모리 부족으로 멈추는 문제가 있었습니다. 제가 원인을 분석해 보니 한 달 치 주문을 한 번에 읽고 있었기 때문에, "
    "Python 제너레이터로 1,000건씩 나눠 처리하도록 바꿨습니다. 그 결과 메모리 사용량이 8GB에서 600MB로 줄었습니다.",
    "음, 그 부분은 아마 팀에서 정했던 것 같습니다. 저는 잘 모르겠습니다.",
]


def load(*, user, texts: dict[str, str]) -> InterviewSession | None:
    existing = InterviewSession.objects.filter(owner=user, client_session_id=DEMO_LABEL).first()
    if existing is not None:
        return existing
    posting = demo_posting(user)
    session = services.session_start(owner=user, posting=posting, language="ko", interview_type="technical",
                                     client_session_id=DEMO_LABEL)
    for answer in ANSWERS:
        turn = services.turn_next(session=session, speak=True)
        services.turn_evaluate(turn=services.turn_answer_text(turn=turn, text=answer))
    InterviewSession.objects.filter(pk=session.pk).update(ended_by=InterviewSession.EndedBy.AUTO)
    # Written here rather than by the report job: the demo is loaded before any worker runs.
    return services.report_build(session_id=session.pk)
