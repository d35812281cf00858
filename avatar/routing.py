from django.urls import re_path

from avatar.consumers import AvatarConsumer

websocket_urlpatterns = [
    re_path(r"^ws/(?P<session_id>[A-Za-z0-9_-]{1,64})/?$", AvatarConsumer.as_asgi()),
]
