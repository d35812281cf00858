"""The evaluation set through the local engine (no database needed): the follow-up kind a good
interviewer would ask on at least 90 % of the cases, the evaluation's first improvement about
the same gap, every generated Korean question passing the particle check, no posting body text
in the title, and questions of a natural length."""
from __future__ import annotations

import re
import statistics

import pytest

from ai.nlp import korean
from tests.interviews import eval_set as E

pytestmark = pytest.mark.django_db(databases=[])


def test_the_set_is_big_enough():
    assert sum(c.language == "ko" for c in E.ALL_CASES) >= 40
    assert sum(c.language == "en" for c in E.ALL_CASES) >= 20
    assert len({c.id for c in E.ALL_CASES}) == len(E.ALL_CASES)


def test_follow_up_kind_is_right_on_at_least_90_percent_of_cases():
    misses = []
    for case in E.ALL_CASES:
        _, question, _ = E.followup_for(case)
        if not E.kind_matches(case.expected, question.kind):
            misses.append((case.id, case.expected, question.kind, question.text))
    accuracy = 1 - len(misses) / len(E.ALL_CASES)
    assert accuracy >= 0.9, misses
    print(f"follow-up kind accuracy: {accuracy:.3f} ({len(E.ALL_CASES) - len(misses)}/{len(E.ALL_CASES)})")


@pytest.mark.parametrize("case", [c for c in E.CASES if "result" in c.id or "stated" in c.id], ids=lambda c: c.id)
def test_an_answer_that_states_its_result_is_never_asked_for_it(case):
    from interviews.local import analysis

    facts = analysis.analyse(case.answer, case.language)
    _, question, _ = E.followup_for(case)
    if case.expected != "result":
        assert facts.has_result and question.kind != "followup:result", question.text


def test_the_issue_answers():
    vague = E.Case("x", "ko", "technical", "성능을 개선했습니다. 여러 가지를 해봤고 결과가 좋았습니다.", "method")
    _, question, evaluation = E.followup_for(vague)
    assert question.kind == "followup:method" and "구체적으로" in question.text and "본인" in question.text
    stated = E.Case("y", "ko", "technical", "처리량을 초당 2천 건에서 8천 건으로 늘렸습니다.", "")
    _, question, _ = E.followup_for(stated)
    assert question.kind != "followup:result" and "결과는 어땠" not in question.text


@pytest.mark.parametrize("case", [c for c in E.ALL_CASES if not c.prior], ids=lambda c: c.id)
def test_the_evaluation_improvements_and_the_next_question_agree(case):
    _, question, evaluation = E.followup_for(case)
    gaps = evaluation.rubric["details"].get("gaps")
    if not question.kind.startswith("followup:") or question.kind == "followup:skill":
        return
    gap = question.kind.split(":")[1]
    assert gaps and gaps[0] == gap, (gaps, question.kind)
    quote = question.text.split("‘" if case.language == "ko" else "“")[1].split("’" if case.language == "ko" else "”")[0]
    assert quote in evaluation.improvements[0], (quote, evaluation.improvements)


@pytest.mark.parametrize("setting", E.SETTINGS, ids=lambda s: s.id)
def test_every_generated_question_passes_the_particle_check_and_has_no_body_text_as_title(setting):
    ctx, questions = E.walk(setting)
    assert len({q.text for q in questions}) == len(questions)
    for body in setting.body_lines:
        assert body not in ctx.position_label, (ctx.position_label, body)
    for question in questions:
        if setting.language == "ko":
            assert korean.particle_errors(question.text, inserted=E.inserted_words(ctx, question)) == [], question.text
        # a heading with its colon ("자격요건: …") is posting body, never part of a question
        assert not re.search(r"(?:자격\s*요건|주요\s*업무|담당\s*업무|우대\s*사항|Requirements|Responsibilities)\s*[:：]",
                             question.text), question.text
        assert 20 <= len(question.text) <= 170, question.text


def test_questions_have_a_natural_length():
    lengths = {"ko": [], "en": []}
    for setting in E.SETTINGS:
        _, questions = E.walk(setting)
        lengths[setting.language] += [len(q.text) for q in questions]
    for language, values in lengths.items():
        median = statistics.median(values)
        print(f"question length {language}: min {min(values)} median {median} max {max(values)} chars")
        assert (40 if language == "ko" else 60) <= median <= (110 if language == "ko" else 150), values


def test_particle_check_would_catch_the_old_templates():
    from interviews.local import bank

    old = bank.GROUNDED_PREFIX["resume"]["ko"].replace("(이)라고", "라고").format(quote="주문 처리 시스템 개발")
    assert korean.particle_errors(old)
