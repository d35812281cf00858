"""WebSocket routes collected from the apps that have them."""
from core.modules import app_submodules

websocket_urlpatterns = [
    pattern for module in app_submodules("routing") for pattern in getattr(module, "websocket_urlpatterns", [])
]
