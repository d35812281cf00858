from django.conf import settings
from rest_framework import serializers

from postings.models import JobPosting
from postings.services import MAX_TEXT_CHARS


class JobPostingCreateSerializer(serializers.Serializer):
    """Either a file (PDF or image, multipart) or the posting's text (JSON or form field)."""

    file = serializers.FileField(required=False, allow_empty_file=False, max_length=255,
                                 help_text="PDF or image of the posting (multipart/form-data)")
    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=True,
                                 max_length=MAX_TEXT_CHARS, help_text="The posting's text, pasted")
    original_text = serializers.CharField(required=False, allow_blank=True, max_length=MAX_TEXT_CHARS,
                                          write_only=True, help_text="Alias of `text`")
    title = serializers.CharField(required=False, allow_blank=True, max_length=255)

    def validate(self, attrs):
        text = (attrs.get("text") or attrs.get("original_text") or "").strip()
        upload = attrs.get("file")
        if upload is not None and text:
            raise serializers.ValidationError("Send either a file or text, not both.")
        if upload is None and not text:
            raise serializers.ValidationError({"file": "Upload a PDF/image file or send the posting text."})
        if upload is not None and upload.size > settings.UPLOAD_MAX_BYTES:
            raise serializers.ValidationError(
                {"file": f"The file is larger than {settings.UPLOAD_MAX_BYTES // (1024 * 1024)} MB."})
        attrs["text"] = text
        return attrs


class JobPostingListSerializer(serializers.ModelSerializer):
    engine = serializers.CharField(read_only=True)

    class Meta:
        model = JobPosting
        fields = ["id", "title", "company", "position", "ai_analysis", "engine", "created_at"]


class JobPostingSerializer(serializers.ModelSerializer):
    engine = serializers.CharField(read_only=True)
    document = serializers.PrimaryKeyRelatedField(read_only=True, allow_null=True)  # null for pasted text

    class Meta:
        model = JobPosting
        fields = ["id", "title", "company", "position", "original_text", "ai_analysis", "engine", "source",
                  "file_name", "document", "created_at", "updated_at"]


