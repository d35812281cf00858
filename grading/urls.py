from django.urls import path, re_path

from grading.api import views as api

app_name = "grading"
urlpatterns = [
    # seed 004
    path("api/chat/messages", api.ChatMessageView.as_view(), name="api-chat"),
    path("api/session/submit", api.SubmitView.as_view(), name="api-submit"),
    re_path(r"^api/session/submissions/(?P<submission_id>\d{1,18})$", api.SubmissionDetailView.as_view(),
            name="api-submission"),
]
