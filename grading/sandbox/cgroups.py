"""Per-run control groups: memory + swap, pids and CPU accounting, on cgroup v1 or v2.

A run's group is created under the cgroup the worker itself lives in (that is the part a
service or a container may write to), named `grading-<random>`, and removed afterwards.
"""
from __future__ import annotations

import os
import secrets
import signal
import time
from pathlib import Path

ROOT = Path("/sys/fs/cgroup")
V1_CONTROLLERS = ("memory", "pids", "cpuacct")


class CgroupUnavailable(RuntimeError):
    pass


def _own_paths() -> dict[str, str]:
    """controller -> path of this process's cgroup ('' key for the v2 unified hierarchy)."""
    paths: dict[str, str] = {}
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, controllers, path = line.split(":", 2)
        if controllers == "":
            paths[""] = path
        for name in controllers.split(","):
            paths[name] = path
    return paths


def _is_v2() -> bool:
    return (ROOT / "cgroup.controllers").exists()


def _write(path: Path, value: str) -> None:
    with open(path, "w") as handle:
        handle.write(value)


def _read_int(path: Path, default: int = 0) -> int:
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return default


class Cgroup:
    """One run's group. `procs_files` are written by the child before it drops privileges."""

    version = 0
    procs_files: list[str]

    def peak_memory_bytes(self) -> int: ...
    def cpu_ns(self) -> int: ...
    def oom_killed(self) -> bool: ...
    def pids(self) -> list[int]: ...
    def _remove_dirs(self) -> None: ...

    def kill_all(self, *, attempts: int = 100) -> None:
        """SIGKILL everything in the group until it is empty (v1 has no cgroup.kill)."""
        for attempt in range(attempts):
            pids = self.pids()
            if not pids:
                return
            for pid in pids:
                try:
                    os.kill(pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
            time.sleep(min(0.05, 0.001 * 2 ** attempt))

    def destroy(self) -> None:
        self.kill_all()
        for attempt in range(60):
            try:
                self._remove_dirs()
                return
            except OSError:
                time.sleep(min(0.05, 0.001 * 2 ** attempt))  # the last tasks are still being reaped


class CgroupV1(Cgroup):
    version = 1

    def __init__(self, name: str, *, memory_bytes: int, pids_max: int):
        own = _own_paths()
        self.dirs: dict[str, Path] = {}
        try:
            for controller in V1_CONTROLLERS:
                base = ROOT / controller / own.get(controller, "/").lstrip("/")
                path = base / name
                path.mkdir()
                self.dirs[controller] = path
            memory = self.dirs["memory"]
            _write(memory / "memory.limit_in_bytes", str(memory_bytes))
            if (memory / "memory.memsw.limit_in_bytes").exists():
                _write(memory / "memory.memsw.limit_in_bytes", str(memory_bytes))  # no swap on top
            _write(memory / "memory.swappiness", "0")
            _write(self.dirs["pids"] / "pids.max", str(pids_max))
        except OSError as exc:
            self._remove_dirs()
            raise CgroupUnavailable(f"cgroup v1: {exc}") from exc
        self.procs_files = [str(path / "cgroup.procs") for path in self.dirs.values()]

    def peak_memory_bytes(self) -> int:
        return _read_int(self.dirs["memory"] / "memory.max_usage_in_bytes")

    def cpu_ns(self) -> int:
        return _read_int(self.dirs["cpuacct"] / "cpuacct.usage")

    def oom_killed(self) -> bool:
        try:
            for line in (self.dirs["memory"] / "memory.oom_control").read_text().splitlines():
                if line.startswith("oom_kill "):
                    return int(line.split()[1]) > 0
        except OSError:
            pass
        return False

    def limit_hit(self) -> bool:
        return _read_int(self.dirs["memory"] / "memory.failcnt") > 0

    def pids(self) -> list[int]:
        found: set[int] = set()
        for path in self.dirs.values():
            try:
                found.update(int(p) for p in (path / "cgroup.procs").read_text().split())
            except OSError:
                pass
        return sorted(found)

    def _remove_dirs(self) -> None:
        for path in list(self.dirs.values()):
            if path.exists():
                path.rmdir()
            self.dirs = {k: v for k, v in self.dirs.items() if v != path}


class CgroupV2(Cgroup):
    version = 2

    def __init__(self, name: str, *, memory_bytes: int, pids_max: int):
        base = ROOT / _own_paths().get("", "/").lstrip("/")
        self.path = base / name
        try:
            wanted = {"memory", "pids", "cpu"}
            enabled = set((base / "cgroup.subtree_control").read_text().split())
            for controller in wanted - enabled:
                _write(base / "cgroup.subtree_control", f"+{controller}")
            self.path.mkdir()
            _write(self.path / "memory.max", str(memory_bytes))
            if (self.path / "memory.swap.max").exists():
                _write(self.path / "memory.swap.max", "0")
            _write(self.path / "pids.max", str(pids_max))
        except OSError as exc:
            if self.path.exists():
                self.path.rmdir()
            raise CgroupUnavailable(f"cgroup v2: {exc}") from exc
        self.procs_files = [str(self.path / "cgroup.procs")]

    def peak_memory_bytes(self) -> int:
        return _read_int(self.path / "memory.peak")

    def cpu_ns(self) -> int:
        for line in (self.path / "cpu.stat").read_text().splitlines():
            if line.startswith("usage_usec "):
                return int(line.split()[1]) * 1000
        return 0

    def _events(self) -> dict[str, int]:
        try:
            return {k: int(v) for k, v in (line.split() for line in (self.path / "memory.events").read_text().splitlines())}
        except OSError:
            return {}

    def oom_killed(self) -> bool:
        return self._events().get("oom_kill", 0) > 0

    def limit_hit(self) -> bool:
        return self._events().get("max", 0) > 0

    def pids(self) -> list[int]:
        try:
            return [int(p) for p in (self.path / "cgroup.procs").read_text().split()]
        except OSError:
            return []

    def kill_all(self, *, attempts: int = 50) -> None:
        if (self.path / "cgroup.kill").exists():
            try:
                _write(self.path / "cgroup.kill", "1")
            except OSError:
                pass
        super().kill_all(attempts=attempts)

    def _remove_dirs(self) -> None:
        if self.path.exists():
            self.path.rmdir()


STALE_SECONDS = 900


def sweep_stale(base: Path) -> int:
    """Remove empty `grading-*` groups left by a worker killed mid-run (older than 15 minutes)."""
    removed = 0
    try:
        candidates = list(base.glob("grading-*"))
    except OSError:
        return 0
    for path in candidates:
        try:
            procs = path / "cgroup.procs"
            busy = procs.exists() and procs.read_text().strip()
            if time.time() - path.stat().st_mtime > STALE_SECONDS and not busy:
                path.rmdir()
                removed += 1
        except OSError:
            continue
    return removed


def sweep_all() -> int:
    own = _own_paths()
    if _is_v2():
        return sweep_stale(ROOT / own.get("", "/").lstrip("/"))
    return sum(sweep_stale(ROOT / c / own.get(c, "/").lstrip("/")) for c in V1_CONTROLLERS)


def create(*, memory_bytes: int, pids_max: int) -> Cgroup:
    name = f"grading-{secrets.token_hex(6)}"
    cls = CgroupV2 if _is_v2() else CgroupV1
    return cls(name, memory_bytes=memory_bytes, pids_max=pids_max)


def version() -> int:
    return 2 if _is_v2() else 1
