from rest_framework import serializers

MAX_ID = 2**63 - 1


class ContextSerializer(serializers.Serializer):
    problemId = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    specVersion = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    code = serializers.CharField(required=False, allow_blank=True, max_length=100_000,
                                 help_text="Optional (not in seed 004): the candidate's current code.")
    language = serializers.CharField(required=False, allow_blank=True, max_length=30)


class ChatMessageSerializer(serializers.Serializer):
    sessionId = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    examParticipantId = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    turnId = serializers.IntegerField(min_value=1, max_value=2**31 - 2)
    role = serializers.ChoiceField(choices=["USER"])
    content = serializers.CharField(max_length=8000, trim_whitespace=False)
    context = ContextSerializer()

    def validate_content(self, value: str) -> str:
        if not value.strip():
            raise serializers.ValidationError("This field may not be blank.")
        return value


class AiMessageSerializer(serializers.Serializer):
    session_id = serializers.IntegerField()
    turn = serializers.IntegerField()
    role = serializers.CharField()
    content = serializers.CharField()
    tokenCount = serializers.IntegerField()
    totalToken = serializers.IntegerField()


class ChatResponseSerializer(serializers.Serializer):
    aiMessage = AiMessageSerializer()


class SubmitSerializer(serializers.Serializer):
    problemId = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    specVersion = serializers.IntegerField(min_value=1, max_value=2**31 - 1)
    examParticipantId = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    finalCode = serializers.CharField(max_length=100_000, trim_whitespace=False)
    language = serializers.CharField(max_length=30)
    submissionId = serializers.IntegerField(min_value=1, max_value=MAX_ID)


class SubmitResponseSerializer(serializers.Serializer):
    submissionId = serializers.IntegerField()
    status = serializers.ChoiceField(choices=["successed", "failed"])


class TestVerdictSerializer(serializers.Serializer):
    ordinal = serializers.IntegerField()
    sample = serializers.BooleanField(source="is_sample")
    verdict = serializers.CharField()
    timeMs = serializers.IntegerField(source="time_ms")
    memoryKb = serializers.IntegerField(source="memory_kb")
    message = serializers.CharField()


class SubmissionDetailSerializer(serializers.Serializer):
    submissionId = serializers.IntegerField(source="submission_id")
    status = serializers.CharField()
    verdict = serializers.CharField()
    language = serializers.CharField()
    problemId = serializers.IntegerField(source="spec.problem_id")
    specVersion = serializers.IntegerField(source="spec.version")
    passed = serializers.IntegerField()
    total = serializers.IntegerField()
    maxTimeMs = serializers.IntegerField(source="max_time_ms")
    maxMemoryKb = serializers.IntegerField(source="max_memory_kb")
    compileOutput = serializers.CharField(source="compile_output")
    errorMessage = serializers.CharField(source="error_message")
    tests = TestVerdictSerializer(source="results", many=True)
    report = serializers.SerializerMethodField()

    def get_report(self, obj) -> dict | None:
        report = getattr(obj, "report", None) if self.context.get("report_visible") else None
        if report is None:
            return None
        return {"score": report.score, "correctness": report.correctness, "codeQuality": report.code_quality,
                "aiUsage": report.ai_usage, "reasons": report.details.get("reasons", []),
                "details": report.details, "engine": report.engine}
