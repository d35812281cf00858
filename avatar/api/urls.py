from django.urls import path

from avatar.api import views
from core.errors import surface

urlpatterns = surface("seed001", [
    path("api/sessions", views.SessionListCreateView.as_view(), name="api-sessions"),
    path("api/sessions/<str:session_id>", views.SessionDetailView.as_view(), name="api-session"),
    path("api/sessions/<str:session_id>/pause", views.SessionPauseView.as_view(), name="api-session-pause"),
    path("api/sessions/<str:session_id>/resume", views.SessionResumeView.as_view(), name="api-session-resume"),
    path("api/config", views.ConfigView.as_view(), name="api-config"),
    path("api/stats", views.StatsView.as_view(), name="api-stats"),
], owns=("api/sessions", "api/config", "api/stats"))
