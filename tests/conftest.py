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
        """Each extra group gets its own Celery queue so its worker only runs its own tasks."""
        if servers:
            overrides.setdefault("CELERY_QUEUE", f"q{len(servers)}")
        server = AppServer({**app_env, **overrides})
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def _app_server(start_app):
    return start_app()


@pytest.fixture
def live_url(_app_server, transactional_db) -> str:
    """Base URL of a running daphne + Celery worker that see this test's committed data."""
    return _app_server.url


@pytest.fixture(scope="session")
def _browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(_browser):
    """A fresh browser context; console errors and page errors are collected on `page.errors`."""
    context = _browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
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
