"""Shared fixtures: a real web server (daphne) and a real Celery worker on the test database,
and Debian Chromium driven by Playwright."""
from __future__ import annotations

import os
import socket
import subprocess
import time

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop

pytest_plugins = ["tests.fakeopenai"]  # fake_openai, openai_engine: a scripted OpenAI-compatible server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


@pytest.fixture(scope="session")
def app_env(django_db_setup, django_db_blocker):
    """Environment for child processes: the same settings, pointed at the test database."""
    from django.db import connection

    from config.services import url_for_database
    from core.processes import child_env

    return child_env(DATABASE_URL=url_for_database(connection.settings_dict),
                     DJANGO_SETTINGS_MODULE="config.settings.test")


class AppServer:
    def __init__(self, env: dict, *, worker: bool = True):
        from core import processes

        self.host = "127.0.0.1"
        self.port = processes.free_port()
        self.worker_name = f"test{self.port}@{socket.gethostname()}"
        self.url = f"http://{self.host}:{self.port}"
        self.procs = processes.spawn_web(self.host, self.port, env)
        try:
            if worker:
                self.worker = processes.spawn_worker(env, concurrency=2, name=self.worker_name.split("@")[0])
                self.procs.append(self.worker)
            processes.wait_for_port(self.host, self.port, timeout=60, proc=self.procs[0])
            if worker:
                self._wait_for_worker()
        except BaseException:
            self.stop()  # never leave a worker consuming the shared queue behind
            raise

    def _wait_for_worker(self, timeout: float = 60) -> None:
        from config.celery import app

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.worker.poll() is not None:
                raise RuntimeError("Celery worker exited during start-up")
            if app.control.ping(destination=[self.worker_name], timeout=0.5):
                return
        raise TimeoutError("Celery worker did not answer pings")

    def stop(self) -> None:
        from core import processes

        processes.stop_all(self.procs)


@pytest.fixture(scope="session")
def start_app(app_env):
    """Factory: start another server + worker with extra environment (e.g. AI_ENGINE=openai)."""
    servers = []

    def start(**overrides) -> AppServer:
        """Each extra group (one with overrides) gets its own Celery queue so its worker only runs
        its own tasks; the plain group (`live_url`) keeps the default queue, whichever group a
        session happens to start first, so a task a test sends itself reaches that group."""
        if overrides:
            overrides.setdefault("CELERY_QUEUE", f"q{len(servers) + 1}")
        server = AppServer({**app_env, **overrides})
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session", autouse=True)
def _flush_waits_out_live_writes():
    """A live server may still be writing when its test ends (a WebSocket's disconnect stores the
    candidate's audio after the client has gone). The flush's TRUNCATE can then deadlock with that
    write and PostgreSQL aborts one of the two; when it aborts the flush, flush again."""
    from django.core.management.base import CommandError
    from django.db import OperationalError
    from django.test import TransactionTestCase

    original = TransactionTestCase._fixture_teardown

    def teardown(self):
        for _ in range(4):
            try:
                return original(self)
            except CommandError as exc:
                if not (isinstance(exc.__cause__, OperationalError) and "deadlock" in str(exc.__cause__)):
                    raise
                time.sleep(0.2)
        return original(self)

    TransactionTestCase._fixture_teardown = teardown
    yield
    TransactionTestCase._fixture_teardown = original


@pytest.fixture(scope="session")
def _app_server(start_app):
    return start_app()


@pytest.fixture
def live_url(_app_server, transactional_db) -> str:
    """Base URL of a running daphne + Celery worker that see this test's committed data."""
    return _app_server.url


@pytest.fixture(scope="session")
def openai_app(start_app, fake_openai_server) -> AppServer:
    """The one live server + worker on the openai engine, its AI calls answered by the session's
    fake OpenAI server; every module that needs it shares it (use it with `fake_openai` and
    `transactional_db`)."""
    return start_app(**fake_openai_server.env())


@pytest.fixture(autouse=True)
def local_engine(settings):
    """In-process AI runs on the local engine unless a test asks for `openai_engine`."""
    settings.AI_ENGINE = "local"


@pytest.fixture
def make_user(db):
    """tests.factories.make_user as a fixture (with `live_url` the user is committed)."""
    from tests.factories import make_user

    return make_user


@pytest.fixture
def user(make_user):
    return make_user("jiwon", full_name="김지원", career_summary="백엔드 개발 3년", certifications="정보처리기사, AWS SAA")


@pytest.fixture
def other_user(make_user):
    return make_user("minsu")


@pytest.fixture
def api(user):
    """DRF's in-process APIClient with `user`'s JWT."""
    from tests.factories import api_client

    return api_client(user)


LIVE_FIXTURES = {"live_url", "start_app", "_app_server", "openai_app"}


def pytest_collection_modifyitems(items):
    """`browser`: drives Chromium; `live`: needs a live server and worker. `make test-fast` leaves both out."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if "page" in names or "_browser" in names:
            item.add_marker(pytest.mark.browser)
        if names & LIVE_FIXTURES:
            item.add_marker(pytest.mark.live)


class InProcessHttp:
    """DRF's in-process APIClient with the call shape of `requests` (a path instead of a URL) for API
    tests that need neither a worker nor a socket. Like separate `requests` calls, each call sends
    only the cookies it is given."""

    def __init__(self):
        from rest_framework.test import APIClient

        self.client = APIClient()

    def request(self, method: str, path: str, *, json=None, data=None, headers=None, cookies=None, timeout=None):
        import json as jsonlib
        from http.cookies import SimpleCookie
        from urllib.parse import urlencode

        extra, content_type = {}, None
        for name, value in (headers or {}).items():
            if name.lower() == "content-type":
                content_type = value
            else:
                extra["HTTP_" + name.upper().replace("-", "_")] = value
        if json is not None:
            body, content_type = jsonlib.dumps(json), content_type or "application/json"
        elif isinstance(data, dict):
            body, content_type = urlencode(data), content_type or "application/x-www-form-urlencoded"
        else:
            body = data or ""
        self.client.cookies = SimpleCookie(cookies or {})
        call = getattr(self.client, method.lower())
        if method.upper() in ("GET", "HEAD"):
            response = call(path, **extra)
        else:
            response = call(path, body, content_type=content_type or "application/octet-stream", **extra)
        response.text = response.content.decode("utf-8", "replace")
        response.json = lambda: jsonlib.loads(response.content)
        return response

    def get(self, path: str, **kw):
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw):
        return self.request("POST", path, **kw)

    def patch(self, path: str, **kw):
        return self.request("PATCH", path, **kw)

    def put(self, path: str, **kw):
        return self.request("PUT", path, **kw)

    def delete(self, path: str, **kw):
        return self.request("DELETE", path, **kw)


@pytest.fixture
def http(db) -> InProcessHttp:
    return InProcessHttp()


@pytest.fixture
def s3_storage(settings):
    """The default storage on S3: a moto server on loopback with one private bucket, presigned
    links on. Yields (endpoint, boto3 client, bucket)."""
    import boto3
    from moto.server import ThreadedMotoServer

    from core.processes import free_port

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint, bucket = f"http://127.0.0.1:{port}", "interview-files"
    try:
        client = boto3.client("s3", endpoint_url=endpoint, aws_access_key_id="test", aws_secret_access_key="test",
                              region_name="us-east-1")
        client.create_bucket(Bucket=bucket)
        settings.AWS_STORAGE_BUCKET_NAME = bucket
        settings.STORAGES = {**settings.STORAGES, "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": bucket, "endpoint_url": endpoint, "access_key": "test", "secret_key": "test",
                        "region_name": "us-east-1", "default_acl": "private", "querystring_auth": True,
                        "file_overwrite": False},
        }}
        yield endpoint, client, bucket
    finally:
        server.stop()


@pytest.fixture(scope="session")
def _browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def csp_safe_waits(page):
    """The pages' Content-Security-Policy forbids eval, and Playwright's `wait_for_function` evals
    its expression inside the page; poll with `evaluate` instead (DevTools evaluation is not subject
    to the page's policy), so tests run against the real policy. Without a `timeout` a wait lasts
    the page's default timeout, as Playwright's own does."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    default = {"ms": 30000}  # Playwright's default until the test sets one
    set_default_timeout = page.set_default_timeout

    def remember_default_timeout(ms):
        default["ms"] = ms
        set_default_timeout(ms)

    def wait_for_function(expression, *, timeout=None, polling=None, arg=None):
        deadline = time.monotonic() + (default["ms"] if timeout is None else timeout) / 1000
        while not page.evaluate(expression, arg):
            if time.monotonic() > deadline:
                raise PlaywrightTimeout(f"waiting for {expression!r}")
            page.wait_for_timeout(100)

    page.set_default_timeout = remember_default_timeout
    page.wait_for_function = wait_for_function
    return page


@pytest.fixture
def page(_browser):
    """A fresh browser context; console errors and page errors are collected on `page.errors`."""
    context = _browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    pg = csp_safe_waits(context.new_page())
    pg.errors = []
    pg.on("console", lambda msg: msg.type == "error" and pg.errors.append(msg.text))
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))
    pg.set_default_timeout(15000)
    yield pg
    context.close()


@pytest.fixture(scope="session")
def embedded_llm_server():
    """llama.cpp's server with the packaged model (ai/embedded_llm.py), once per session: its /v1 URL.
    Skipped only where the CPU cannot run the portable build (no AVX2/FMA/F16C)."""
    from ai import embedded_llm
    from core import processes

    supported, reason = embedded_llm.cpu_support()
    if not supported:
        pytest.skip(f"embedded model unavailable: {reason}")
    port = processes.free_port()
    proc = embedded_llm.start(port, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    yield f"http://127.0.0.1:{port}/v1"
    processes.stop_all([proc])


@pytest.fixture
def embedded_engine(settings, embedded_llm_server) -> str:
    """Settings switched to AI_ENGINE=embedded, pointed at the session's llama.cpp server."""
    settings.AI_ENGINE = "embedded"
    settings.EMBEDDED_LLM_URL = embedded_llm_server
    # These tests check what the model writes; the time budget has its own test. A loaded shared
    # CPU makes generation many times slower than the ~20 s product budget allows.
    settings.EMBEDDED_LLM_BUDGET = 300.0
    return embedded_llm_server
