"""Writes for accounts: users, log-in, JWT pairs with rotation, API keys."""
from __future__ import annotations

import re
import secrets
import time
from datetime import timedelta

from django.contrib.auth import password_validation
from django.contrib.auth.models import update_last_login
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

from accounts import selectors, throttle
from accounts.models import ApiKey, User
from core import realtime

API_KEY_PREFIX = "ick_"  # "interview coach key": recognisable in logs and secret scanners
API_KEY_VISIBLE = 12
API_KEY_TOUCH_EVERY = timedelta(seconds=60)


class UsernameTaken(Exception):
    pass


class EmailTaken(Exception):
    pass


class TokenRefreshFailed(Exception):
    pass


# --- users -------------------------------------------------------------------------------------

def _username_from_email(email: str) -> str:
    """Seed 003 registers by email only; the username is the address when it is free and valid."""
    validator = UnicodeUsernameValidator()
    try:
        validator(email)
        if len(email) <= 150 and not selectors.username_taken(email):
            return email
    except ValidationError:
        pass
    base = re.sub(r"[^\w.@+-]", "", email.split("@", 1)[0])[:120] or "user"
    while True:
        candidate = f"{base}-{secrets.token_hex(3)}"
        if not selectors.username_taken(candidate):
            return candidate


def user_create(*, password: str, username: str | None = None, email: str | None = None,
                full_name: str = "", age: int | None = None, gender: str = "",
                career_summary: str = "", certifications: str = "") -> User:
    """Create a user after the password policy accepts the password.

    Raises UsernameTaken / EmailTaken, or django ValidationError (password rules, with messages).
    """
    email = (email or "").strip().lower() or None
    username = (username or "").strip()
    if email and selectors.email_taken(email):
        raise EmailTaken
    if username and selectors.username_taken(username):
        raise UsernameTaken
    derived = not username
    user = User(username=username or _username_from_email(email or ""), email=email, full_name=full_name or "",
                age=age, gender=gender or "", career_summary=career_summary or "",
                certifications=certifications or "")
    password_validation.validate_password(password, user=user)
    user.set_password(password)
    attempts = 3 if derived else 1  # a derived username that lost a race is simply derived again
    while True:
        try:
            with transaction.atomic():
                user.save()
            return user
        except IntegrityError as exc:  # a concurrent registration won the race
            if email and selectors.email_taken(email):
                raise EmailTaken from exc
            attempts -= 1
            if attempts == 0:
                raise UsernameTaken from exc
            user.pk = None
            user.username = _username_from_email(email or "")


PROFILE_FIELDS = ("full_name", "age", "gender", "career_summary", "certifications")


def user_update_profile(*, user: User, email: str | None = None, **fields) -> User:
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"not profile fields: {sorted(unknown)}")
    changed = []
    if email is not None:
        email = email.strip().lower() or None
        if email and selectors.email_taken(email, exclude_pk=user.pk):
            raise EmailTaken
        user.email = email
        changed.append("email")
    for name, value in fields.items():
        if name in ("full_name", "gender", "career_summary", "certifications") and value is None:
            value = ""
        setattr(user, name, value)
        changed.append(name)
    if changed:
        user.save(update_fields=[*changed, "updated_at"])
    return user


def user_revoke_refresh_tokens(*, user: User) -> int:
    """Blacklist every refresh token the user still holds (password change, token theft)."""
    outstanding = OutstandingToken.objects.filter(user=user, expires_at__gt=timezone.now(),
                                                  blacklistedtoken__isnull=True)
    created = BlacklistedToken.objects.bulk_create([BlacklistedToken(token=token) for token in outstanding],
                                                   ignore_conflicts=True)
    return len(created)


def user_revoke_tokens(*, user: User) -> None:
    """Every token issued to the user so far stops working: refresh tokens are blacklisted and access
    tokens issued before this second are refused (selectors.access_token_revoked compares their `iat`;
    JWT times are whole seconds, so a token issued in this very second outlives the change)."""
    user.tokens_valid_after = timezone.now().replace(microsecond=0)
    User.objects.filter(pk=user.pk).update(tokens_valid_after=user.tokens_valid_after)
    user_revoke_refresh_tokens(user=user)
    sockets_close("user-tokens", user.pk)


def user_change_password(*, user: User, new_password: str) -> None:
    """Set a password the caller has already validated; every token issued before stops working."""
    user.set_password(new_password)
    user.save(update_fields=["password", "updated_at"])
    user_revoke_tokens(user=user)


def user_authenticate(*, request, identifier: str, password: str, prefer_email: bool) -> User | None:
    """Check credentials with throttling; unknown user and wrong password look the same.

    Raises throttle.LoginThrottled when the identifier or client IP is locked out.
    """
    identifier = (identifier or "").strip()
    user = selectors.user_find_for_login(identifier, prefer_email=prefer_email) if identifier else None
    # count per account, so typing the email or the username shares one budget
    subject = f"user:{user.pk}" if user else f"name:{identifier}"
    ip = throttle.client_ip(request)
    throttle.login_check(identifier=subject, ip=ip)
    if user is None:
        User().set_password(password)  # spend the same hashing time as a real check
        ok = False
    else:
        ok = user.check_password(password) and user.is_active
    if not ok:
        throttle.login_failed(identifier=subject, ip=ip)
        return None
    throttle.login_succeeded(identifier=subject)
    return user


# --- tokens ------------------------------------------------------------------------------------

def access_token_issue(*, user: User) -> str:
    """Seed 002 `/token`: an access token only (OAuth2 password flow)."""
    update_last_login(None, user)
    return str(AccessToken.for_user(user))


def token_pair_issue(*, user: User) -> dict[str, str]:
    update_last_login(None, user)
    refresh = RefreshToken.for_user(user)
    return {"access": str(refresh.access_token), "refresh": str(refresh)}


class _RotatingRefreshToken(RefreshToken):
    def check_blacklist(self) -> None:
        """token_refresh checks the blacklist itself, under a row lock, to tell reuse apart."""


def token_refresh(*, raw_refresh: str) -> dict[str, str]:
    """Rotate a refresh token: the presented one is blacklisted, a new pair is returned.

    Presenting an already-rotated token means it leaked (or a client replayed it); every refresh
    token of that user is then revoked so a thief's copy dies too.
    """
    try:
        presented = _RotatingRefreshToken(raw_refresh)
    except TokenError as exc:
        raise TokenRefreshFailed from exc
    reused_by = None
    with transaction.atomic():
        outstanding = (OutstandingToken.objects.select_for_update(of=("self",)).select_related("user")
                       .filter(jti=presented.get("jti")).first())
        user = outstanding.user if outstanding else None
        if user is None or not user.is_active:
            raise TokenRefreshFailed
        _, created = BlacklistedToken.objects.get_or_create(token=outstanding)
        if created:
            pair = token_pair_issue(user=user)
        else:
            reused_by = user
            user_revoke_refresh_tokens(user=user)
    if reused_by is not None:
        raise TokenRefreshFailed
    return pair


def logout(*, user: User, access: AccessToken, raw_refresh: str | None = None) -> None:
    """End a token log-in: the access token is refused from now on (its id stays in Redis until it
    would have expired anyway), and the refresh token, when given, is blacklisted. Raises
    TokenRefreshFailed, before revoking anything, for a refresh token that is not a live one of `user`."""
    outstanding = None
    if raw_refresh is not None:
        try:
            refresh = _RotatingRefreshToken(raw_refresh)
        except TokenError as exc:
            raise TokenRefreshFailed from exc
        outstanding = OutstandingToken.objects.filter(jti=refresh.get("jti"), user=user).first()
        if outstanding is None:
            raise TokenRefreshFailed
    remaining = int(access["exp"]) - int(time.time()) + 1
    if remaining > 0:
        cache.set(selectors.revoked_access_key(access["jti"]), 1, remaining)
    if outstanding is not None:
        BlacklistedToken.objects.get_or_create(token=outstanding)
    sockets_close("token", access["jti"])


def sockets_close(kind: str, ident) -> None:
    """Close the open WebSockets signed in with a credential just revoked (its kind and id as in
    selectors.credential_group), once the revocation is committed."""
    group = selectors.credential_group(kind, ident)
    transaction.on_commit(lambda: realtime.group_send(group, {"type": "credential.revoked"}))


# --- API keys ----------------------------------------------------------------------------------

def api_key_create(*, owner: User, name: str) -> tuple[ApiKey, str]:
    """Create a key; the returned plain key is never stored and cannot be shown again."""
    raw = API_KEY_PREFIX + secrets.token_urlsafe(32)
    api_key = ApiKey.objects.create(owner=owner, name=name.strip(), prefix=raw[:API_KEY_VISIBLE],
                                    key_hash=selectors.api_key_hash(raw))
    return api_key, raw


def api_key_revoke(*, api_key: ApiKey) -> ApiKey:
    """Idempotent: a revoked key keeps its first revocation time."""
    if api_key.revoked_at is None:
        ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
        api_key.refresh_from_db(fields=["revoked_at"])
        sockets_close("api-key", api_key.pk)
    return api_key


def api_key_touch(*, api_key: ApiKey) -> None:
    """Record use, at most once a minute per key so busy clients do not write on every request."""
    now = timezone.now()
    (ApiKey.objects.filter(pk=api_key.pk)
     .filter(Q(last_used_at__isnull=True) | Q(last_used_at__lt=now - API_KEY_TOUCH_EVERY))
     .update(last_used_at=now))
