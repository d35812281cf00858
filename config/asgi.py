"""ASGI entry point: HTTP through Django, WebSockets through Channels."""
import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402  (needs Django set up first)
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator, OriginValidator  # noqa: E402

from django.conf import settings  # noqa: E402

from accounts.channels import ApiKeyAuthMiddleware  # noqa: E402
from config.routing import websocket_urlpatterns  # noqa: E402
from core.middleware import RequestBodyLimit  # noqa: E402


def _bound_daphne_request_bodies() -> None:
    """daphne (twisted) receives a whole request body before the application runs, and twisted
    parsed every multipart or urlencoded POST body into memory besides (a 21 MB upload grew the
    process by over 200 MB) and answered a bare, headerless 400 to a multipart body it could not
    read, before Django saw the request. Here its requests skip that parse, which daphne never
    uses, and keep at most REQUEST_BODY_MAX_BYTES + 1 bytes of a body: none of one whose
    Content-Length is over the limit, and enough of a chunked one for RequestBodyLimit to see it
    pass the limit. Django parses bodies itself and refuses bad ones in the surface's format."""
    try:
        from daphne import http_protocol
    except ImportError:  # another ASGI server: RequestBodyLimit still bounds what is read
        return

    class BoundedWebRequest(http_protocol.WebRequest):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._parsePOSTFormSubmission = False
            self.body_room = 0

        def gotLength(self, length):
            super().gotLength(length)
            limit = settings.REQUEST_BODY_MAX_BYTES
            self.body_room = 0 if length is not None and length > limit else limit + 1

        def handleContentChunk(self, data):
            if self.body_room > 0:
                kept = data[:self.body_room]
                self.content.write(kept)
                self.body_room -= len(kept)

    http_protocol.WebRequest = BoundedWebRequest  # what daphne's HTTPFactory builds requests with


_bound_daphne_request_bodies()


CLOSE_HANDSHAKE_SECONDS = 5


def _daphne_close_handshake(seconds: float) -> None:
    """daphne leaves autobahn's closing-handshake timeout at its default of 1 s, and autobahn's
    timer (txaio's batched timer) truncates each deadline to a whole second: a socket the server
    closes (after session_ended, on a takeover) gets between 0 and 1 s, often a few milliseconds,
    for the client's reply before the connection is reset, and the reset throws away what the
    server has not written yet. On a busy server that was the last frames, session_ended and the
    close (bench/bench_ws.py: 24 to 111 of 500 clients). daphne has no option for it, so its
    factory gets one here (nothing changes under another ASGI server)."""
    try:
        from daphne.ws_protocol import WebSocketFactory
    except ImportError:
        return
    set_options = WebSocketFactory.setProtocolOptions

    def with_close_handshake(self, **options):
        return set_options(self, **{"closeHandshakeTimeout": seconds, **options})

    WebSocketFactory.setProtocolOptions = with_close_handshake


_daphne_close_handshake(CLOSE_HANDSHAKE_SECONDS)


class _NoOriginAllowed(OriginValidator):
    def valid_origin(self, parsed_origin):
        return parsed_origin is None or super().valid_origin(parsed_origin)


def BrowserOriginValidator(application):  # noqa: N802 - mirrors channels' AllowedHostsOriginValidator
    """Browsers always send Origin on a WebSocket and it must be one of ALLOWED_HOSTS; clients
    without one (the seed 001 SDKs, curl) are not browsers and authenticate with ?api_key=."""
    return _NoOriginAllowed(application, AllowedHostsOriginValidator(application).allowed_origins)


application = ProtocolTypeRouter(
    {
        "http": RequestBodyLimit(django_asgi_app),
        "websocket": BrowserOriginValidator(
            # session user first; ?api_key= or ?token= in the URL takes precedence
            AuthMiddlewareStack(ApiKeyAuthMiddleware(URLRouter(websocket_urlpatterns)))
        ),
    }
)

# What is loaded by now (Django, every app, their modules: ~230 000 objects) lives as long as the
# process. Kept out of the collector, a full collection no longer scans it: under load those scans
# held the event loop for up to a second, and daphne dropped the sockets whose closing handshake
# (1 s) fell due meanwhile.
gc.freeze()
