"""Platform figures: /health latency and background-job round trip through a real worker."""
import time

import requests
from common import figure, latency_figures, live_app, setup_django

setup_django()

from core import services  # noqa: E402
from core.models import Job  # noqa: E402
from core.tasks import selfcheck_run_task  # noqa: E402

with live_app() as app:
    base = app.url
    session = requests.Session()
    session.get(base + "/health", timeout=30)
    samples = []
    for _ in range(40):
        start = time.perf_counter()
        session.get(base + "/", timeout=10).raise_for_status()
        samples.append(time.perf_counter() - start)
    latency_figures("home_page_latency", samples)

    # /health under 20-way concurrency (issue 18: it used to wedge a web process for good)
    from concurrent.futures import ThreadPoolExecutor

    def timed_health(_):
        start = time.perf_counter()
        requests.get(base + "/health", timeout=10).raise_for_status()
        return time.perf_counter() - start

    with ThreadPoolExecutor(max_workers=20) as pool:
        latency_figures("health_latency_20_concurrent", list(pool.map(timed_health, range(200))))
    latency_figures("health_latency_after_load", [timed_health(i) for i in range(40)])

    selfcheck_run_task.delay(services.job_create(kind="selfcheck").id).get(timeout=60)  # warm-up
    samples = []
    started = time.perf_counter()
    for _ in range(30):
        start = time.perf_counter()
        job = services.job_create(kind="selfcheck")
        selfcheck_run_task.delay(job.id)
        while Job.objects.get(id=job.id).status not in ("completed", "failed"):
            time.sleep(0.002)
        samples.append(time.perf_counter() - start)
    figure("job_throughput_sequential", 30 / (time.perf_counter() - started), "jobs/s")
    latency_figures("job_round_trip", samples)
