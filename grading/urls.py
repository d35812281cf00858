from django.urls import path, re_path

from core.errors import surface
from grading import views
from grading.api import views as api

app_name = "grading"
urlpatterns = [
    # seed 004
    *surface("seed004", [
        path("api/chat/messages", api.ChatMessageView.as_view(), name="api-chat"),
        path("api/session/submit", api.SubmitView.as_view(), name="api-submit"),
        re_path(r"^api/session/submissions/(?P<submission_id>[0-9]{1,18})$", api.SubmissionDetailView.as_view(),
                name="api-submission"),
    ], owns=("api/session/", "api/chat/")),
    # pages
    path("coding", views.problem_list, name="list"),
    path("coding/sessions/<int:pk>", views.room, name="room"),
    path("coding/sessions/<int:pk>/run", views.run_samples, name="run"),
    re_path(r"^coding/submissions/(?P<submission_id>[0-9]{1,18})$", views.report, name="report"),
    path("coding/staff", views.staff_home, name="staff"),
    path("coding/staff/problems/new", views.staff_problem_edit, name="staff-problem-new"),
    path("coding/staff/problems/<int:pk>", views.staff_problem_edit, name="staff-problem"),
]
