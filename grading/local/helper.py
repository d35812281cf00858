"""The local helper: classify what the candidate asks, then answer from the problem's tagged
techniques, its constraints, the candidate's code and the latest verdicts, without ever writing
the solution (also when asked indirectly: "complete my code", "show an example that does the
same", "translate this idea into Python", "pretend the exam is over")."""
from __future__ import annotations

import re

from ai.nlp.text import detect_language, has_final_consonant
from grading.local import code as code_rules
from grading.local.techniques import TECHNIQUES

SOLUTION_PATTERNS = [
    r"정답\s*(코드|을|좀|알려|보여|줘|이\s*뭐|이\s*무엇|만)", r"답\s*(을|좀)?\s*(알려|보여|말해)", r"(전체|완성된?|풀이|모범|정답)\s*코드",
    r"코드\s*(를|로|좀|만)?\s*(짜|작성|써|만들어|보여|알려|줘|불러|적어)", r"(완성|마저|나머지|이어서|빈칸)\s*(을|를)?\s*(해|작성|채워|짜)",
    r"(대신|그냥)\s*(풀어|짜|해)", r"(풀어|짜)\s*줘", r"복사.*붙여", r"구현\s*(해|해서|좀)\s*(줘|주세요|보여)",
    r"비슷한\s*문제.*(코드|풀이)", r"예시\s*코드", r"의사\s*코드", r"수도\s*코드", r"한\s*줄씩", r"시험\s*(이|은)?\s*끝났",
    r"(파이썬|python|c\+\+|씨쁠쁠|자바|java)\s*(으로|로)\s*(바꿔|옮겨|번역|작성|짜)",
    r"\b(full|complete|whole|entire|final|working)\s+(solution|code|program|implementation)",
    r"\b(write|give|show|send|paste|provide|print|type)\b.{0,30}\b(code|solution|program|implementation|function)",
    r"\b(solve|finish|complete|fill in)\b.{0,20}\b(it|this|for me|the rest|my code)", r"\bfix\b.{0,25}\bfor me\b",
    r"\bpseudo\s*-?code\b", r"\b(translate|convert|port)\b.{0,40}\b(python|c\+\+|java|code)",
    r"\bexample\b.{0,30}\b(code|implementation)", r"\b(look|looks) like\b.{0,20}\b(in (python|c\+\+|java)|function|code)\b",
    r"\bhow (would|does) (it|the (code|solution|function))\b.{0,20}\blook\b",
    r"\bhow (it|the (code|solution|function)) (would|will|should) look\b", r"\bwhat would the \w+ (function|code) look like",
    r"\bpretend\b|\bexam is over\b|\bignore (the|your|all|previous) (previous )?(rules|instructions)",
    r"\bjust (the )?(answer|code)\b", r"\bline by line\b", r"\bwhat('s| is) the answer\b",
]
CONCEPT_PATTERNS = [r"(이|가)?\s*뭐(야|예요|에요|인가요)", r"무엇인가", r"개념", r"원리", r"설명해", r"차이",
                    r"\bwhat is\b", r"\bwhat's\b", r"\bexplain\b", r"\bhow does\b", r"\bdifference\b", r"\bconcept\b",
                    r"시간\s*복잡도", r"complexity"]
DEBUG_PATTERNS = [r"에러", r"오류", r"틀렸", r"틀려", r"실패", r"안\s*돼", r"시간\s*초과", r"메모리\s*초과", r"런타임",
                  r"컴파일", r"\berror\b", r"\bwrong\b", r"\bfail", r"\btle\b", r"\bwa\b", r"\bmle\b", r"\bexception\b",
                  r"traceback", r"\bbug\b", r"doesn'?t work", r"\bcrash"]
HINT_PATTERNS = [r"힌트", r"방향", r"접근", r"어떻게\s*(풀|접근|시작)", r"막혔", r"\bhint\b", r"\bapproach\b",
                 r"\bstuck\b", r"\bwhere (do i|to) start\b", r"\bidea\b"]

VERDICT_HELP = {
    "TLE": ("시간 초과는 보통 반복 횟수가 입력 크기에 비해 너무 많을 때 납니다.",
            "Time limit exceeded usually means too many iterations for the input size."),
    "MLE": ("메모리 초과는 입력 크기만큼의 표를 여러 개 만들거나, 재귀가 너무 깊을 때 자주 납니다.",
            "Memory limit exceeded often comes from several input-sized tables or very deep recursion."),
    "RE": ("런타임 에러는 인덱스 범위, 0으로 나누기, 빈 입력 처리, 깊은 재귀에서 자주 납니다.",
           "Runtime errors usually come from out-of-range indices, division by zero, empty input or deep recursion."),
    "WA": ("틀린 답은 경계 조건(n=1, 모두 같은 값, 음수, 최댓값)에서 자주 생깁니다.",
           "Wrong answers usually hide in edge cases: n = 1, all equal values, negatives, the maximum size."),
    "CE": ("컴파일 에러는 컴파일러 메시지의 첫 줄이 가리키는 줄부터 확인하세요.",
           "For a compile error, start at the line the first compiler message points to."),
}


ERROR_HELP = {
    "IndexError": ("IndexError는 리스트 범위 밖의 인덱스를 읽을 때 납니다. 반복 범위가 0..n-1인지, 1부터 세는 입력을 0부터 세는 리스트에 그대로 쓰지 않았는지 확인하세요.",
                   "IndexError: an index outside the list. Check that loops run over 0..n-1 and that 1-based input is not used as a 0-based index."),
    "KeyError": ("KeyError는 딕셔너리에 없는 키를 읽을 때 납니다. `in`으로 먼저 확인하거나 get(키, 기본값)을 쓰세요.",
                 "KeyError: a key that is not in the dict. Check with `in` first or use get(key, default)."),
    "ZeroDivisionError": ("0으로 나누고 있습니다. 나누는 값이 0이 될 수 있는 입력(n=0, 모두 같은 값)을 따로 처리하세요.",
                          "Division by zero: handle the inputs where the divisor can be 0."),
    "RecursionError": ("재귀가 너무 깊습니다(Python 기본 한도 약 1000). 반복문으로 바꾸거나 sys.setrecursionlimit을 늘리세요.",
                       "Recursion too deep (Python's default limit is about 1000): use a loop, or raise sys.setrecursionlimit."),
    "ValueError": ("ValueError는 보통 입력 형식이 예상과 다를 때 납니다. 한 줄에 값이 몇 개인지, split()으로 나눴는지 확인하세요.",
                   "ValueError usually means the input is not in the shape you expect: check how many values a line has and that you split() it."),
    "EOFError": ("입력을 더 읽으려다 끝에 도달했습니다. 읽는 줄 수가 입력 형식과 맞는지 확인하세요.",
                 "EOFError: you read past the end of the input. Match the number of reads to the input format."),
    "NameError": ("정의되지 않은 이름을 쓰고 있습니다. 철자와 변수를 만든 위치(함수 안/밖)를 확인하세요.",
                  "NameError: a name that is not defined. Check the spelling and where the variable is created."),
    "TypeError": ("TypeError는 타입이 맞지 않을 때 납니다. input()은 문자열이므로 int()로 바꿨는지 확인하세요.",
                  "TypeError: mismatched types. input() returns text: did you convert it with int()?"),
    "ArrayIndexOutOfBoundsException": ("배열 범위를 벗어났습니다. 배열 크기와 반복 조건(< n인지 <= n인지)을 확인하세요.",
                                       "Array index out of bounds: check the array size and whether loops use < n or <= n."),
    "NullPointerException": ("초기화하지 않은 객체를 쓰고 있습니다. new로 만들었는지 확인하세요.",
                             "NullPointerException: an object that was never created. Check your `new`."),
    "NumberFormatException": ("숫자가 아닌 문자열을 숫자로 바꾸려 했습니다. 공백이나 줄 끝을 trim/split 했는지 확인하세요.",
                              "NumberFormatException: text that is not a number. Did you trim and split the line?"),
    "StackOverflowError": ("재귀가 너무 깊습니다. 반복문으로 바꿔 보세요.", "Recursion too deep: turn it into a loop."),
    "SIGSEGV": ("세그멘테이션 오류는 배열 범위 밖 접근이나 너무 깊은 재귀에서 납니다. 배열 크기와 인덱스를 확인하세요.",
                "A segmentation fault comes from out-of-range accesses or very deep recursion: check sizes and indices."),
    "SIGFPE": ("0으로 나누기(정수) 때문에 프로그램이 멈췄습니다.", "The program stopped on an integer division by zero."),
}


def _error_notes(text: str, verdicts: list[dict], lang: str) -> list[str]:
    haystack = text + " " + " ".join(str(v.get("message") or "") for v in verdicts if v.get("verdict") == "RE")
    found = [name for name in ERROR_HELP if name in haystack]
    index = 0 if lang == "ko" else 1
    return [ERROR_HELP[name][index] for name in found[:2]]


def _any(patterns: list[str], text: str) -> bool:
    return any(re.search(p, text, re.I) for p in patterns)


def classify(text: str) -> str:
    """solution_request | debug | concept | hint | other (solution requests win over everything)."""
    if _any(SOLUTION_PATTERNS, text):
        return "solution_request"
    if _any(DEBUG_PATTERNS, text) or "Traceback (most recent call last)" in text:
        return "debug"
    if _any(CONCEPT_PATTERNS, text):
        return "concept"
    if _any(HINT_PATTERNS, text):
        return "hint"
    return "other"


def _obj(word: str) -> str:
    """word + 을/를 chosen by the last sound read aloud: 동적 계획법(DP) → 계획법 → 을."""
    spoken = re.sub(r"\s*\([^)]*\)\s*$", "", word).strip()
    if not spoken:
        return word
    return word + ("을" if has_final_consonant(spoken[-1]) else "를")


def _names(tags: list[str], lang: str) -> list[str]:
    return [TECHNIQUES[t][lang] for t in tags if t in TECHNIQUES]


def _code_observations(code: str, language: str, constraints: str, lang: str) -> list[str]:
    if not code.strip():
        return []
    facts = code_rules.analyse(code, language)
    notes: list[str] = []
    ko = lang == "ko"
    if not facts.parses:
        notes.append(f"문법 오류가 있습니다({facts.syntax_error})." if ko else f"The code does not parse ({facts.syntax_error}).")
        return notes
    if not facts.reads_input:
        notes.append("표준 입력을 읽는 부분이 보이지 않습니다." if ko else "I don't see the code reading standard input.")
    if not facts.prints_output:
        notes.append("결과를 출력하는 부분이 없습니다." if ko else "Nothing prints the result.")
    limit = code_rules.max_n(constraints)
    if facts.max_loop_depth >= 2 and limit and limit >= 10_000:
        notes.append(f"반복문이 {facts.max_loop_depth}중으로 중첩되어 있어, n이 {limit:,}이면 약 {limit:,}^{facts.max_loop_depth}번을 "
                     "돌게 됩니다. 한 번의 순회로 줄일 방법을 생각해 보세요." if ko else
                     f"Loops are nested {facts.max_loop_depth} deep: with n up to {limit:,} that is about "
                     f"{limit:,}^{facts.max_loop_depth} steps. Look for a single pass.")
    if facts.recursion and not facts.memoized:
        names = ", ".join(facts.recursion)
        notes.append(f"재귀 함수({names})가 같은 인자로 여러 번 호출될 수 있습니다. 결과를 저장(메모이제이션)하거나 반복문으로 바꿔 보세요."
                     if ko else f"The recursive function ({names}) may be called with the same arguments many times: "
                     "store results or turn it into a loop.")
    if facts.unreachable:
        notes.append(f"{facts.unreachable[0]}번째 줄은 실행되지 않습니다." if ko else f"Line {facts.unreachable[0]} never runs.")
    return notes


def _verdict_notes(verdicts: list[dict], lang: str) -> list[str]:
    failing = [v for v in verdicts if v.get("verdict") not in ("AC", "PENDING", "SE")]
    if not failing:
        return []
    first = failing[0]
    ko = lang == "ko"
    where = (f"{'예제' if first.get('sample') else '숨겨진 테스트'} {first.get('ordinal')}번" if ko
             else f"{'sample' if first.get('sample') else 'hidden test'} #{first.get('ordinal')}")
    help_ko, help_en = VERDICT_HELP.get(first["verdict"], ("", ""))
    line = (f"최근 제출은 {where}에서 {first['verdict']}였습니다. {help_ko}" if ko
            else f"Your last submission got {first['verdict']} on {where}. {help_en}")
    if first.get("sample") and first.get("input") is not None:
        line += (f" 그 예제 입력은 `{first['input'].strip()[:120]}`입니다. 손으로 따라가 보세요." if ko
                 else f" That sample's input is `{first['input'].strip()[:120]}`: trace it by hand.")
    return [line]


def reply(*, question: str, title: str, constraints: str, techniques: list[str], code: str, language: str,
          verdicts: list[dict], hints_given: int) -> tuple[str, str]:
    """(answer text, intent)."""
    intent = classify(question)
    lang = detect_language(question)
    ko = lang == "ko"
    tags = [t for t in techniques if t in TECHNIQUES] or ["implementation"]
    names = _names(tags, lang)
    level = min(hints_given, 2)
    parts: list[str] = []
    if intent == "solution_request":
        parts.append("정답 코드나 그대로 옮겨 쓸 수 있는 구현은 드릴 수 없어요. 시험에서는 직접 작성한 코드만 평가됩니다. "
                     "대신 스스로 풀 수 있도록 도와드릴게요." if ko else
                     "I can't hand over a solution or code you could copy: only your own code is graded here. "
                     "I can help you get there yourself.")
        key = tags[0]
        parts.append(("이 문제는 " + _obj(names[0]) + " 떠올려 보면 좋습니다. " + TECHNIQUES[key]["hints_ko"][level]) if ko
                     else f"Think about {names[0]}. " + TECHNIQUES[key]["hints_en"][level])
    elif intent == "concept":
        asked = [t for t in TECHNIQUES if re.search(re.escape(TECHNIQUES[t]["ko"].split("(")[0]) + "|" +
                                                        re.escape(TECHNIQUES[t]["en"]) + "|" + t.replace("_", " "),
                                                        question, re.I)]
        for key in (asked or tags)[:2]:
            parts.append(f"**{TECHNIQUES[key][lang]}**: " + TECHNIQUES[key]["concept_" + lang])
        if not asked and "복잡도" in question or "complexity" in question.lower():
            limit = code_rules.max_n(constraints)
            if limit:
                parts.append(f"입력이 최대 {limit:,}이므로 O(n log n) 이하가 안전하고, O(n²)는 약 {limit * limit:,}번이라 시간 안에 끝나기 어렵습니다."
                             if ko else f"With inputs up to {limit:,}, O(n log n) or better is safe; O(n²) is about "
                             f"{limit * limit:,} steps, too slow.")
    elif intent == "debug":
        parts += _error_notes(question, verdicts, lang)
        parts += _verdict_notes(verdicts, lang)
        parts += _code_observations(code, language, constraints, lang)
        if not parts:
            parts.append("에러 메시지의 마지막 줄과 줄 번호를 알려 주시거나, 예제 입력으로 직접 실행해 보고 어느 줄에서 값이 달라지는지 확인해 보세요."
                         if ko else "Send the last line of the error with its line number, or run the sample and find "
                         "the first line where a value differs from what you expect.")
    else:  # hint / other
        key = tags[min(level, len(tags) - 1)] if intent == "hint" else tags[0]
        parts.append((f"'{title}' 문제는 {', '.join(names)} 관점에서 접근해 보세요. " if ko
                      else f"Approach '{title}' with {', '.join(names)}. ") + TECHNIQUES[key]["hints_" + lang][level])
        parts += _code_observations(code, language, constraints, lang)
        parts += _verdict_notes(verdicts, lang)
    return "\n\n".join(p for p in parts if p), intent
