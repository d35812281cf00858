"""OpenAPI shapes shared by the seed 000 surfaces: the answer of an endpoint that starts a job
polled on `GET /ai/task/{task_id}` (the error envelope is core.schema's)."""
from rest_framework import serializers


class TaskCreatedData(serializers.Serializer):
    task_id = serializers.CharField()
    status = serializers.CharField()
