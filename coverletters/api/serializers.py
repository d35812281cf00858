from rest_framework import serializers

from coverletters.models import CoverLetter, CoverLetterVersion
from coverletters.services import MAX_CONTENT_CHARS
from postings.models import JobPosting


class CoverLetterWriteSerializer(serializers.Serializer):
    job_posting_id = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                              max_value=2**63 - 1)
    content = serializers.CharField(max_length=MAX_CONTENT_CHARS, trim_whitespace=True)
    title = serializers.CharField(required=False, allow_blank=True, max_length=255)


class CoverLetterSerializer(serializers.ModelSerializer):
    """Seed 003 fields (id, job_posting_id, content, ai_feedback, created_at) plus the structured feedback."""

    engine = serializers.CharField(read_only=True)
    score = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = CoverLetter
        fields = ["id", "job_posting_id", "title", "content", "ai_feedback", "feedback", "engine", "score",
                  "version", "created_at", "updated_at"]


class CoverLetterListSerializer(serializers.ModelSerializer):
    engine = serializers.CharField(read_only=True)
    score = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = CoverLetter
        fields = ["id", "job_posting_id", "title", "content", "ai_feedback", "engine", "score", "version",
                  "created_at", "updated_at"]


class CoverLetterVersionSerializer(serializers.ModelSerializer):
    score = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = CoverLetterVersion
        fields = ["number", "content", "ai_feedback", "score", "created_at"]


class JobPostingNestedSerializer(serializers.ModelSerializer):
    """The `job_posting` object inside a cover letter (seed 003): this app's view of a posting."""

    class Meta:
        model = JobPosting
        fields = ["id", "title", "ai_analysis"]


class CoverLetterDetailSerializer(CoverLetterSerializer):
    job_posting = JobPostingNestedSerializer(read_only=True, allow_null=True)
    versions = CoverLetterVersionSerializer(many=True, read_only=True)

    class Meta(CoverLetterSerializer.Meta):
        fields = ["id", "job_posting_id", "job_posting", "title", "content", "ai_feedback", "feedback", "engine",
                  "score", "version", "versions", "created_at", "updated_at"]
