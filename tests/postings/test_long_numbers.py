"""Regression (issue 18): the posting metric regex is linear on long digit runs."""
import time

from postings import ai


def test_posting_and_resume_analysis_on_a_long_run_of_digits_is_linear():
    started = time.monotonic()
    ai.analyze_posting("0" * 20_000)
    ai.analyze_posting("자격요건\n- " + "1," * 10_000)
    ai.analyze_resume("경력\n- " + "0" * 20_000)
    ai.analyze_resume("경력\n- " + "1," * 10_000)
    assert time.monotonic() - started < 5
