"""Fixtures for the interview tests: users with tokens, a posting, a resume, a cover letter,
spoken answers made with espeak-ng, and small HTTP helpers."""
from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest
import requests

WEAK_KO = "저희 팀은 결제 시스템을 개선하는 프로젝트를 진행했습니다. 여러 가지 기능을 만들었고 잘 마무리했습니다."
STRONG_KO = ("작년 결제 서비스에서 피크 시간 응답 지연이 문제였습니다. 제가 원인 분석을 맡아 슬로우 쿼리를 찾았고, "
             "DB 부하를 줄이기 위해 Redis 캐시를 도입했습니다. 그 결과 평균 응답 시간이 800ms에서 120ms로 85% 줄었습니다. "
             "Memcached 대신 Redis를 고른 이유는 자료구조와 만료 시간 관리가 편했기 때문입니다.")
WEAK_EN = "Our team worked on the payment system project. We built a lot of features and it went well."
STRONG_EN = ("Last year our checkout API slowed down at peak hours. I owned the investigation and found slow queries, "
             "so I introduced a Redis cache in front of PostgreSQL because it kept the data model simple. "
             "As a result, the average response time dropped from 800 ms to 120 ms, an 85 percent cut.")

POSTING_KO = """[카카오페이] 백엔드 개발자 채용

담당업무
- 결제 및 정산 API 설계와 개발
- 대용량 트래픽 처리를 위한 성능 개선

자격요건
- Python 또는 Java 기반 백엔드 개발 경력 3년 이상
- PostgreSQL 등 RDBMS 설계 및 쿼리 튜닝 경험
- Docker, Kubernetes 환경에서의 배포 경험

우대사항
- Kafka 등 메시지 큐 운영 경험
- Redis 캐시 설계 경험
"""
RESUME_KO = """김지원 백엔드 개발자 (경력 4년)
- 핀테크 스타트업에서 Django와 PostgreSQL로 결제 정산 시스템을 개발했습니다.
- 정산 배치 처리 시간을 6시간에서 40분으로 단축했습니다.
- Redis 캐시를 도입해 결제 API 응답 시간을 85% 줄였습니다.
- Kubernetes로 배포 파이프라인을 구성해 배포 시간을 절반으로 줄였습니다.
"""
COVER_LETTER_KO = ("저는 결제 시스템의 안정성을 높이는 일에 보람을 느낍니다. 정산 배치 지연 문제를 해결하며 "
                   "데이터 정합성의 중요성을 배웠고, 카카오페이에서 더 큰 규모의 트래픽을 다루고 싶습니다.")


@pytest.fixture
def make_user(db):
    from accounts.models import User

    counter = {"n": 0}

    def make(username: str | None = None, password: str = "Interview-Pass-2026") -> User:
        counter["n"] += 1
        name = username or f"cand{counter['n']}_{int(time.time() * 1000) % 100000}"
        return User.objects.create_user(username=name, email=f"{name}@example.com", password=password,
                                        full_name="김지원")

    return make


def bearer(user) -> dict:
    from rest_framework_simplejwt.tokens import RefreshToken

    return {"Authorization": f"Bearer {RefreshToken.for_user(user).access_token}"}


class Api:
    """A requests session against the live server with a bearer token."""

    def __init__(self, base: str, headers: dict | None = None):
        self.base = base
        self.http = requests.Session()
        self.http.headers.update(headers or {})

    def get(self, path: str, **kw):
        return self.http.get(self.base + path, timeout=kw.pop("timeout", 120), **kw)

    def post(self, path: str, **kw):
        return self.http.post(self.base + path, timeout=kw.pop("timeout", 180), **kw)


@pytest.fixture
def api_for(live_url):
    def make(user=None) -> Api:
        return Api(live_url, bearer(user) if user is not None else {})

    return make


@pytest.fixture
def posting_for(db):
    def make(user, text: str = POSTING_KO):
        from postings import ai as posting_ai
        from postings.models import JobPosting

        analysis = posting_ai.analyze_posting(text)
        return JobPosting.objects.create(owner=user, title="백엔드 개발자 채용", company=analysis.company or "카카오페이",
                                         position=analysis.position or "백엔드 개발자", original_text=text,
                                         ai_analysis=analysis.as_dict())

    return make


@pytest.fixture
def resume_for(db):
    """A resume stored the way the documents app stores it (chunks with embeddings)."""
    def make(user, text: str = RESUME_KO):
        from documents import services as documents

        return documents.document_store_text(owner=user, doc_type="resume", document_id="resume-1", text=text,
                                             title="이력서")

    return make


@pytest.fixture
def letter_for(db):
    def make(user, posting=None, expected=("결제 정산 배치 지연을 해결한 과정에서 본인의 역할은 무엇이었나요?",)):
        from coverletters.models import CoverLetter

        return CoverLetter.objects.create(owner=user, job_posting=posting, title="카카오페이 자기소개서",
                                          content=COVER_LETTER_KO,
                                          feedback={"engine": "local",
                                                    "expected_questions": [{"question": q} for q in expected]})

    return make


AUDIO_DIR = Path("/tmp/intv-test-audio")


def espeak_wav(text: str, voice: str = "en-us", speed: int = 165, gap: int = 0) -> bytes:
    """Spoken audio for an answer (cached by content so repeated runs are quick)."""
    import hashlib

    AUDIO_DIR.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha1(json.dumps([text, voice, speed, gap]).encode()).hexdigest()[:16]
    path = AUDIO_DIR / f"{key}.wav"
    if not path.exists():
        args = ["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(path)]
        if gap:
            args += ["-g", str(gap)]
        subprocess.run([*args, text], check=True, timeout=60)
    return path.read_bytes()


def wait_until(check, timeout: float = 60, interval: float = 0.3):
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        last = check()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s (last: {last!r})")


def sse_events(response) -> list[dict]:
    from core.sse import parse_events

    return parse_events(response.content.decode("utf-8"))
