"""The report's rules: correctness from the verdicts, code quality from static analysis, and how
the candidate used the helper (concept questions vs. requests for the solution, prompt quality,
reliance = share of the final code's lines that appeared in the helper's answers)."""
from __future__ import annotations

import re

from grading.local import code as code_rules
from grading.local.helper import classify

WEIGHTS = {"correctness": 0.6, "code_quality": 0.2, "ai_usage": 0.2}
SPECIFIC = re.compile(r"\d|line|줄|에러|error|예제|sample|입력|input|출력|output|복잡도|complexity|n\s*[<≤]|"
                      r"왜|why|어디|where|어떻게|how|`", re.I)


def _norm(line: str) -> str:
    return re.sub(r"\s+", "", line)


def reliance(final_code: str, answers: list[str]) -> tuple[float, int, int]:
    """(share, copied lines, counted lines): lines of 8+ non-space characters found in answers."""
    corpus = _norm("\n".join(answers))
    lines = [_norm(ln) for ln in final_code.splitlines()]
    lines = [ln for ln in lines if len(ln) >= 8]
    if not lines:
        return 0.0, 0, 0
    copied = sum(1 for ln in lines if ln in corpus)
    return copied / len(lines), copied, len(lines)


def code_quality(code: str, language: str) -> tuple[float, list[str], dict]:
    facts = code_rules.analyse(code, language)
    score, reasons = 100.0, []
    if not facts.parses:
        return 0.0, [f"코드가 파싱되지 않습니다 · does not parse ({facts.syntax_error})"], {"parses": False}
    if facts.max_complexity > 10:
        penalty = min(30, (facts.max_complexity - 10) * 3)
        score -= penalty
        reasons.append(f"복잡도가 높습니다(최대 {facts.max_complexity}) · high cyclomatic complexity ({facts.max_complexity}): -{penalty}")
    if facts.bad_names:
        penalty = min(15, 3 * len(facts.bad_names))
        score -= penalty
        reasons.append(f"이름이 규칙에 맞지 않거나 의미가 없습니다 · unclear or non-conventional names "
                       f"({', '.join(facts.bad_names[:6])}): -{penalty}")
    dead = len(facts.unreachable) + len(facts.unused_functions) + len(facts.unused_imports) + len(facts.unused_variables)
    if dead:
        penalty = min(25, 5 * dead)
        score -= penalty
        bits = []
        if facts.unreachable:
            bits.append(f"unreachable lines {facts.unreachable[:5]}")
        if facts.unused_functions:
            bits.append(f"unused functions {facts.unused_functions[:5]}")
        if facts.unused_imports:
            bits.append(f"unused imports {facts.unused_imports[:5]}")
        if facts.unused_variables:
            bits.append(f"unused variables {facts.unused_variables[:5]}")
        reasons.append(f"사용되지 않는 코드가 있습니다 · dead code ({'; '.join(bits)}): -{penalty}")
    if not reasons:
        reasons.append("복잡도·이름·죽은 코드 문제 없음 · no complexity, naming or dead-code issues found")
    details = {"max_complexity": facts.max_complexity, "functions": facts.functions, "bad_names": facts.bad_names,
               "unreachable": facts.unreachable, "unused_functions": facts.unused_functions,
               "unused_imports": facts.unused_imports, "unused_variables": facts.unused_variables,
               "max_loop_depth": facts.max_loop_depth, "lines": facts.lines,
               "analyser": "python ast" if language == "python3" else "lexical scan"}
    return max(0.0, score), reasons, details


INTENTS = ("solution_request", "debug", "concept", "hint", "other")


def ai_usage(questions: list[str], answers: list[str], final_code: str,
             intents_of: list[str] | None = None) -> tuple[float, list[str], dict]:
    """`intents_of`: one intent per question when a model classified them; else the local rules."""
    if not questions:
        return 100.0, ["도우미를 사용하지 않았습니다 · the helper was not used"], {
            "questions": 0, "intents": {}, "prompt_quality": None, "reliance": 0.0}
    intents: dict[str, int] = {}
    for index, question in enumerate(questions):
        intent = intents_of[index] if intents_of and index < len(intents_of) else classify(question)
        intents[intent] = intents.get(intent, 0) + 1
    quality = sum((0.5 if len(q.strip()) >= 15 else 0) + (0.5 if SPECIFIC.search(q) else 0) for q in questions) / len(questions)
    share, copied, counted = reliance(final_code, answers)
    score, reasons = 100.0, []
    asks = intents.get("solution_request", 0)
    if asks:
        penalty = min(50, 20 * asks)
        score -= penalty
        reasons.append(f"정답 코드를 {asks}번 요청했습니다 · asked for the solution {asks} time(s): -{penalty}")
    concept = intents.get("concept", 0) + intents.get("hint", 0) + intents.get("debug", 0)
    reasons.append(f"개념·힌트·디버깅 질문 {concept}개 · {concept} concept/hint/debugging question(s)")
    quality_penalty = round((1 - quality) * 20)
    if quality_penalty:
        score -= quality_penalty
        reasons.append(f"질문이 짧거나 구체적이지 않습니다(품질 {quality:.2f}) · prompts were vague (quality {quality:.2f}): -{quality_penalty}")
    else:
        reasons.append("질문이 구체적이었습니다 · prompts were specific")
    if share > 0:
        penalty = round(share * 60)
        score -= penalty
        reasons.append(f"최종 코드 {counted}줄 중 {copied}줄이 도우미 답변에 있었습니다 · {copied} of {counted} "
                       f"lines of the final code appeared in the helper's answers (reliance {share:.0%}): -{penalty}")
    return max(0.0, score), reasons, {"questions": len(questions), "intents": intents,
                                      "prompt_quality": round(quality, 2), "reliance": round(share, 3),
                                      "copied_lines": copied, "counted_lines": counted}


def combined(correctness: float, quality: float, usage: float) -> float:
    return round(WEIGHTS["correctness"] * correctness + WEIGHTS["code_quality"] * quality
                 + WEIGHTS["ai_usage"] * usage, 1)
