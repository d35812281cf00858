from django.urls import path

from assistant import views
from assistant.api import views as api

app_name = "assistant"
urlpatterns = [
    path("ai/chat", api.ChatView.as_view(), name="chat-api"),
    # pages
    path("assistant", views.chat_home, name="chat"),
    path("assistant/rooms/new", views.room_new, name="room-new"),
    path("assistant/rooms/<int:pk>", views.room_detail, name="room"),
    path("assistant/rooms/<int:pk>/delete", views.room_delete, name="room-delete"),
    path("assistant/rooms/<int:pk>/messages", api.RoomMessageView.as_view(), name="room-messages"),
]
