from django.urls import path

from core import views
from core.errors import surface

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard", views.dashboard, name="dashboard"),
    *surface("seed001", [path("health", views.HealthView.as_view(), name="health")], owns=("health",)),
    path("files/<str:token>", views.signed_file, name="file"),
]
