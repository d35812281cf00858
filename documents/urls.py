from django.urls import path

from core.errors import surface
from documents import views
from documents.api import views as api

app_name = "documents"
urlpatterns = [
    # seed 000 §1–2
    *surface("seed000", [
        path("ai/ocr/extract", api.OcrExtractView.as_view(), name="ocr-extract"),
        path("ai/task/<str:task_id>", api.TaskView.as_view(), name="task"),
        path("ai/file/embed", api.FileEmbedView.as_view(), name="file-embed"),
    ], owns=("ai/",)),
    # pages
    path("documents", views.document_list, name="list"),
    path("documents/<int:pk>", views.document_detail, name="detail"),
    path("documents/<int:pk>/pages/<int:number>.png", views.page_image, name="page-image"),
    path("documents/<int:pk>/delete", views.document_delete, name="delete"),
]
