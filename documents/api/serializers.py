"""Request and response shapes of seed 000 §1–2 (used for the OpenAPI schema)."""
from rest_framework import serializers

from core.serializers import TaskCreatedData


class OcrExtractRequest(serializers.Serializer):
    file_url = serializers.CharField(required=False, help_text="Signed URL of our storage, or a URL on an "
                                                                "allow-listed host (FILE_URL_ALLOWED_HOSTS).")
    file = serializers.FileField(required=False, help_text="multipart/form-data alternative to file_url.")
    file_type = serializers.ChoiceField(["pdf", "image"])
    type = serializers.ChoiceField(["resume", "portfolio", "job_posting", "attachment"])
    user_id = serializers.CharField(help_text="Stored as the client's label; the owner is the authenticated user.")
    document_id = serializers.CharField()


class TaskCreatedResponse(serializers.Serializer):
    message = serializers.CharField(default="ocr_task_created")
    data = TaskCreatedData()


class PageText(serializers.Serializer):
    page = serializers.IntegerField()
    text = serializers.CharField()


class OcrResult(serializers.Serializer):
    success = serializers.BooleanField()
    extracted_text = serializers.CharField()
    pages = PageText(many=True)
    vector_id = serializers.CharField()
    collection = serializers.CharField()


class TaskData(serializers.Serializer):
    task_id = serializers.CharField()
    status = serializers.ChoiceField(["processing", "completed"])
    progress = serializers.IntegerField(required=False)
    result = OcrResult(required=False)


class TaskResponse(serializers.Serializer):
    message = serializers.ChoiceField(["task_processing", "task_completed"])
    data = TaskData()


class EmbedRequest(serializers.Serializer):
    type = serializers.ChoiceField(["resume", "portfolio", "job_posting", "attachment"])
    id = serializers.CharField()
    user_id = serializers.CharField()
    text = serializers.CharField()


class EmbedData(serializers.Serializer):
    success = serializers.BooleanField()
    type = serializers.CharField()
    id = serializers.CharField()
    vector_id = serializers.CharField()
    collection = serializers.CharField()


class EmbedResponse(serializers.Serializer):
    message = serializers.CharField(default="embedding_success")
    data = EmbedData()
