"""Input and output serializers of the three interview surfaces (seeds 002, 003 and 000)."""
from __future__ import annotations

from rest_framework import serializers

from interviews import selectors
from interviews.models import MAX_TURNS, InterviewSession, InterviewTurn

TYPES = InterviewSession.Type.choices
LANGUAGES = [c for c, _ in InterviewSession.Language.choices]


def _evaluation_public(evaluation: dict | None) -> dict | None:
    """Seed 002's Evaluation shape first; our extras (evidence, rubric, engine) follow."""
    if not evaluation:
        return None
    keys = ("score", "feedback", "keywords", "strengths", "improvements")
    out = {k: evaluation.get(k) for k in keys}
    out.update({k: v for k, v in evaluation.items() if k not in keys})
    return out


def _emotion_public(emotion: dict | None) -> dict | None:
    if not emotion:
        return None
    return {"dominant_emotion": emotion.get("dominant_emotion"), "emotion_scores": emotion.get("emotion_scores"),
            "source": emotion.get("source", "speech"), "method": emotion.get("method", "")}


# ============================================================================ seed 002

class Seed002SessionCreateSerializer(serializers.Serializer):
    user_name = serializers.CharField(max_length=100)
    position = serializers.CharField(max_length=200)
    language = serializers.ChoiceField(LANGUAGES, required=False, default="ko",
                                       help_text="Extension: the interview's language (ko or en).")
    interview_type = serializers.ChoiceField(TYPES, required=False, default="technical",
                                             help_text="Extension: personality or technical.")


class Seed002SessionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    user_id = serializers.IntegerField(source="owner_id")
    user_name = serializers.CharField()
    position = serializers.CharField()
    status = serializers.SerializerMethodField()
    emotion_summary = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    def get_status(self, obj: InterviewSession) -> str:
        return "completed" if obj.status == InterviewSession.Status.COMPLETED else "started"

    def get_emotion_summary(self, obj: InterviewSession) -> dict | None:
        return obj.emotion_summary


class Seed002RecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    session_id = serializers.IntegerField()
    question_text = serializers.CharField(source="question")
    order = serializers.IntegerField()
    answer_text = serializers.SerializerMethodField()
    evaluation = serializers.SerializerMethodField()
    emotion_summary = serializers.SerializerMethodField()
    answered_at = serializers.DateTimeField(allow_null=True)
    created_at = serializers.DateTimeField()

    def get_answer_text(self, obj: InterviewTurn) -> str | None:
        return obj.answer_text if obj.answered_at else None

    def get_evaluation(self, obj: InterviewTurn) -> dict | None:
        return _evaluation_public(obj.evaluation)

    def get_emotion_summary(self, obj: InterviewTurn) -> dict | None:
        return _emotion_public(obj.emotion)


class Seed002AnswerSerializer(serializers.Serializer):
    record_id = serializers.IntegerField(min_value=1)
    answer_text = serializers.CharField(max_length=10_000, trim_whitespace=True)


class Seed002ResultSerializer(serializers.Serializer):
    question = serializers.CharField()
    answer = serializers.SerializerMethodField()
    evaluation = serializers.SerializerMethodField()
    emotion = serializers.SerializerMethodField()

    def get_answer(self, obj: InterviewTurn) -> str | None:
        return obj.answer_text if obj.answered_at else None

    def get_evaluation(self, obj: InterviewTurn) -> dict | None:
        return _evaluation_public(obj.evaluation)

    def get_emotion(self, obj: InterviewTurn) -> dict | None:
        return _emotion_public(obj.emotion) if obj.answered_at else None


# ============================================================================ seed 003

class Seed003StartSerializer(serializers.Serializer):
    cover_letter_id = serializers.IntegerField(required=False, allow_null=True, min_value=1)
    posting_id = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                          help_text="Extension: a job posting (defaults to the letter's).")
    resume_id = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                         help_text="Extension: a resume document of yours.")
    # A plain string (checked below) so the schema keeps one enum per field name across the API.
    type = serializers.CharField(required=False, default="technical", max_length=20,
                                 help_text="`personality` or `technical` (default).")
    language = serializers.ChoiceField(LANGUAGES, required=False, allow_null=True,
                                       help_text="ko or en; defaults to your profile language, else ko.")


    def validate_type(self, value: str) -> str:
        if value not in InterviewSession.Type.values:
            raise serializers.ValidationError("Must be personality or technical.")
        return value


class Seed003AnswerSerializer(serializers.Serializer):
    turn_number = serializers.IntegerField(min_value=1, max_value=MAX_TURNS)
    audio = serializers.FileField(required=False, allow_empty_file=True,
                                  help_text="The recorded answer (webm/ogg/mp3/wav/m4a…).")
    answer_text = serializers.CharField(required=False, max_length=10_000,
                                        help_text="Extension: a typed answer instead of audio.")

    def validate(self, attrs):
        if not attrs.get("audio") and not (attrs.get("answer_text") or "").strip():
            raise serializers.ValidationError({"audio": "Send the recorded answer as `audio` (or a typed `answer_text`)."})
        return attrs


class Seed003TurnSerializer(serializers.Serializer):
    turn_number = serializers.IntegerField(source="order")
    question_text = serializers.CharField(source="question")
    question_audio_url = serializers.SerializerMethodField()
    is_followup = serializers.BooleanField(help_text="Extension: true when this question follows up the last answer.")

    def get_question_audio_url(self, obj: InterviewTurn) -> str | None:
        return selectors.audio_url(obj.question_audio, self.context.get("request"))


class Seed003ResultTurnSerializer(Seed003TurnSerializer):
    answer_audio_url = serializers.SerializerMethodField()
    answer_stt_text = serializers.SerializerMethodField()
    turn_feedback = serializers.SerializerMethodField()
    score = serializers.SerializerMethodField()
    evaluation = serializers.SerializerMethodField()
    delivery = serializers.JSONField()

    def get_answer_audio_url(self, obj: InterviewTurn) -> str | None:
        return selectors.audio_url(obj.answer_audio, self.context.get("request"))

    def get_answer_stt_text(self, obj: InterviewTurn) -> str | None:
        return obj.answer_text if obj.answered_at else None

    def get_turn_feedback(self, obj: InterviewTurn) -> str | None:
        return obj.turn_feedback or None

    def get_score(self, obj: InterviewTurn) -> int | None:
        return obj.score

    def get_evaluation(self, obj: InterviewTurn) -> dict | None:
        return _evaluation_public(obj.evaluation)


class Seed003ResultSerializer(serializers.Serializer):
    session_id = serializers.IntegerField(source="id")
    status = serializers.CharField()
    total_feedback = serializers.SerializerMethodField()
    turns = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    total_score = serializers.IntegerField(allow_null=True)
    grade = serializers.CharField()
    report_status = serializers.CharField()
    report = serializers.JSONField()
    language = serializers.CharField()
    interview_type = serializers.CharField()
    engine = serializers.CharField()

    def get_total_feedback(self, obj: InterviewSession) -> str | None:
        return obj.total_feedback or None

    def get_turns(self, obj: InterviewSession) -> list[dict]:
        return Seed003ResultTurnSerializer(selectors.turns_of(obj), many=True, context=self.context).data


class Seed003HistoryItemSerializer(serializers.Serializer):
    session_id = serializers.IntegerField(source="id")
    cover_letter_id = serializers.IntegerField(allow_null=True)
    status = serializers.CharField()
    created_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    posting_id = serializers.IntegerField(allow_null=True)
    interview_type = serializers.CharField()
    language = serializers.CharField()
    total_score = serializers.IntegerField(allow_null=True)
    grade = serializers.CharField()


# ============================================================================ seed 000

class Seed000QuestionSerializer(serializers.Serializer):
    room_id = serializers.CharField(max_length=100)
    session_id = serializers.CharField(max_length=100)
    interview_type = serializers.CharField(max_length=30)
    resume_text = serializers.CharField(max_length=50_000, allow_blank=True)
    posting_text = serializers.CharField(max_length=50_000, allow_blank=True)
    language = serializers.ChoiceField(LANGUAGES, required=False,
                                       help_text="Extension: ko or en; detected from the texts when absent.")


class Seed000SaveSerializer(serializers.Serializer):
    room_id = serializers.CharField(max_length=100)
    session_id = serializers.CharField(max_length=100)
    question_id = serializers.CharField(max_length=100)
    question = serializers.CharField(max_length=2000)
    answer = serializers.CharField(max_length=10_000)
    is_followup = serializers.BooleanField()
    question_number = serializers.IntegerField()


class Seed000ReportSerializer(serializers.Serializer):
    room_id = serializers.CharField(max_length=100)
    session_id = serializers.CharField(max_length=100)
    interview_type = serializers.CharField(max_length=30)
    resume_text = serializers.CharField(max_length=50_000, allow_blank=True)
    posting_text = serializers.CharField(max_length=50_000, allow_blank=True)
    ended_by = serializers.ChoiceField(["auto", "manual"])


def question_id(order: int) -> str:
    return f"q_{order:03d}"


def qa_id(order: int) -> str:
    return f"qa_{order:03d}"


def report_body(session: InterviewSession) -> dict:
    """The documented `report_generated` body (seed 000 §4.3)."""
    report = session.report or {}
    turns = [t for t in selectors.turns_of(session) if t.answered_at]
    return {
        "message": "report_generated",
        "data": {
            "success": True,
            "room_id": session.room_id,
            "session_id": session.client_session_id or str(session.pk),
            "evaluations": [{
                "qa_id": qa_id(t.order),
                "question": t.question,
                "answer": t.answer_text,
                "score": (t.evaluation or {}).get("score", 0),
                "good_points": (t.evaluation or {}).get("strengths", []),
                "improvements": (t.evaluation or {}).get("improvements", []),
            } for t in turns],
            "report": {
                "total_score": session.total_score if session.total_score is not None else 0,
                "grade": session.grade,
                "strength_patterns": report.get("strength_patterns", []),
                "weakness_patterns": report.get("weakness_patterns", []),
                "learning_guide": report.get("learning_guide", []),
            },
        },
    }
