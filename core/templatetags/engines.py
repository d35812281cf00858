"""`{{ code|engine_label }}`: which engine wrote a text, in words (규칙 엔진, 내장 모델, OpenAI)."""
from django import template

from ai.status import engine_label as label

register = template.Library()


@register.filter
def engine_label(code: str) -> str:
    return label(code)
