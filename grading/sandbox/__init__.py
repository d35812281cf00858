"""Run untrusted programs: bubblewrap namespaces + a per-run cgroup + rlimits + seccomp.

    result = sandbox.run(["/usr/bin/python3", "main.py"], box=path, stdin_path=..., limits=Limits(...))

Layers, each a backstop for the others:
- bubblewrap (`/usr/bin/bwrap`), started with an empty environment (`env={}`) so not even
  /proc/1/environ inside shows the worker's; user, PID, network, mount, IPC and UTS namespaces;
  only /usr and a few files of /etc bound read-only; the submission's folder at /box; a
  size-capped private /tmp; a fresh /proc and a minimal /dev;
- a cgroup per run (memory with swap capped at the same figure, pids, CPU accounting) that the
  child joins before it drops privileges, so every descendant is counted and the watchdog can
  kill them all;
- rlimits (CPU seconds, file size, open files, core 0, processes) under a dedicated non-root
  uid (RLIMIT_NPROC is ignored for root);
- a seccomp deny-list (see seccomp.py).
"""
from __future__ import annotations

import math
import os
import resource
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

from grading.sandbox import cgroups, seccomp

BWRAP = "/usr/bin/bwrap"
ETC_FILES = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/ld.so.conf.d", "/etc/alternatives",
             "/etc/java-17-openjdk", "/etc/localtime")


class SandboxUnavailable(RuntimeError):
    """The machine cannot confine programs (no bwrap, namespaces or cgroups): refuse to grade."""


@dataclass(frozen=True)
class Limits:
    cpu_seconds: float = 2.0
    wall_seconds: float = 5.0
    memory_bytes: int = 256 * 1024 * 1024
    output_bytes: int = 16 * 1024 * 1024
    tmp_bytes: int = 16 * 1024 * 1024
    pids: int = 64
    open_files: int = 64


@dataclass
class RunResult:
    exit_code: int | None           # None when killed by a signal
    signal: int | None
    cpu_ms: int
    wall_ms: int
    peak_memory_kb: int
    stdout_path: Path
    stderr: str
    timed_out: bool = False          # the wall-clock watchdog fired
    cpu_exceeded: bool = False
    memory_exceeded: bool = False
    output_exceeded: bool = False
    notes: list[str] = field(default_factory=list)

    def stdout(self, limit: int | None = None) -> bytes:
        with open(self.stdout_path, "rb") as handle:
            return handle.read(limit if limit is not None else -1)


def sandbox_uid() -> int:
    """The unprivileged uid candidate code runs as (setting or env GRADING_SANDBOX_UID, default 64000)."""
    return int(getattr(settings, "GRADING_SANDBOX_UID", None) or os.environ.get("GRADING_SANDBOX_UID", 64000))


def _bwrap_argv(argv: list[str], *, box: Path, writable_box: bool, limits: Limits, seccomp_fd: int) -> list[str]:
    args = [BWRAP, "--unshare-user", "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts",
            "--unshare-cgroup-try", "--die-with-parent", "--new-session", "--hostname", "sandbox",
            "--ro-bind", "/usr", "/usr",
            "--symlink", "usr/bin", "/bin", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
            "--symlink", "usr/sbin", "/sbin"]
    for path in ETC_FILES:
        if os.path.exists(path):
            args += ["--ro-bind", path, path]
    args += ["--proc", "/proc", "--dev", "/dev",
             "--size", str(limits.tmp_bytes), "--tmpfs", "/tmp",
             "--bind" if writable_box else "--ro-bind", str(box), "/box",
             "--chdir", "/box", "--remount-ro", "/", "--setenv", "PATH", "/usr/bin:/bin",
             "--seccomp", str(seccomp_fd), "--"]
    return args + argv


def _preexec(cgroup: cgroups.Cgroup, limits: Limits, uid: int):
    cpu = max(1, math.ceil(limits.cpu_seconds))

    def setup() -> None:
        # runs in the forked child before exec: join the cgroup as root, then drop to `uid`
        pid = str(os.getpid())
        for procs in cgroup.procs_files:
            with open(procs, "w") as handle:
                handle.write(pid)
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        resource.setrlimit(resource.RLIMIT_FSIZE, (limits.output_bytes, limits.output_bytes))
        resource.setrlimit(resource.RLIMIT_NOFILE, (limits.open_files, limits.open_files))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        resource.setrlimit(resource.RLIMIT_NPROC, (limits.pids * 4, limits.pids * 4))
        stack = min(limits.memory_bytes, 256 * 1024 * 1024)
        resource.setrlimit(resource.RLIMIT_STACK, (stack, stack))
        os.setgroups([])
        os.setresgid(uid, uid, uid)
        os.setresuid(uid, uid, uid)

    return setup


def run(argv: list[str], *, box: Path, limits: Limits, stdin_path: Path | None = None,
        writable_box: bool = False, out_dir: Path | None = None) -> RunResult:
    """Run `argv` confined; stdout goes to a file (RLIMIT_FSIZE caps it), stderr's head is kept.

    The caller owns `out_dir` (by default a new temporary folder) and removes it."""
    uid = sandbox_uid()
    out_dir = Path(out_dir or tempfile.mkdtemp(prefix="grading-out-"))
    stdout_path = out_dir / "stdout"
    stderr_path = out_dir / "stderr"
    try:
        cgroup = cgroups.create(memory_bytes=limits.memory_bytes, pids_max=limits.pids)
    except cgroups.CgroupUnavailable as exc:
        raise SandboxUnavailable(str(exc)) from exc
    seccomp_fd = seccomp.bpf_file()
    timed_out = False
    try:
        with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err, \
                open(stdin_path or os.devnull, "rb") as stdin:
            started = time.monotonic()
            proc = subprocess.Popen(
                _bwrap_argv(argv, box=box, writable_box=writable_box, limits=limits, seccomp_fd=seccomp_fd),
                stdin=stdin, stdout=out, stderr=err, env={}, close_fds=True, pass_fds=(seccomp_fd,),
                preexec_fn=_preexec(cgroup, limits, uid), start_new_session=True)
            try:
                proc.wait(timeout=limits.wall_seconds)
            except subprocess.TimeoutExpired:
                timed_out = True
                cgroup.kill_all()
                proc.kill()
                proc.wait()
            wall_ms = int((time.monotonic() - started) * 1000)
        cgroup.kill_all()  # daemons a program left behind die with the run
        cpu_ms = cgroup.cpu_ns() // 1_000_000
        peak_kb = cgroup.peak_memory_bytes() // 1024
        oom = cgroup.oom_killed()
        returncode = proc.returncode
        stderr = stderr_path.read_bytes()[:8192].decode("utf-8", "replace")
        signal_number = -returncode if returncode < 0 else None
        # bwrap reports a child killed by a signal as exit 128+N
        if returncode > 128 and signal_number is None and returncode - 128 in (6, 8, 9, 11, 24, 25, 31):
            signal_number = returncode - 128
        result = RunResult(
            exit_code=None if signal_number else returncode, signal=signal_number, cpu_ms=cpu_ms,
            wall_ms=wall_ms, peak_memory_kb=peak_kb, stdout_path=stdout_path, stderr=stderr,
            timed_out=timed_out)
        result.cpu_exceeded = cpu_ms > limits.cpu_seconds * 1000 or signal_number in (24,)  # SIGXCPU
        result.memory_exceeded = oom or (cgroup.limit_hit() and (signal_number == 9 or returncode != 0))
        result.output_exceeded = signal_number == 25 or stdout_path.stat().st_size >= limits.output_bytes
        return result
    finally:
        os.close(seccomp_fd)
        cgroup.destroy()


def prepare_box(parent: Path | None = None) -> Path:
    """A fresh folder the sandbox uid may write into while compiling."""
    box = Path(tempfile.mkdtemp(prefix="grading-box-", dir=parent))
    os.chown(box, sandbox_uid(), sandbox_uid())
    box.chmod(0o755)
    return box


def remove_box(box: Path) -> None:
    shutil.rmtree(box, ignore_errors=True)




def health() -> tuple[bool, str]:
    """Can this machine confine a program? Runs `/usr/bin/true` through the whole stack."""
    if not os.path.exists(BWRAP):
        return False, "bubblewrap (/usr/bin/bwrap) is not installed"
    if os.geteuid() != 0:
        return False, "the grading worker must start as root to create cgroups and drop to the sandbox uid"
    cgroups.sweep_all()
    box = prepare_box()
    try:
        result = run(["/usr/bin/true"], box=box, limits=Limits(cpu_seconds=1, wall_seconds=5),
                     out_dir=Path(tempfile.mkdtemp(dir=box)))
    except SandboxUnavailable as exc:
        return False, f"cgroups unavailable: {exc}"
    except OSError as exc:
        return False, f"sandbox failed to start: {exc}"
    finally:
        remove_box(box)
    if result.exit_code != 0:
        return False, f"bubblewrap could not create namespaces: {result.stderr.strip()[:300]}"
    return True, f"bubblewrap + cgroup v{cgroups.version()} + seccomp"
