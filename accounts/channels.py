"""WebSocket authentication: `?api_key=` (seed 001) or `?token=<access JWT>` in the query string.

Sits inside AuthMiddlewareStack (config/asgi.py), so a browser's session user stays in place when
no credentials are in the URL. With bad credentials scope["user"] is anonymous and
scope["auth_error"] names why (invalid_api_key, invalid_token, token_expired), so a consumer
can close with a precise reason instead of guessing. scope["credential_groups"] names the groups
a consumer joins so that revoking the credential closes the socket (selectors.credential_group).
"""
from __future__ import annotations

from urllib.parse import parse_qs

from django.contrib.auth.models import AnonymousUser
from rest_framework import exceptions

from accounts import selectors, services
from accounts.authentication import INVALID_API_KEY, user_from_access_token
from core.asyncdb import db


@db
def _user_for_api_key(raw: str):
    api_key = selectors.api_key_get_active(raw)
    if api_key is None:
        return None, []
    services.api_key_touch(api_key=api_key)
    return api_key.owner, [selectors.credential_group("api-key", api_key.pk)]


@db
def _user_for_token(raw: str):
    user, token = user_from_access_token(raw)
    return user, [selectors.credential_group("token", token["jti"]), selectors.credential_group("user-tokens", user.pk)]


class ApiKeyAuthMiddleware:
    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
        api_key = (query.get("api_key") or [None])[0]
        token = (query.get("token") or [None])[0]
        scope = dict(scope)
        if api_key is not None or token is not None:
            scope["auth_error"] = None
            user, groups = None, []
            if api_key is not None:
                user, groups = await _user_for_api_key(api_key.strip())
                if user is None:
                    scope["auth_error"] = INVALID_API_KEY
            else:
                try:
                    user, groups = await _user_for_token(token.strip())
                except exceptions.AuthenticationFailed as exc:
                    scope["auth_error"] = exc.get_codes()
            scope["user"] = user or AnonymousUser()
            scope["auth_method"] = None if user is None else ("api_key" if api_key is not None else "jwt")
        else:
            session_key = getattr(scope.get("session"), "session_key", None)
            groups = [selectors.credential_group("session", session_key)] if session_key else []
        scope["credential_groups"] = groups
        return await self.inner(scope, receive, send)
