from django.urls import path

from core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard", views.dashboard, name="dashboard"),
    path("health", views.HealthView.as_view(), name="health"),
    path("files/<str:token>", views.signed_file, name="file"),
]
