from django.urls import path, re_path

from assistant import views
from core.errors import surface
from core.handlers import unmatched
from assistant.api import views as api

app_name = "assistant"
urlpatterns = [
    *surface("seed000", [path("ai/chat", api.ChatView.as_view(), name="chat-api")], owns=("ai/",)),
    # pages
    path("assistant", views.chat_home, name="chat"),
    path("assistant/rooms/new", views.room_new, name="room-new"),
    path("assistant/rooms/<int:pk>", views.room_detail, name="room"),
    path("assistant/rooms/<int:pk>/delete", views.room_delete, name="room-delete"),
    *surface("seed000", [path("assistant/rooms/<int:pk>/messages", api.RoomMessageView.as_view(), name="room-messages"),
                         re_path(r"^assistant/rooms/(?P<pk>[^/]+)/messages$", unmatched())]),
]
