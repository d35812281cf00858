"""Request and response shapes of seed 000 §7 (used for the OpenAPI schema)."""
from rest_framework import serializers

from core.serializers import TaskCreatedData
from masking.ai import ITEM_TYPES

TYPE_HELP = "One of: " + ", ".join(f"`{key}` ({labels[1]})" for key, labels in ITEM_TYPES.items()) + "."


class MaskingDraftRequest(serializers.Serializer):
    file_url = serializers.CharField(required=False, help_text="Signed URL of our storage, or a URL on an "
                                                                "allow-listed host (FILE_URL_ALLOWED_HOSTS).")
    file = serializers.FileField(required=False, help_text="multipart/form-data alternative to file_url.")
    file_type = serializers.ChoiceField(["image", "pdf"])
    mode = serializers.ChoiceField(["black", "blur"], required=False, default="black",
                                   help_text="How boxes are masked: filled black (default) or blurred.")


class MaskingTaskCreated(serializers.Serializer):
    message = serializers.CharField(default="masking_task_created")
    data = TaskCreatedData()


class MaskingLocation(serializers.Serializer):
    x = serializers.IntegerField()
    y = serializers.IntegerField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class MaskingDetectedItem(serializers.Serializer):
    type = serializers.CharField(help_text=TYPE_HELP)
    location = MaskingLocation(help_text="Box in pixels of the page image (PDF pages are rendered at 200 dpi).")
    page = serializers.IntegerField(help_text="1-based page (or frame) number.")
    confidence = serializers.FloatField()
    rule = serializers.CharField(help_text="The rule that found it (e.g. rrn_checksum, phone, name_label, haar_face).")
    visible = serializers.BooleanField(help_text="False for text-layer text that does not show on the page.")


class MaskingResult(serializers.Serializer):
    masked_file_url = serializers.CharField(help_text="Signed link to the masked file (expires).")
    detected_items = MaskingDetectedItem(many=True)
    engine = serializers.CharField(help_text="`local` (rules + OpenCV faces) or `openai` (rules + model).")
    review_url = serializers.CharField(help_text="Page where the owner reviews the boxes.")
    reviewed = serializers.BooleanField(help_text="True once the owner confirmed reviewed boxes; the file "
                                                  "behind masked_file_url is then the reviewed one.")
