"""Start and stop the web server and Celery workers as child processes.

Used by `manage.py serve` (make run) and by the test suite, so both run the same processes.
Children inherit DATABASE_URL / REDIS_URL from this process's environment (see config.services).
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent


def child_env(**overrides: str) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    env["PYTHONUNBUFFERED"] = "1"
    env.update(overrides)
    return env


def _more_files() -> None:
    """A web process holds a socket per client plus its Redis and database connections: lift the
    soft open-files limit (often 1024) to the hard one."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 65536) if hard != resource.RLIM_INFINITY else 65536, hard))


def spawn_web(host: str, port: int, env: dict[str, str], *, processes: int = 2, **popen) -> list[subprocess.Popen]:
    """Run `processes` daphne servers that accept on one shared listening socket.

    Django runs every sync view of a process on one thread, so one slow request (speech
    recognition, a long LLM call) would hold up the rest; several processes on one socket let
    the kernel hand each connection to an idle one.
    """
    if ":" in host:  # Twisted's fd endpoint cannot be told a socket is IPv6: one process binds itself
        return [subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", host, "-p", str(port), "--proxy-headers", "config.asgi:application"],
            cwd=BASE_DIR, env=env, preexec_fn=_more_files, **popen,
        )]
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((host, port))
    listener.listen(512)
    fd = listener.fileno()
    try:
        return [
            subprocess.Popen(
                [sys.executable, "-m", "daphne", "--fd", str(fd), "--proxy-headers", "config.asgi:application"],
                cwd=BASE_DIR, env=env, pass_fds=(fd,), preexec_fn=_more_files, **popen,
            )
            for _ in range(max(1, processes))
        ]
    finally:
        listener.close()  # the children hold their own copies


def spawn_worker(env: dict[str, str], *, concurrency: int = 2, name: str = "worker", **popen) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--loglevel", "INFO",
         "--concurrency", str(concurrency), "--hostname", f"{name}@%h", "--without-gossip",
         "--without-mingle", "--queues", env.get("CELERY_QUEUE", "celery")],
        cwd=BASE_DIR, env={**env, "OMP_THREAD_LIMIT": "1"}, **popen,
    )


def wait_for_port(host: str, port: int, timeout: float = 30.0, proc: subprocess.Popen | None = None) -> None:
    """Wait until an HTTP server answers on host:port (a pre-bound socket accepts before it is ready)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"process exited with code {proc.returncode} before listening on {port}")
        try:
            with socket.create_connection((host, port), timeout=1) as conn:
                conn.sendall(b"HEAD /static/favicon.svg HTTP/1.0\r\nHost: localhost\r\n\r\n")
                if conn.recv(1):
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"nothing answering on {host}:{port} after {timeout}s")


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def stop_all(procs: list[subprocess.Popen], timeout: float = 15.0) -> None:
    """SIGTERM every child (warm shutdown), then SIGKILL what is left after the timeout."""
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + timeout
    for proc in procs:
        try:
            proc.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
