"""WebSocket authentication: ?api_key= and ?token= set scope["user"]; bad ones say why."""
import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.testing import WebsocketCommunicator
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from accounts import services
from accounts.channels import ApiKeyAuthMiddleware
from core import asyncdb


@pytest.fixture(autouse=True)
def _database_threads_ended():
    """channels.testing turns off closing the connection after each database call: end the
    database threads (their connections close with them) or the test database cannot be dropped."""
    yield
    asyncdb._threads().shutdown(wait=True)
    asyncdb._threads.cache_clear()


class WhoAmI(AsyncJsonWebsocketConsumer):
    async def connect(self):
        await self.accept()
        user = self.scope.get("user")
        await self.send_json({"user": getattr(user, "username", None) if user and user.is_authenticated else None,
                              "error": self.scope.get("auth_error"), "method": self.scope.get("auth_method")})
        await self.close()


def _ask(query: str, scope_user=None) -> dict:
    async def scenario():
        app = ApiKeyAuthMiddleware(WhoAmI.as_asgi())
        communicator = WebsocketCommunicator(app, f"/ws/sess_1?{query}")
        if scope_user is not None:
            communicator.scope["user"] = scope_user
        connected, _ = await communicator.connect()
        assert connected
        answer = await communicator.receive_json_from(timeout=5)
        await communicator.disconnect()
        return answer

    with ThreadPoolExecutor(1) as pool:  # own loop: a browser fixture may run one in this thread
        return pool.submit(asyncio.run, scenario()).result()


@pytest.mark.django_db(transaction=True)
def test_api_key_and_token_in_the_query_string(make_user):
    user = make_user(username="wsuser")
    api_key, raw = services.api_key_create(owner=user, name="ws")
    assert _ask(f"api_key={raw}") == {"user": "wsuser", "error": None, "method": "api_key"}
    assert _ask(f"token={AccessToken.for_user(user)}") == {"user": "wsuser", "error": None, "method": "jwt"}

    assert _ask("api_key=ick_wrong") == {"user": None, "error": "invalid_api_key", "method": None}
    expired = AccessToken.for_user(user)
    expired.set_exp(lifetime=-timedelta(minutes=1))
    assert _ask(f"token={expired}")["error"] == "token_expired"
    assert _ask(f"token={RefreshToken.for_user(user)}")["error"] == "invalid_token"  # wrong type
    assert _ask("token=garbage")["error"] == "invalid_token"

    services.api_key_revoke(api_key=api_key)
    assert _ask(f"api_key={raw}")["error"] == "invalid_api_key"


@pytest.mark.django_db(transaction=True)
def test_bad_credentials_in_the_url_override_a_session_user(make_user):
    session_user = make_user(username="browser")
    assert _ask("", scope_user=session_user)["user"] == "browser"  # nothing in the URL: session stays
    assert _ask("api_key=ick_wrong", scope_user=session_user)["user"] is None


def test_asgi_application_wires_the_middleware():
    from config.asgi import application

    chain, node = [], application.application_mapping["websocket"]
    while node is not None and len(chain) < 10:
        chain.append(type(node).__name__)
        node = getattr(node, "inner", None) or getattr(node, "application", None)
    assert "ApiKeyAuthMiddleware" in chain and chain.index("ApiKeyAuthMiddleware") > chain.index("AuthMiddleware")
