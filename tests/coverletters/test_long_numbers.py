"""Regression (issue 18, found by the schemathesis run): a letter that is one long run of digits
made the metric regex backtrack quadratically while holding the GIL, freezing a web process for
30 s per 10 000 characters."""
import time

from coverletters import ai


def test_feedback_on_a_long_run_of_digits_is_linear():
    started = time.monotonic()
    ai.letter_feedback(ai.LetterInput(content="0" * 20_000))
    ai.letter_feedback(ai.LetterInput(content="1," * 10_000))
    assert time.monotonic() - started < 3


def test_metrics_are_still_found():
    from coverletters.local import _has_metric

    for text in ("매출을 30% 늘렸습니다", "3,000명이 사용", "응답 시간을 800ms에서 120ms로", "1.5배 빨라졌습니다"):
        assert _has_metric(text), text
    assert not _has_metric("열심히 노력했습니다")
