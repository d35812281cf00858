from django.urls import path

from core.errors import surface
from masking import views
from masking.api import views as api

app_name = "masking"
urlpatterns = [
    # seed 000 §7 (polled on documents' GET /ai/task/{task_id})
    *surface("seed000", [path("ai/masking/draft", api.MaskingDraftView.as_view(), name="draft")], owns=("ai/",)),
    # pages
    path("masking", views.masked_list, name="list"),
    path("masking/<int:pk>", views.masked_detail, name="detail"),
    path("masking/<int:pk>/pages/<int:number>.png", views.page_image, name="page-image"),
    path("masking/<int:pk>/confirm", views.masked_confirm, name="confirm"),
    path("masking/<int:pk>/download", views.masked_download, name="download"),
    path("masking/<int:pk>/delete", views.masked_delete, name="delete"),
    path("masking/task/<str:task_id>", views.task_redirect, name="task"),
    path("documents/<int:pk>/mask", views.mask_document, name="from-document"),
]
