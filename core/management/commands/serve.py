"""`make run`: migrate, load demo data, then run daphne and a Celery worker as one group (and,
when the llm provider is `embedded`, llama.cpp's server for the packaged model, ai/embedded_llm.py)."""
import os
import signal
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from ai import embedded_llm, providers
from core import processes


class Command(BaseCommand):
    help = "Set up the database and run the web server (HTTP + WebSocket) and a Celery worker."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("CELERY_CONCURRENCY", "2")))
        parser.add_argument("--web", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")),
                            help="daphne processes sharing the port")
        parser.add_argument("--no-demo", action="store_true", help="do not load the demo data")

    def handle(self, *args, host, port, workers, web, no_demo, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("ensure_models")  # assemble the Korean Whisper model once, before a user waits on it
        if not no_demo:
            call_command("load_demo")
        hosts = ",".join(dict.fromkeys([*settings.ALLOWED_HOSTS, host]))
        children = []
        if providers.engine("llm") == "embedded" and not os.environ.get("EMBEDDED_LLM_URL"):
            children.append(self.start_embedded_llm())
        env = processes.child_env(DJANGO_ALLOWED_HOSTS=hosts)
        try:
            web_procs = processes.spawn_web(host, port, env, processes=web)
            children += [*web_procs, processes.spawn_worker(env, concurrency=workers)]
        except BaseException:
            processes.stop_all(children)  # never leave the model server behind
            raise

        stopping = False
        failed = False

        def stop(signum, frame):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            processes.wait_for_port(host, port, timeout=60, proc=web_procs[0])
            shown = f"[{host}]" if ":" in host else host
            demo = settings.DEMO_USER
            self.stdout.write(self.style.SUCCESS(
                f"\n  Interview Coach is running at http://{shown}:{port}/\n"
                f"  Demo login: {demo['email']} (username {demo['username']}) / {demo['password']}\n"
                f"  API docs: http://{shown}:{port}/docs   Health: http://{shown}:{port}/health\n"
                f"  AI engine: {settings.AI_ENGINE}{self.embedded_note()}.  Press Ctrl-C to stop.\n"
            ))
            while not stopping:
                exited = [c for c in children if c.poll() is not None]
                if exited:
                    self.stderr.write(f"a child process exited (code {exited[0].returncode}); stopping")
                    failed = True
                    break
                time.sleep(0.5)
        except (TimeoutError, RuntimeError) as exc:
            self.stderr.write(str(exc))
            failed = True
        finally:
            processes.stop_all(children)
            self.stdout.write("stopped")
        if failed:
            raise SystemExit(1)

    def start_embedded_llm(self):
        """llama.cpp's OpenAI-compatible server on a free loopback port; its URL goes to every child."""
        port = processes.free_port()
        self.stdout.write(f"starting the embedded model ({embedded_llm.MODEL_NAME}) on 127.0.0.1:{port} …")
        try:
            proc = embedded_llm.start(port)
        except embedded_llm.EmbeddedLLMError as exc:
            raise CommandError(f"{exc}. Run `make llm-setup`, or use AI_ENGINE=local.") from None
        os.environ["EMBEDDED_LLM_URL"] = f"http://127.0.0.1:{port}/v1"
        return proc

    def embedded_note(self) -> str:
        if providers.engine("llm") != "embedded":
            return ""
        return f" ({embedded_llm.MODEL_NAME} at {os.environ['EMBEDDED_LLM_URL']}; the rules answer when it is slow)"
