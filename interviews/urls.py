from django.urls import path

from core.errors import surface
from interviews import views
from interviews.api import views as api

app_name = "interviews"
urlpatterns = [
    # seed 002
    *surface("drf", [
        path("sessions", api.Seed002SessionCreateView.as_view(), name="seed002-sessions"),
        path("sessions/<int:session_id>/questions", api.Seed002QuestionsView.as_view(), name="seed002-questions"),
        path("answers", api.Seed002AnswerView.as_view(), name="seed002-answers"),
        path("sessions/<int:session_id>/results", api.Seed002ResultsView.as_view(), name="seed002-results"),
    ], owns=("sessions", "answers")),
    # seed 003
    *surface("drf", [
        path("api/interviews/start", api.Seed003StartView.as_view(), name="api-start"),
        path("api/interviews/history", api.Seed003HistoryView.as_view(), name="api-history"),
        path("api/interviews/<int:session_id>/answer", api.Seed003AnswerView.as_view(), name="api-answer"),
        path("api/interviews/<int:session_id>/result", api.Seed003ResultView.as_view(), name="api-result"),
        path("api/interviews/<int:session_id>/generate-feedback", api.Seed003FeedbackView.as_view(),
             name="api-feedback"),
    ], owns=("api/",)),
    # seed 000
    *surface("seed000", [
        path("ai/interview/question", api.Seed000QuestionView.as_view(), name="seed000-question"),
        path("ai/interview/save", api.Seed000SaveView.as_view(), name="seed000-save"),
        path("ai/interview/report", api.Seed000ReportView.as_view(), name="seed000-report"),
    ], owns=("ai/",)),
    # pages
    path("interviews", views.interview_list, name="list"),
    path("interviews/<int:pk>", views.interview_room, name="room"),
    path("interviews/<int:pk>/result", views.interview_result, name="result"),
    path("interviews/<int:pk>/end", views.interview_end, name="end"),
    path("interviews/<int:pk>/delete", views.interview_delete, name="delete"),
]
