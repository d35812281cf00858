"""The cgroup layer on the two hierarchies. v1 is what this machine has (a real group is made and
removed); v2, what production hosts have, is checked against a directory laid out like one."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from grading.sandbox import cgroups


@pytest.mark.skipif(cgroups.version() != 1 or os.geteuid() != 0, reason="needs root on a cgroup v1 host")
def test_v1_group_limits_and_cleanup():
    group = cgroups.create(memory_bytes=64 * 1024 * 1024, pids_max=12)
    try:
        memory = group.dirs["memory"]
        assert (memory / "memory.limit_in_bytes").read_text().strip() == str(64 * 1024 * 1024)
        assert (group.dirs["pids"] / "pids.max").read_text().strip() == "12"
        assert group.pids() == [] and group.cpu_ns() == 0 and not group.oom_killed()
    finally:
        group.destroy()
    assert not memory.exists()


def test_v2_group_against_a_fake_hierarchy(tmp_path, monkeypatch):
    root = tmp_path / "cgroup"
    own = root / "system.slice" / "worker.service"
    own.mkdir(parents=True)
    (root / "cgroup.controllers").write_text("cpu memory pids\n")
    (own / "cgroup.subtree_control").write_text("")
    proc_cgroup = tmp_path / "self-cgroup"
    proc_cgroup.write_text("0::/system.slice/worker.service\n")
    monkeypatch.setattr(cgroups, "ROOT", root)
    real_path = Path

    def fake_path(value="", *rest):
        return proc_cgroup if value == "/proc/self/cgroup" else real_path(value, *rest)

    monkeypatch.setattr(cgroups, "Path", fake_path)
    assert cgroups.version() == 2
    group = cgroups.create(memory_bytes=128 * 1024 * 1024, pids_max=32)
    assert isinstance(group, cgroups.CgroupV2) and group.path.parent == own
    assert (group.path / "memory.max").read_text() == str(128 * 1024 * 1024)
    assert (group.path / "pids.max").read_text() == "32"
    assert group.procs_files == [str(group.path / "cgroup.procs")]
    (group.path / "memory.peak").write_text("5242880\n")
    (group.path / "cpu.stat").write_text("usage_usec 1500\nuser_usec 1000\n")
    (group.path / "memory.events").write_text("low 0\nhigh 0\nmax 3\noom 1\noom_kill 1\n")
    (group.path / "cgroup.procs").write_text("")
    assert group.peak_memory_bytes() == 5 * 1024 * 1024 and group.cpu_ns() == 1_500_000
    assert group.oom_killed() and group.limit_hit()
    (group.path / "cgroup.kill").write_text("0")
    group.kill_all()
    assert (group.path / "cgroup.kill").read_text() == "1"  # v2 kills the whole group in one write
    for name in ("memory.max", "pids.max", "memory.peak", "cpu.stat", "memory.events", "cgroup.procs", "cgroup.kill"):
        (group.path / name).unlink()
    group.destroy()
    assert not group.path.exists()
    assert (own / "cgroup.subtree_control").read_text().startswith("+")  # controllers enabled for children


def test_stale_groups_are_swept(tmp_path):
    import time as clock

    stale, busy, fresh = tmp_path / "grading-aaa", tmp_path / "grading-bbb", tmp_path / "grading-ccc"
    for path in (stale, busy, fresh):
        path.mkdir()
    (busy / "cgroup.procs").write_text("123\n")  # a process still runs in it
    old = clock.time() - 3600
    for path in (stale, busy):
        os.utime(path, (old, old))
    assert cgroups.sweep_stale(tmp_path) == 1
    assert not stale.exists() and busy.exists() and fresh.exists()
