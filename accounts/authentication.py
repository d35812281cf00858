"""DRF authentication for every API: JWT bearer, X-API-Key, and the browser session.

Failures carry a code other surfaces render in their own envelope (core.errors):
`token_expired`, `invalid_token` and `invalid_api_key`. JWTAuthentication comes first in
DEFAULT_AUTHENTICATION_CLASSES, so its `authenticate_header` makes DRF answer 401 (not 403)
when credentials are missing.
"""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework_simplejwt import authentication as simplejwt_auth
from rest_framework_simplejwt.exceptions import ExpiredTokenError, TokenError
from rest_framework_simplejwt.tokens import AccessToken

from accounts import selectors, services
from accounts.models import User

TOKEN_EXPIRED = "token_expired"
INVALID_TOKEN = "invalid_token"
INVALID_API_KEY = "invalid_api_key"
API_KEY_HEADER = "HTTP_X_API_KEY"


def token_expired() -> exceptions.AuthenticationFailed:
    return exceptions.AuthenticationFailed(_("Token has expired"), code=TOKEN_EXPIRED)


def invalid_token() -> exceptions.AuthenticationFailed:
    return exceptions.AuthenticationFailed(_("Invalid token"), code=INVALID_TOKEN)


def invalid_api_key() -> exceptions.AuthenticationFailed:
    return exceptions.AuthenticationFailed("Invalid API key", code=INVALID_API_KEY)


def user_from_access_token(raw: str | bytes):
    """Validate an access token (signature, HS256 only, expiry, type "access", not logged out or
    revoked by a password change) and return its user.

    Shared by the DRF class and the WebSocket middleware. Raises AuthenticationFailed.
    """
    try:
        token = AccessToken(raw)  # refresh tokens fail the type check; alg "none" fails the allow-list
    except ExpiredTokenError as exc:
        raise token_expired() from exc
    except TokenError as exc:
        raise invalid_token() from exc
    try:
        user = User.objects.get(pk=int(token["sub"]))
    except (KeyError, ValueError, TypeError, OverflowError, User.DoesNotExist) as exc:
        raise invalid_token() from exc
    if not user.is_active or selectors.access_token_revoked(token=token, user=user):
        raise invalid_token()
    return user, token


class JWTAuthentication(simplejwt_auth.JWTAuthentication):
    """`Authorization: Bearer <access token>` (seeds 002 and 003)."""

    def authenticate(self, request):
        header = self.get_header(request)
        if header is None:
            return None
        try:
            raw = self.get_raw_token(header)
        except exceptions.AuthenticationFailed as exc:  # "Bearer" with zero or several values
            raise invalid_token() from exc
        if raw is None:
            return None
        return user_from_access_token(raw)


class APIKeyAuthentication(authentication.BaseAuthentication):
    """`X-API-Key: <key>` (seed 001). A present but unknown or revoked key is an error, not anonymous."""

    def authenticate(self, request):
        raw = request.META.get(API_KEY_HEADER)
        if raw is None:
            return None
        api_key = selectors.api_key_get_active(raw.strip())
        if api_key is None:
            raise invalid_api_key()
        services.api_key_touch(api_key=api_key)
        return api_key.owner, api_key

    def authenticate_header(self, request):
        return "API-Key"


class SessionAuthentication(authentication.SessionAuthentication):
    """The pages' log-in session; unsafe methods must carry the CSRF token (DRF enforces it)."""
