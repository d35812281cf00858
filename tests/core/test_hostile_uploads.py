"""The hostile-upload corpus (tests/hostile.py) through every upload surface of a live server:
100 % refused with the surface's own error, nothing stored, and the web and worker processes'
memory bounded while they take it. Grading takes source code, not files, so it has no surface here;
the avatar's audio arrives as pcm16 over its WebSocket (sizes and rates: tests/avatar/test_ws.py)."""
from __future__ import annotations

import pytest

from tests import hostile
from tests.factories import stored_files

# Bytes a process may grow while refusing the whole corpus, in uploads of the largest size
# (measured: web 181 → 236 MB, worker flat; 185 → 626 MB while twisted still parsed every multipart
# body into memory). A decoded pixel flood (10 GB), an inflated zip bomb or a 10 000-page render
# would blow far past it.
RSS_GROWTH_LIMIT_UPLOADS = 5


@pytest.fixture(scope="module")
def corpus():
    return hostile.corpus()


def test_upload_validation_refuses_every_file_of_the_corpus(corpus):
    from core import uploads

    for item in corpus:
        if item.declared == "audio":
            continue
        with pytest.raises(uploads.UploadError):
            uploads.validate_upload(item.data, declared_type=item.declared)


def test_real_pdfs_and_images_still_pass():
    from core import uploads
    from tests.documents import files

    assert uploads.validate_upload(files.digital_pdf(files.RESUME_PAGES), declared_type="pdf").pages == 2
    assert uploads.validate_upload(files.scanned_pdf(files.text_image(["스캔 문서"])), declared_type="pdf").pages == 1
    assert uploads.validate_upload(files.png(files.text_image(["Resume"])), declared_type="image").kind == "image"
    assert uploads.validate_upload(hostile.jpeg(), declared_type="image").mime == "image/jpeg"


def test_every_surface_refuses_the_corpus_and_stores_nothing(_app_server, live_url, corpus):
    import requests
    from django.conf import settings
    from django.test import Client
    from rest_framework_simplejwt.tokens import RefreshToken

    from accounts.models import User
    from calendarparse.models import CalendarEvent
    from core.models import Job
    from documents.models import Document
    from interviews.models import InterviewTurn
    from masking.models import MaskedFile

    user = User.objects.create_user(username="hostile", email="hostile@example.com", password="Hostile-Pass-2026")
    client = Client()
    client.force_login(user)
    headers = {"Authorization": f"Bearer {RefreshToken.for_user(user).access_token}"}
    started = requests.post(live_url + "/api/interviews/start", json={"language": "en"}, headers=headers, timeout=120)
    assert started.status_code in (200, 201), started.text
    auth = {"headers": headers, "session": client.cookies["sessionid"].value, "interview": started.json()["session_id"]}
    prefixes = [f"documents/{user.pk}", f"masking/{user.pk}", "interviews/answers"]
    before = stored_files(*prefixes)

    web = [p.pid for p in _app_server.procs if p is not getattr(_app_server, "worker", None)]
    refused, wrong = 0, []
    with hostile.PeakRss({"web": web, "worker": [_app_server.worker.pid]}) as rss:
        for surface, item in hostile.cases(corpus):
            response = hostile.send(surface, live_url, item, auth)
            if hostile.refused_in_format(surface, response):
                refused += 1
            else:
                wrong.append((surface, item.name, response.status_code, response.text[:200]))
    assert not wrong, wrong
    assert refused == len(hostile.cases(corpus)) >= 100

    assert not Document.objects.filter(owner=user).exists()
    assert not MaskedFile.objects.filter(owner=user).exists()
    assert not Job.objects.filter(owner=user).exists()
    assert not CalendarEvent.objects.filter(owner=user).exists()
    assert not InterviewTurn.objects.filter(session__owner=user).exclude(answered_at=None).exists()
    assert stored_files(*prefixes) == before

    for name in ("web", "worker"):
        print(f"hostile uploads: {name} peak RSS {rss.peak[name] / 2**20:.0f} MB "
              f"(from {rss.base[name] / 2**20:.0f} MB)")
        limit = RSS_GROWTH_LIMIT_UPLOADS * settings.UPLOAD_MAX_BYTES
        assert rss.peak[name] - rss.base[name] < limit, (name, rss.base[name], rss.peak[name])


def test_bodies_over_the_limit_are_refused_in_each_surfaces_format_without_being_held(_app_server, live_url):
    """A body over REQUEST_BODY_MAX_BYTES, declared by Content-Length or sent chunked without one,
    is refused with 413 in the surface's own format, and the web process never holds it."""
    import os

    import requests
    from django.conf import settings
    from urllib3 import encode_multipart_formdata

    limit = settings.REQUEST_BODY_MAX_BYTES
    junk = os.urandom(1 << 20)
    over = limit * 10

    def chunked():
        for _ in range(over // len(junk)):
            yield junk

    form, form_type = encode_multipart_formdata({"file_type": "pdf", "file": ("cv.pdf", b"%PDF-1.4\n" + junk * 21)})
    assert len(form) > limit
    cases = {  # name: (path, body, content type, the surface's format)
        "seed000 multipart, declared": ("/ai/ocr/extract", form, form_type, "seed000"),
        "seed000 multipart, chunked": ("/ai/masking/draft", chunked(), form_type, "seed000"),
        "drf json, chunked": ("/api/users/me", chunked(), "application/json", "drf"),
        "page form, chunked": ("/calendar/new", chunked(), form_type, "page"),
        "page form, declared": ("/accounts/login", b"a=" + junk * 22, "application/x-www-form-urlencoded", "page"),
    }
    web = [p.pid for p in _app_server.procs if p is not getattr(_app_server, "worker", None)]
    wrong = {}
    with hostile.PeakRss({"web": web}) as rss:
        for name, (path, body, content_type, fmt) in cases.items():
            response = requests.post(live_url + path, data=body, headers={"Content-Type": content_type}, timeout=120)
            if response.status_code != 413:
                wrong[name] = (response.status_code, response.text[:200])
            elif fmt == "seed000" and response.json() != {"message": "payload_too_large", "error_code": 4130, "data": None}:
                wrong[name] = response.json()
            elif fmt == "drf" and response.json() != {"detail": "Request body too large"}:
                wrong[name] = response.json()
            elif fmt == "page" and not response.headers["Content-Type"].startswith("text/html"):
                wrong[name] = response.headers["Content-Type"]
    assert not wrong, wrong
    grown = rss.peak["web"] - rss.base["web"]
    print(f"bodies over the limit: web grew {grown / 2**20:.0f} MB for {over / 2**20:.0f} MB chunked bodies")
    assert grown < 2 * limit, (rss.base["web"], rss.peak["web"])
    # just under the limit the body reaches the endpoint, which answers for itself (here: no token)
    under = requests.post(live_url + "/ai/ocr/extract", data=b"x" * (limit - 1024),
                          headers={"Content-Type": "application/octet-stream"}, timeout=120)
    assert under.status_code == 401 and under.json()["error_code"] == 4010, under.text[:200]
