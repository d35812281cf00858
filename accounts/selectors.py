"""Reads for accounts: user look-ups for log-in and API keys."""
from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.db.models import QuerySet

from accounts.models import ApiKey, User


def user_get_by_email(email: str) -> User | None:
    email = (email or "").strip().lower()
    if not email:
        return None
    return User.objects.filter(email=email).first()


def user_get_by_username(username: str) -> User | None:
    username = (username or "").strip()
    if not username:
        return None
    return User.objects.filter(username__iexact=username).first()


def user_find_for_login(identifier: str, *, prefer_email: bool) -> User | None:
    """Resolve what someone typed into a login box: an email address or a username.

    A seed 002 username may itself look like an address, so the caller says which reading wins.
    """
    lookups = (user_get_by_email, user_get_by_username) if prefer_email else (user_get_by_username, user_get_by_email)
    for lookup in lookups:
        user = lookup(identifier)
        if user is not None:
            return user
    return None


def revoked_access_key(jti: str) -> str:
    return f"jwt-revoked:{jti}"


def access_token_revoked(*, token, user: User) -> bool:
    """Whether a valid access token of `user` was logged out (services.logout) or issued before the
    user's tokens were revoked (services.user_revoke_tokens)."""
    if user.tokens_valid_after is not None and int(token.get("iat", 0)) < user.tokens_valid_after.timestamp():
        return True
    jti = token.get("jti")
    return not isinstance(jti, str) or cache.get(revoked_access_key(jti)) is not None


def credential_group(kind: str, ident) -> str:
    """The channel-layer group of the open WebSockets signed in with one credential, so revoking it
    closes them: kind "token" (an access token's jti), "user-tokens" (every token of a user),
    "api-key" (a key's pk) or "session" (a browser session's key)."""
    return f"auth.{kind}.{ident}"


def username_taken(username: str) -> bool:
    return User.objects.filter(username__iexact=username.strip()).exists()


def email_taken(email: str, *, exclude_pk: int | None = None) -> bool:
    qs = User.objects.filter(email=email.strip().lower())
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.exists()


def api_key_hash(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode("utf-8", "surrogatepass")).hexdigest()


def api_key_get_active(raw_key: str) -> ApiKey | None:
    """The active key matching `raw_key` (owner loaded), or None for unknown or revoked keys."""
    if not raw_key or len(raw_key) > 200:
        return None
    return (ApiKey.objects.select_related("owner")
            .filter(key_hash=api_key_hash(raw_key), revoked_at__isnull=True, owner__is_active=True)
            .first())


def api_key_list(*, owner: User | None = None, active: bool | None = None) -> QuerySet[ApiKey]:
    qs = ApiKey.objects.select_related("owner")
    if owner is not None:
        qs = qs.filter(owner=owner)
    if active is True:
        qs = qs.filter(revoked_at__isnull=True)
    elif active is False:
        qs = qs.filter(revoked_at__isnull=False)
    return qs
