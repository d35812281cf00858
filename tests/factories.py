"""Test data made the way the product makes it: users, tokens, documents, postings, cover letters,
interview sessions, PDFs and speech. Plain functions, so a test module, a conftest or a helper
can call them; rows go through the app's own models and services (call them inside a test that
has database access; with `live_url` that is `transactional_db`, so the server sees them)."""
from __future__ import annotations

import hashlib
import io
import itertools
import json
import re
import subprocess
from pathlib import Path

PASSWORD = "Interview-Ready-2026"  # passes every validator in AUTH_PASSWORD_VALIDATORS
_seq = itertools.count(1)


# --- users and credentials ---------------------------------------------------------------------

def make_user(username: str | None = None, *, password: str = PASSWORD, staff: bool = False, **fields):
    """A user with a unique name (or `username`) and `<username>@example.com`; the clear-text
    password is kept on `user.raw_password` for log-in tests."""
    from accounts.models import User

    username = username or f"user{next(_seq)}"
    fields.setdefault("email", f"{username}@example.com")
    fields["is_staff"] = fields.get("is_staff", staff)
    user = User.objects.create_user(username=username, password=password, **fields)
    user.raw_password = password
    return user


def access_token(user) -> str:
    """A JWT access token for `user` (seed 002/003's bearer token)."""
    from rest_framework_simplejwt.tokens import RefreshToken

    return str(RefreshToken.for_user(user).access_token)


def refresh_token(user) -> str:
    from rest_framework_simplejwt.tokens import RefreshToken

    return str(RefreshToken.for_user(user))


def bearer(user_or_token) -> dict[str, str]:
    """The Authorization header (for `requests`) of a user's access token, or of a given token."""
    token = user_or_token if isinstance(user_or_token, str) else access_token(user_or_token)
    return {"Authorization": f"Bearer {token}"}


def api_key(user, name: str = "test") -> str:
    """A new API key of `user` (seed 001's X-API-Key); returns the raw key."""
    from accounts import services

    _, raw = services.api_key_create(owner=user, name=name)
    return raw


def api_client(user=None, *, key: str | None = None):
    """DRF's in-process APIClient, authenticated with the user's JWT or with an API key."""
    from rest_framework.test import APIClient

    client = APIClient()
    if key is not None:
        client.credentials(HTTP_X_API_KEY=key)
    elif user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {access_token(user)}")
    return client


# --- product data ------------------------------------------------------------------------------

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
COVER_LETTER_KO = ("저는 결제 시스템의 안정성을 높이는 일에 보람을 느낍니다. 정산 배치 지연 문제를 해결하며 "
                   "데이터 정합성의 중요성을 배웠고, 카카오페이에서 더 큰 규모의 트래픽을 다루고 싶습니다.")


def document(user, text: str = "", *, doc_type: str = "resume", document_id: str = "resume-1", title: str = "이력서",
             pages: list[dict] | None = None):
    """A document stored the way the documents app stores it (chunks with embeddings)."""
    from documents.services import document_store_text

    return document_store_text(owner=user, doc_type=doc_type, document_id=document_id, text=text, pages=pages,
                               title=title)


def posting(user, text: str = POSTING_KO, **fields):
    """A job posting analysed by the product's own (local) posting analysis."""
    from postings import ai as posting_ai
    from postings.models import JobPosting

    analysis = posting_ai.analyze_posting(text)
    fields.setdefault("title", "백엔드 개발자 채용")
    fields.setdefault("company", analysis.company or "카카오페이")
    fields.setdefault("position", analysis.position or "백엔드 개발자")
    return JobPosting.objects.create(owner=user, original_text=text, ai_analysis=analysis.as_dict(), **fields)


def cover_letter(user, posting=None, content: str = COVER_LETTER_KO, *, expected_questions=(), **fields):
    """A cover letter; `expected_questions` stand in its local feedback (the interview reads them)."""
    from coverletters.models import CoverLetter

    fields.setdefault("title", "카카오페이 자기소개서")
    fields.setdefault("feedback", {"engine": "local", "expected_questions": [{"question": q} for q in expected_questions]})
    return CoverLetter.objects.create(owner=user, job_posting=posting, content=content, **fields)


def interview_session(user, **fields):
    """An interview session row (e.g. a finished one for the dashboard or the assistant)."""
    from interviews.models import InterviewSession

    fields.setdefault("position", "백엔드 개발자")
    return InterviewSession.objects.create(owner=user, **fields)


# --- files -------------------------------------------------------------------------------------

def digital_pdf(pages: list[list[str]], *, size: int = 13, leading: int = 24) -> bytes:
    """A PDF with a real text layer, one list of lines a page: Hangul in a CID font, the rest in Helvetica."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("HYSMyeongJo-Medium"))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    for lines in pages:
        y = 780
        for line in lines:
            pdf.setFont("HYSMyeongJo-Medium" if re.search(r"[\uac00-\ud7a3]", line) else "Helvetica", size)
            pdf.drawString(60, y, line)
            y -= leading
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def text_pdf(text: str) -> bytes:
    """`text` as a digital PDF, its lines flowing onto as many pages as they need."""
    lines = text.splitlines() or [""]
    per_page = 50
    return digital_pdf([lines[i:i + per_page] for i in range(0, len(lines), per_page)], size=10, leading=15)


def scanned_pdf(image, dpi: int = 200) -> bytes:
    """An image-only PDF (no text layer), as a scanner makes (Pillow writes no text layer)."""
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="PDF", resolution=dpi)
    return buf.getvalue()


def stored_files(*prefixes: str) -> set[str]:
    """Every file under these folders of the private storage (earlier tests of the session may
    have left some: compare snapshots)."""
    from django.core.files.storage import default_storage

    found, folders = set(), list(prefixes)
    while folders:
        folder = folders.pop()
        try:
            dirs, names = default_storage.listdir(folder)
        except FileNotFoundError:
            continue
        found.update(f"{folder}/{name}" for name in names)
        folders.extend(f"{folder}/{name}" for name in dirs)
    return found


# --- speech ------------------------------------------------------------------------------------

SPEECH_CACHE = Path("/tmp/intv-test-audio")


def speech_wav(text: str, voice: str = "en-us", speed: int = 160, gap: int = 0) -> bytes:
    """`text` spoken by espeak-ng's own CLI (independent of ai.tts) as a WAV file's bytes; cached by
    content so repeated runs are quick."""
    SPEECH_CACHE.mkdir(parents=True, exist_ok=True)
    key = hashlib.sha1(json.dumps([text, voice, speed, gap]).encode()).hexdigest()[:16]
    path = SPEECH_CACHE / f"{key}.wav"
    if not path.exists():
        partial = path.with_suffix(f".{next(_seq)}.part")
        args = ["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(partial)]
        if gap:
            args += ["-g", str(gap)]
        subprocess.run([*args, text], check=True, timeout=60)
        partial.replace(path)  # another test process never reads a half-written file
    return path.read_bytes()


def speech_pcm16(text: str, voice: str, *, rate: int = 16000, speed: int = 150, silence_after: float = 1.2) -> bytes:
    """Speech as mono pcm16 at `rate` (a streaming client's frames), with trailing silence so a VAD
    closes the utterance."""
    import numpy as np

    from ai import audio

    decoded = audio.decode(speech_wav(text, voice, speed), sample_rate=rate)
    samples = np.concatenate([np.zeros(int(0.3 * rate), np.float32), decoded.samples,
                              np.zeros(int(silence_after * rate), np.float32)])
    return audio.float_to_pcm16(samples)
