from rest_framework import serializers

from avatar.models import AvatarSession
from avatar.services import MAX_DURATION_MINUTES


def _choice_error(field: str, choices) -> dict:
    return {"invalid_choice": f"Invalid {field}. Must be one of: {', '.join(choices)}"}


class NoNulString(serializers.CharField):
    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if "\x00" in value:
            raise serializers.ValidationError("must not contain NUL characters")
        return value


class SessionCreateIn(serializers.Serializer):
    user_id = NoNulString(max_length=100)
    interview_type = serializers.ChoiceField(choices=AvatarSession.InterviewType.values, default="general",
                                             error_messages=_choice_error("interview_type", AvatarSession.InterviewType.values))
    language = serializers.ChoiceField(choices=AvatarSession.Language.values, default="ko",
                                       error_messages=_choice_error("language", AvatarSession.Language.values))
    difficulty = serializers.ChoiceField(choices=AvatarSession.Difficulty.values, default="medium",
                                         error_messages=_choice_error("difficulty", AvatarSession.Difficulty.values))
    duration_minutes = serializers.IntegerField(
        default=30, min_value=5, max_value=MAX_DURATION_MINUTES,
        error_messages={"min_value": "Invalid duration_minutes. Must be between 5 and 120",
                        "max_value": "Invalid duration_minutes. Must be between 5 and 120",
                        "invalid": "Invalid duration_minutes. Must be an integer between 5 and 120"})


class SessionListIn(serializers.Serializer):
    user_id = NoNulString(max_length=100)
    status = serializers.ChoiceField(choices=["all", *AvatarSession.Status.values], default="all",
                                     error_messages=_choice_error("status", ["all", *AvatarSession.Status.values]))
    limit = serializers.IntegerField(default=20, min_value=1, max_value=100)
    offset = serializers.IntegerField(default=0, min_value=0)


class StatsIn(serializers.Serializer):
    period = serializers.ChoiceField(choices=["today", "week", "month"], default="today",
                                     error_messages=_choice_error("period", ["today", "week", "month"]))
    user_id = NoNulString(max_length=100, required=False)


class SessionOut(serializers.Serializer):
    """Seed 001 SessionResponse (documentation only; views build the dict in avatar.selectors)."""
    session_id = serializers.CharField()
    user_id = serializers.CharField()
    interview_type = serializers.CharField()
    language = serializers.CharField()
    difficulty = serializers.CharField()
    status = serializers.CharField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField()
    duration_seconds = serializers.IntegerField()
    message_count = serializers.IntegerField()
    daily_room_url = serializers.CharField(allow_null=True, help_text="null unless AVATAR_DAILY_DOMAIN is set")
    websocket_url = serializers.CharField()
    metadata = serializers.DictField()


class SummaryOut(serializers.Serializer):
    session_id = serializers.CharField()
    status = serializers.CharField()
    terminated_at = serializers.DateTimeField()
    summary = serializers.DictField()
    feedback = serializers.DictField()
