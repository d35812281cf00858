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
    # A string checked by hand: as an enum it would collide with the interviews' ko/en "language" in the schema.
    language = serializers.CharField(default="ko", max_length=5, help_text="ko | en | ja")

    def validate_language(self, value):
        if value not in AvatarSession.Language.values:
            raise serializers.ValidationError(_choice_error("language", AvatarSession.Language.values)["invalid_choice"])
        return value
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


class SessionListItemOut(serializers.Serializer):
    session_id = serializers.CharField()
    user_id = serializers.CharField()
    status = serializers.CharField()
    interview_type = serializers.CharField()
    language = serializers.CharField()
    created_at = serializers.DateTimeField()
    duration_seconds = serializers.IntegerField()


class SessionListOut(serializers.Serializer):
    total = serializers.IntegerField()
    limit = serializers.IntegerField()
    offset = serializers.IntegerField()
    sessions = SessionListItemOut(many=True)


class PauseOut(serializers.Serializer):
    session_id = serializers.CharField()
    status = serializers.CharField()
    paused_at = serializers.DateTimeField()


class ResumeOut(serializers.Serializer):
    session_id = serializers.CharField()
    status = serializers.CharField()
    resumed_at = serializers.DateTimeField()


class ConfigOut(serializers.Serializer):
    engine = serializers.CharField()
    stt = serializers.DictField()
    llm = serializers.DictField()
    tts = serializers.DictField()
    embeddings = serializers.DictField()
    avatar = serializers.DictField()
    optimization = serializers.DictField()


class StatsOut(serializers.Serializer):
    period = serializers.CharField()
    total_sessions = serializers.IntegerField()
    active_sessions = serializers.IntegerField()
    completed_sessions = serializers.IntegerField()
    terminated_sessions = serializers.IntegerField()
    expired_sessions = serializers.IntegerField()
    average_duration_seconds = serializers.FloatField()
    average_latency_ms = serializers.FloatField()
    total_messages = serializers.IntegerField()
    gpu_utilization_percent = serializers.FloatField(allow_null=True, help_text="null without a GPU")
    cache_hit_rate = serializers.FloatField(help_text="share of TTS sentences served from the speech cache")
    tts_segments = serializers.IntegerField()
    latency = serializers.DictField(help_text="p50/p95 per stage, ms from the end of the candidate's speech")
