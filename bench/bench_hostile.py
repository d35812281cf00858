"""Hostile uploads: the corpus of tests/hostile.py through every upload surface of a real daphne +
Celery worker; share refused in the surface's format, time per file, and peak resident memory."""
import sys
import time
import uuid

import requests
from common import BASE_DIR, figure, latency_figures, live_app, setup_django

setup_django()
sys.path.insert(0, str(BASE_DIR))

from django.test import Client  # noqa: E402
from rest_framework_simplejwt.tokens import RefreshToken  # noqa: E402

from accounts.models import User  # noqa: E402
from tests import hostile  # noqa: E402

with live_app() as app:
    base = app.url
    name = f"hostile{uuid.uuid4().hex[:8]}"
    user = User.objects.create_user(username=name, email=f"{name}@example.com", password="Hostile-Pass-2026")
    client = Client()
    client.force_login(user)
    headers = {"Authorization": f"Bearer {RefreshToken.for_user(user).access_token}"}
    interview = requests.post(base + "/api/interviews/start", json={"language": "en"}, headers=headers,
                              timeout=120).json()["session_id"]
    auth = {"headers": headers, "session": client.cookies["sessionid"].value, "interview": interview}
    corpus = hostile.corpus()
    refused, seconds = 0, []
    with hostile.PeakRss({"web": [p.pid for p in app.web], "worker": [app.worker.pid]}) as rss:
        for surface, item in hostile.cases(corpus):
            start = time.perf_counter()
            refused += hostile.refused_in_format(surface, hostile.send(surface, base, item, auth))
            seconds.append(time.perf_counter() - start)
    total = len(hostile.cases(corpus))
    figure("hostile_uploads_sent", total, "files")
    figure("hostile_uploads_refused", 100 * refused / total, "%")
    latency_figures("hostile_upload_refusal", seconds)
    for group in ("web", "worker"):
        figure(f"hostile_uploads_{group}_rss_before", rss.base[group] / 2**20, "MB")
        figure(f"hostile_uploads_{group}_peak_rss", rss.peak[group] / 2**20, "MB")
