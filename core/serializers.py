"""OpenAPI shapes shared by every seed 000 surface: its error envelope and the answer of an
endpoint that starts a job polled on `GET /ai/task/{task_id}`."""
from rest_framework import serializers


class Seed000Error(serializers.Serializer):
    message = serializers.CharField()
    error_code = serializers.IntegerField()
    data = serializers.JSONField(allow_null=True)


class TaskCreatedData(serializers.Serializer):
    task_id = serializers.CharField()
    status = serializers.CharField()
