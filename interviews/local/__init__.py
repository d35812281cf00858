"""The interview's `local` engine: rules over ai.nlp that return interviews.ai's dataclasses.

- questions.py: the next question (opening, follow-ups on what the last answer left out,
  competencies) and seed 002's fixed fallback questions;
- evaluation.py: the per-answer rubric; report.py: the final report;
- analysis.py: what an answer contains (numbers, own role, result, method, STAR);
- bank.py: question templates; delivery.py: speaking rate, pauses and fillers of a recording.
"""
