from django.urls import include, path

from avatar import views

app_name = "avatar"
urlpatterns = [
    path("", include("avatar.api.urls")),
    path("avatar/", views.session_list, name="room"),
    path("avatar/new", views.session_new, name="new"),
    path("avatar/<str:session_id>", views.room, name="session"),
]
