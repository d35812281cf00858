"""Fixtures for the interview tests: users with tokens, a posting, a resume, a cover letter,
spoken answers made with espeak-ng, and small HTTP helpers."""
from __future__ import annotations

import functools
import time

import pytest
import requests

from tests import factories
from tests.factories import bearer

WEAK_KO = "저희 팀은 결제 시스템을 개선하는 프로젝트를 진행했습니다. 여러 가지 기능을 만들었고 잘 마무리했습니다."
STRONG_KO = ("작년 결제 서비스에서 피크 시간 응답 지연이 문제였습니다. 제가 원인 분석을 맡아 슬로우 쿼리를 찾았고, "
             "DB 부하를 줄이기 위해 Redis 캐시를 도입했습니다. 그 결과 평균 응답 시간이 800ms에서 120ms로 85% 줄었습니다. "
             "Memcached 대신 Redis를 고른 이유는 자료구조와 만료 시간 관리가 편했기 때문입니다.")
WEAK_EN = "Our team worked on the payment system project. We built a lot of features and it went well."
STRONG_EN = ("Last year our checkout API slowed down at peak hours. I owned the investigation and found slow queries, "
             "so I introduced a Redis cache in front of PostgreSQL because it kept the data model simple. "
             "As a result, the average response time dropped from 800 ms to 120 ms, an 85 percent cut.")

RESUME_KO = """김지원 백엔드 개발자 (경력 4년)
- 핀테크 스타트업에서 Django와 PostgreSQL로 결제 정산 시스템을 개발했습니다.
- 정산 배치 처리 시간을 6시간에서 40분으로 단축했습니다.
- Redis 캐시를 도입해 결제 API 응답 시간을 85% 줄였습니다.
- Kubernetes로 배포 파이프라인을 구성해 배포 시간을 절반으로 줄였습니다.
"""


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
    return factories.posting


@pytest.fixture
def resume_for(db):
    """A resume stored the way the documents app stores it (chunks with embeddings)."""
    return functools.partial(factories.document, text=RESUME_KO)


@pytest.fixture
def letter_for(db):
    def make(user, posting=None, expected=("결제 정산 배치 지연을 해결한 과정에서 본인의 역할은 무엇이었나요?",)):
        return factories.cover_letter(user, posting, expected_questions=expected)

    return make


def espeak_wav(text: str, voice: str = "en-us", speed: int = 165, gap: int = 0) -> bytes:
    """A spoken answer (a little faster than the other tests' speech)."""
    return factories.speech_wav(text, voice, speed, gap)


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
