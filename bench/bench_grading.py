"""Grading sandbox: overhead per test case (bubblewrap + cgroup + seccomp + rlimits, versus the
same program run bare) for Python and C++, and submissions graded per minute with 20 tests each
(compile once, then 20 sandboxed runs; one grading process, as one Celery worker slot).

Needs root (cgroups, the sandbox uid) and bubblewrap; no database.
"""
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import BASE_DIR, figure, percentile

sys.path.insert(0, str(BASE_DIR))
from django.conf import settings  # noqa: E402

settings.configure(GRADING_SANDBOX_UID=64000)

from grading import judge, sandbox  # noqa: E402

RUNS = 40
PY_EMPTY = "pass\n"
CPP_EMPTY = "int main(){return 0;}\n"
PY_SUM = "import sys\nprint(sum(map(int, sys.stdin.read().split())))\n"
CPP_SUM = "#include <iostream>\nint main(){long long s=0,x;while(std::cin>>x)s+=x;std::cout<<s<<\"\\n\";}\n"


def overhead(name: str, source: str, filename: str, argv: list[str], compile_argv: list[str] | None) -> None:
    box = sandbox.prepare_box()
    try:
        (box / filename).write_text(source)
        if compile_argv:
            subprocess.run(compile_argv, cwd=box, check=True)
        limits = sandbox.Limits(cpu_seconds=2, wall_seconds=5)
        bare, boxed = [], []
        for _ in range(RUNS):
            started = time.perf_counter()
            subprocess.run([a.replace("/box/", f"{box}/") for a in argv], cwd=box, check=True, env={},
                           stdout=subprocess.DEVNULL)
            bare.append(time.perf_counter() - started)
            started = time.perf_counter()
            result = sandbox.run(argv, box=box, limits=limits, out_dir=Path(tempfile.mkdtemp(dir=box)))
            boxed.append(time.perf_counter() - started)
            assert result.exit_code == 0, result.stderr
        extra = [b - a for a, b in zip(bare, boxed)]
        figure(f"grading_{name}_sandboxed_run_p50", percentile([s * 1000 for s in boxed], 50), "ms")
        figure(f"grading_{name}_bare_run_p50", percentile([s * 1000 for s in bare], 50), "ms")
        figure(f"grading_{name}_sandbox_overhead_p50", percentile([s * 1000 for s in extra], 50), "ms")
        figure(f"grading_{name}_sandbox_overhead_p95", percentile([s * 1000 for s in extra], 95), "ms")
    finally:
        sandbox.remove_box(box)


def throughput(name: str, code: str, language: str, submissions: int = 5) -> None:
    tests = [judge.TestData(i, i, i < 2, " ".join(str(k) for k in range(i * 50)) + "\n", f"{sum(range(i * 50))}\n")
             for i in range(1, 21)]
    started = time.perf_counter()
    for _ in range(submissions):
        result = judge.judge(code=code, language=language, tests=tests, time_limit_ms=1000, memory_limit_mb=128)
        assert result.verdict == "AC", result
    elapsed = time.perf_counter() - started
    figure(f"grading_{name}_submissions_per_minute_20_tests", submissions * 60 / elapsed, "submissions/min")


if __name__ == "__main__":
    ok, reason = sandbox.health()
    if not ok:
        sys.exit(f"sandbox unavailable: {reason}")
    overhead("python", PY_EMPTY, "main.py", ["/usr/bin/python3", "-B", "main.py"], None)
    overhead("cpp", CPP_EMPTY, "main.cpp", ["./main"], ["g++", "-O2", "-o", "main", "main.cpp"])
    throughput("python", PY_SUM, "python3")
    throughput("cpp", CPP_SUM, "cpp17")
