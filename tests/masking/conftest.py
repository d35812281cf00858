"""Fixtures for masking: the generated corpus (built and detected once per session)."""
from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def corpus_docs():
    from tests.masking import corpus

    return corpus.build()


@pytest.fixture(scope="session")
def corpus_results(corpus_docs):
    """[(doc, pages, items)] through the app's page reader and detector (local engine)."""
    from tests.masking import evaluate

    out = []
    for doc in corpus_docs:
        pages, items, _seconds = evaluate.run_detection(doc)
        out.append((doc, pages, items))
    return out
