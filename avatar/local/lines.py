"""What the interviewer says around the questions: greeting, acknowledgement, closing.

The questions themselves come from interviews.ai (the mock-interview brain). An
acknowledgement reacts to what the answer actually contained (numbers, own role, result,
reasons, a named technology), so it is not the same line every time.
"""
from __future__ import annotations

from interviews.services import answer_facts

GREETING = {
    "ko": "안녕하세요! 면접을 시작하겠습니다.",
    "en": "Hello! Let's begin the interview.",
    "ja": "こんにちは。面接を始めます。",
}
RESUMED = {
    "ko": "다시 이어서 진행하겠습니다.",
    "en": "Let's pick up where we left off.",
    "ja": "続けましょう。",
}
CLOSING = {
    "ko": "오늘 면접은 여기까지입니다. 성실하게 답변해 주셔서 감사합니다.",
    "en": "That is all for today's interview. Thank you for your thoughtful answers.",
    "ja": "本日の面接は以上です。ありがとうございました。",
}
# After the candidate cut the interviewer off.
INTERRUPTED_BEFORE_QUESTION = {
    "ko": "네, 말씀 잘 들었습니다. 제 질문을 다시 드리겠습니다.",
    "en": "Sure, I heard you. Let me put my question again.",
    "ja": "はい、承知しました。もう一度質問します。",
}
INTERRUPTED_AFTER_QUESTION = {
    "ko": "네, 질문 중간에 답해 주셨네요.",
    "en": "Right, you answered before I finished the question.",
    "ja": "はい、質問の途中でお答えいただきました。",
}

_ACK = {
    "numbers": {"ko": "구체적인 수치까지 말씀해 주셔서 성과가 잘 그려집니다.",
                "en": "The concrete numbers make the impact clear.",
                "ja": "具体的な数字があって分かりやすいです。"},
    "skill": {"ko": "사용하신 기술을 구체적으로 짚어 주셨네요.",
              "en": "Thanks for naming the technology you used.",
              "ja": "使った技術を具体的に挙げていただきました。"},
    "role": {"ko": "본인이 맡은 역할이 잘 드러났습니다.",
             "en": "Your own part in it came through clearly.",
             "ja": "ご自身の役割がよく分かりました。"},
    "result": {"ko": "결과까지 정리해 주셔서 좋습니다.",
               "en": "Good that you closed with the outcome.",
               "ja": "結果までまとめていただきました。"},
    "short": {"ko": "네, 알겠습니다.",
              "en": "Okay, I see.",
              "ja": "はい、分かりました。"},
    "default": {"ko": "네, 답변 감사합니다.",
                "en": "Thank you for the answer.",
                "ja": "ご回答ありがとうございます。"},
}


def lang(language: str) -> str:
    return language if language in ("ko", "en", "ja") else "ko"


def acknowledgement(answer: str, language: str) -> str:
    """One sentence reacting to the strongest thing the answer contained."""
    code = lang(language)
    facts = answer_facts(answer, "en" if code == "en" else "ko")
    if not facts.substantive:
        key = "short"
    elif facts.numbers:
        key = "numbers"
    elif facts.skills:
        key = "skill"
    elif facts.has_role and not facts.team_only:
        key = "role"
    elif facts.has_result:
        key = "result"
    else:
        key = "default"
    return _ACK[key][code]
