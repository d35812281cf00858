"""ASGI entry point: HTTP through Django, WebSockets through Channels."""
import os

from asgiref.sync import ThreadSensitiveContext
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402  (needs Django set up first)
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator, OriginValidator  # noqa: E402

from accounts.channels import ApiKeyAuthMiddleware  # noqa: E402
from config.routing import websocket_urlpatterns  # noqa: E402


def _bodies_left_to_django() -> None:
    """daphne serves HTTP through twisted.web, whose Request reads every multipart or form POST
    body into `request.args` before handing it on (a second copy of each upload in memory) and
    answers a bare, headerless 400 for a multipart body it cannot read, before Django sees the
    request. Django parses bodies itself, refusing bad ones in the surface's own error format;
    twisted's parse is the documented opt-out `parsePOSTFormSubmission=False`."""
    from daphne.http_protocol import WebRequest

    init = WebRequest.__init__

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("parsePOSTFormSubmission", False)
        init(self, *args, **kwargs)

    WebRequest.__init__ = __init__


_bodies_left_to_django()


class ThreadPerConnection:
    """Each WebSocket connection's database calls get a thread of their own, as Django gives each
    HTTP request; otherwise every socket of the process queues on one shared thread, and hundreds
    of sockets connecting at once outlast daphne's 5 s handshake bound. Connections still come from
    the process's pool (config.settings: DB_POOL_MAX_SIZE), so the thread count does not raise the
    number of database connections."""

    def __init__(self, application):
        self.application = application

    async def __call__(self, scope, receive, send):
        async with ThreadSensitiveContext():
            return await self.application(scope, receive, send)


class _NoOriginAllowed(OriginValidator):
    def valid_origin(self, parsed_origin):
        return parsed_origin is None or super().valid_origin(parsed_origin)


def BrowserOriginValidator(application):  # noqa: N802 - mirrors channels' AllowedHostsOriginValidator
    """Browsers always send Origin on a WebSocket and it must be one of ALLOWED_HOSTS; clients
    without one (the seed 001 SDKs, curl) are not browsers and authenticate with ?api_key=."""
    return _NoOriginAllowed(application, AllowedHostsOriginValidator(application).allowed_origins)


application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": ThreadPerConnection(BrowserOriginValidator(
            # session user first; ?api_key= or ?token= in the URL takes precedence
            AuthMiddlewareStack(ApiKeyAuthMiddleware(URLRouter(websocket_urlpatterns)))
        )),
    }
)
