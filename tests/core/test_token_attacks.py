"""Forged, stale and revoked credentials against every authenticated operation of every surface
(walked from the OpenAPI schema) and against the WebSocket: 100 % refused with the surface's own
401 or the WebSocket's 4401 close. tests/accounts/test_tokens.py keeps the per-case details on the
live server; this module is the sweep."""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from datetime import timedelta

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.urls import resolve
from rest_framework_simplejwt.tokens import AccessToken, RefreshToken

METHODS = ("get", "post", "put", "patch", "delete")


def _b64(data) -> str:
    raw = data if isinstance(data, bytes) else json.dumps(data).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _hs256(claims: dict, key: bytes) -> str:
    """HS256 by hand: PyJWT refuses keys that look like public keys, an attacker does not."""
    signing_input = f"{_b64({'alg': 'HS256', 'typ': 'JWT'})}.{_b64(claims)}"
    return f"{signing_input}.{_b64(hmac.new(key, signing_input.encode(), hashlib.sha256).digest())}"


def _attacks(user, api_key_raw: str) -> dict[str, dict]:
    """name -> request headers carrying the forged or stale credential. Logs one token of `user` out
    and changes the user's password, so tokens issued before are stale; tokens issued after work."""
    from accounts import services

    claims = dict(AccessToken.for_user(user).payload)
    valid = str(AccessToken.for_user(user))
    header, payload, signature = valid.split(".")
    expired = AccessToken.for_user(user)
    expired.set_exp(lifetime=-timedelta(seconds=5))
    tampered_claims = {**claims, "sub": str(user.pk + 1), "exp": claims["exp"] + 86400}
    attacker_rsa = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    attacker_pem = attacker_rsa.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                              serialization.NoEncryption())
    public_pem = attacker_rsa.public_key().public_bytes(serialization.Encoding.PEM,
                                                        serialization.PublicFormat.SubjectPublicKeyInfo)
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(attacker_rsa.public_key()))
    rotated = RefreshToken.for_user(user)
    logged_out = AccessToken.for_user(user)
    services.logout(user=user, access=logged_out)
    before_password_change = AccessToken.for_user(user)
    before_password_change.set_iat(at_time=before_password_change.current_time - timedelta(seconds=30))
    before_password_change = str(before_password_change)  # signed with the earlier `iat`
    services.user_change_password(user=user, new_password="Victim-Token-2026-changed")
    tokens = {
        "alg_none": f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}.",
        "alg_None": f"{_b64({'alg': 'None', 'typ': 'JWT'})}.{_b64(claims)}.",
        "alg_none_with_signature": f"{_b64({'alg': 'none', 'typ': 'JWT'})}.{_b64(claims)}.{signature}",
        "hs256_empty_key": _hs256(claims, b""),
        "hs256_signed_with_own_api_key": _hs256(claims, api_key_raw.encode()),
        "hs256_signed_with_public_key_pem": _hs256(claims, public_pem),  # RS/HS key confusion
        "rs256_attacker_key": jwt.encode(claims, attacker_pem, algorithm="RS256"),
        "rs256_embedded_jwk": jwt.encode(claims, attacker_pem, algorithm="RS256", headers={"jwk": jwk}),
        "hs512_right_key": jwt.encode(claims, settings.SIMPLE_JWT["SIGNING_KEY"], algorithm="HS512"),
        "expired": str(expired),
        "refresh_as_access": str(RefreshToken.for_user(user)),
        "rotated_refresh_as_access": str(rotated),
        "tampered_payload": f"{header}.{_b64(tampered_claims)}.{signature}",
        "stripped_signature": f"{header}.{payload}.",
        "header_and_payload_only": f"{header}.{payload}",
        "flipped_signature": f"{header}.{payload}.{signature[:-2]}{'A' if signature[-2] != 'A' else 'B'}{signature[-1]}",
        "garbage": "not-a-token",
        "logged_out": str(logged_out),
        "issued_before_password_change": before_password_change,
    }
    attacks = {name: {"HTTP_AUTHORIZATION": f"Bearer {token}"} for name, token in tokens.items()}
    attacks["bearer_twice"] = {"HTTP_AUTHORIZATION": f"Bearer {valid} {valid}"}
    attacks["revoked_api_key"] = {"HTTP_X_API_KEY": api_key_raw}
    attacks["unknown_api_key"] = {"HTTP_X_API_KEY": "ick_" + "A" * 40}
    attacks["_tokens"] = tokens  # for the WebSocket sweep
    return attacks


@pytest.fixture
def victim(db):
    from accounts import services
    from accounts.models import User

    user = User.objects.create_user(username="victim", email="victim@example.com", password="Victim-Token-2026")
    api_key, raw = services.api_key_create(owner=user, name="sweep")
    services.api_key_revoke(api_key=api_key)
    attacks = _attacks(user, raw)
    return user, attacks


def _authenticated_operations():
    """(METHOD, concrete path, error format) of every schema operation whose view authenticates."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    operations = []
    for path, item in schema["paths"].items():
        for method in item:
            if method not in METHODS:
                continue
            concrete = re.sub(r"\{[^}]+\}", "1", path)
            func = resolve(concrete).func
            if not func.cls.authentication_classes:  # public by design: health, register, log-in
                continue
            fmt = getattr(func.cls, "error_format", None) or getattr(func, "error_format", None) or "drf"
            operations.append((method.upper(), concrete, fmt))
    return operations


def _assert_refused(response, fmt: str, attack: str):
    assert response.status_code == 401, (response.status_code, response.content[:200])
    body = response.json()
    api_key = attack in ("revoked_api_key", "unknown_api_key")
    if api_key and fmt in ("drf", "seed001"):
        assert body == {"detail": "Invalid API key", "status_code": 401}
    elif fmt == "seed000":
        expected = 4011 if attack == "expired" else 4012
        assert body["error_code"] == expected and body["data"] is None, body
    elif fmt == "seed001":
        assert body["error"]["code"] == "UNAUTHORIZED", body
    elif fmt == "seed004":
        assert body["error"] is True and body["error_code"] == "UNAUTHORIZED", body
    else:  # seeds 002/003: DRF's {"detail"}, in the page language (Korean first) or English
        message = "Token has expired" if attack == "expired" else "Invalid token"
        assert set(body) == {"detail"} and body["detail"] in _both_languages(message), body


def _both_languages(message: str) -> set[str]:
    from django.utils import translation

    with translation.override("ko"):
        return {message, str(translation.gettext(message))}


@pytest.mark.django_db
def test_every_authenticated_operation_refuses_every_forged_credential(client, victim):
    user, attacks = victim
    operations = _authenticated_operations()
    assert len(operations) > 40
    surfaces = {fmt for _, _, fmt in operations}
    assert surfaces == {"drf", "seed000", "seed001", "seed004"}, surfaces
    # control: the genuine token gets past authentication on the same operations
    genuine = {"HTTP_AUTHORIZATION": f"Bearer {AccessToken.for_user(user)}"}
    assert client.get("/api/users/me", **genuine).status_code == 200
    failures, tried = [], 0
    for method, path, fmt in operations:
        for name, headers in attacks.items():
            if name.startswith("_"):
                continue
            tried += 1
            response = getattr(client, method.lower())(path, **headers)
            try:
                _assert_refused(response, fmt, name)
            except (AssertionError, ValueError, KeyError) as exc:
                failures.append(f"{name} {method} {path}: {exc}")
    print(f"token attacks: {tried} requests over {len(operations)} operations, {len(failures)} accepted or mis-shaped")
    assert not failures, "\n".join(f[:300] for f in failures[:60])


@pytest.mark.django_db
def test_reused_and_forged_refresh_tokens_are_refused(client, victim):
    user, attacks = victim
    refresh = str(RefreshToken.for_user(user))
    first = client.post("/api/auth/refresh", {"refresh_token": refresh}, content_type="application/json")
    assert first.status_code == 200, first.content
    rotated = first.json()["refresh_token"]
    reused = client.post("/api/auth/refresh", {"refresh_token": refresh}, content_type="application/json")
    assert reused.status_code == 401 and reused.json()["detail"]
    # reuse revoked the whole family: the token handed out by the rotation is dead too
    after = client.post("/api/auth/refresh", {"refresh_token": rotated}, content_type="application/json")
    assert after.status_code == 401
    access = str(AccessToken.for_user(user))
    for token in (access, *[t for n, t in attacks["_tokens"].items() if n != "rotated_refresh_as_access"]):
        response = client.post("/api/auth/refresh", {"refresh_token": token}, content_type="application/json")
        assert response.status_code in (400, 401), (token[:40], response.status_code)  # 400: not even a token shape
        assert response.status_code != 200


def _ws(live_url: str, query: str) -> tuple[str, object]:
    """Open the avatar WebSocket on the live server: ("refused", HTTP status) when the handshake is
    refused, ("closed", close code) when the consumer accepted and then closed."""
    from websockets.exceptions import ConnectionClosed, InvalidStatus
    from websockets.sync.client import connect

    url = live_url.replace("http://", "ws://") + f"/ws/sess_missing?{query}"
    try:
        with connect(url, open_timeout=15, close_timeout=5) as ws:
            try:
                while True:
                    ws.recv(timeout=10)
            except ConnectionClosed as exc:
                return "closed", exc.rcvd.code if exc.rcvd else None
    except InvalidStatus as exc:
        return "refused", exc.response.status_code


def test_the_websocket_refuses_every_forged_credential(live_url):
    from accounts import services
    from accounts.models import User

    user = User.objects.create_user(username="wsvictim", email="wsvictim@example.com", password="Victim-Token-2026")
    api_key, raw = services.api_key_create(owner=user, name="ws")
    services.api_key_revoke(api_key=api_key)
    tokens = _attacks(user, raw)["_tokens"]
    # control: a genuine token passes authentication and reaches the session lookup (no such session: 4404)
    assert _ws(live_url, f"token={AccessToken.for_user(user)}") == ("closed", 4404)
    cases = {**{name: f"token={token}" for name, token in tokens.items()},
             "revoked_api_key": f"api_key={raw}", "unknown_api_key": "api_key=ick_" + "B" * 40}
    # the consumer closes with 4401 before accepting, which the server answers as a refused (403) handshake
    answers = {name: _ws(live_url, query) for name, query in cases.items()}
    accepted = {name: answer for name, answer in answers.items() if answer != ("refused", 403)}
    print(f"websocket token attacks: {len(cases)} tried, {len(accepted)} accepted")
    assert not accepted, accepted


def _login(client, email: str, password: str) -> dict:
    response = client.post("/api/auth/login", {"email": email, "password": password}, content_type="application/json")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.django_db
def test_logout_revokes_that_access_token_on_every_surface_and_nothing_else(client):
    from accounts.models import User

    User.objects.create_user(username="leaver", email="leaver@example.com", password="Leaver-Token-2026")
    User.objects.create_user(username="bystander", email="bystander@example.com", password="Stander-Token-2026")
    first = _login(client, "leaver@example.com", "Leaver-Token-2026")
    second = _login(client, "leaver@example.com", "Leaver-Token-2026")  # the same user on another device
    other = _login(client, "bystander@example.com", "Stander-Token-2026")
    bearer = lambda pair: {"HTTP_AUTHORIZATION": f"Bearer {pair['access_token']}"}  # noqa: E731

    missing_task = "/ai/task/task_0000000000000000"
    assert client.get("/api/users/me", **bearer(first)).status_code == 200
    assert client.get(missing_task, **bearer(first)).json()["error_code"] == 4042  # authenticated: no such task
    out = client.post("/api/auth/logout", {"refresh_token": first["refresh_token"]}, content_type="application/json",
                      **bearer(first))
    assert out.status_code == 204, out.content

    refused = client.get("/api/users/me", **bearer(first))
    assert refused.status_code == 401 and refused.json() == {"detail": "Invalid token"}
    seed000 = client.get(missing_task, **bearer(first))
    assert seed000.status_code == 401 and seed000.json()["error_code"] == 4012 and seed000.json()["data"] is None
    again = client.post("/api/auth/logout", content_type="application/json", **bearer(first))
    assert again.status_code == 401
    # the same user's other log-in and another user's tokens are untouched
    assert client.get("/api/users/me", **bearer(second)).status_code == 200
    assert client.get("/api/users/me", **bearer(other)).json()["email"] == "bystander@example.com"
    rotated = client.post("/api/auth/refresh", {"refresh_token": second["refresh_token"]}, content_type="application/json")
    assert rotated.status_code == 200
    # the refresh token sent with the log-out is dead too (and, presented again, counts as stolen:
    # the reuse rule of token_refresh revokes the user's other refresh tokens)
    refresh = client.post("/api/auth/refresh", {"refresh_token": first["refresh_token"]}, content_type="application/json")
    assert refresh.status_code == 401


@pytest.mark.django_db
def test_logout_refuses_a_refresh_token_that_is_not_the_users_and_revokes_nothing(client):
    from accounts.models import User

    User.objects.create_user(username="leaver2", email="leaver2@example.com", password="Leaver-Token-2026")
    User.objects.create_user(username="victim2", email="victim2@example.com", password="Victim-Token-2026")
    mine = _login(client, "leaver2@example.com", "Leaver-Token-2026")
    theirs = _login(client, "victim2@example.com", "Victim-Token-2026")
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {mine['access_token']}"}
    for refresh in (theirs["refresh_token"], mine["access_token"], "not-a-token"):
        response = client.post("/api/auth/logout", {"refresh_token": refresh}, content_type="application/json", **bearer)
        assert response.status_code == 400 and set(response.json()["errors"]) == {"refresh_token"}, response.content
    assert client.get("/api/users/me", **bearer).status_code == 200
    assert client.post("/api/auth/refresh", {"refresh_token": theirs["refresh_token"]},
                       content_type="application/json").status_code == 200


@pytest.mark.django_db
def test_a_password_change_revokes_every_token_issued_before_it(client):
    from accounts.models import User

    user = User.objects.create_user(username="changer", email="changer@example.com", password="Changer-Token-2026")
    User.objects.create_user(username="stayer", email="stayer@example.com", password="Stayer-Token-2026")
    earlier = AccessToken.for_user(user)
    earlier.set_iat(at_time=earlier.current_time - timedelta(seconds=5))  # issued a few seconds ago
    pair = _login(client, "changer@example.com", "Changer-Token-2026")
    other = _login(client, "stayer@example.com", "Stayer-Token-2026")
    client.force_login(user)
    changed = client.post("/accounts/password", {"old_password": "Changer-Token-2026",
                                                 "new_password1": "Changed-Token-2027", "new_password2": "Changed-Token-2027"})
    assert changed.status_code == 302, changed.content
    client.logout()
    response = client.get("/api/users/me", HTTP_AUTHORIZATION=f"Bearer {earlier}")
    assert response.status_code == 401 and response.json() == {"detail": "Invalid token"}
    assert client.post("/api/auth/refresh", {"refresh_token": pair["refresh_token"]},
                       content_type="application/json").status_code == 401
    assert client.get("/api/users/me", HTTP_AUTHORIZATION=f"Bearer {other['access_token']}").status_code == 200
    fresh = _login(client, "changer@example.com", "Changed-Token-2027")
    assert client.get("/api/users/me", HTTP_AUTHORIZATION=f"Bearer {fresh['access_token']}").status_code == 200


def test_the_websocket_refuses_a_logged_out_access_token(live_url):
    import requests

    from accounts.models import User

    User.objects.create_user(username="wsleaver", email="wsleaver@example.com", password="Leaver-Token-2026")
    User.objects.create_user(username="wsstayer", email="wsstayer@example.com", password="Stayer-Token-2026")
    login = lambda email, password: requests.post(live_url + "/api/auth/login", json={  # noqa: E731
        "email": email, "password": password}, timeout=30).json()["access_token"]
    leaving, staying = login("wsleaver@example.com", "Leaver-Token-2026"), login("wsleaver@example.com", "Leaver-Token-2026")
    other = login("wsstayer@example.com", "Stayer-Token-2026")
    assert _ws(live_url, f"token={leaving}") == ("closed", 4404)  # authenticated; no such session
    out = requests.post(live_url + "/api/auth/logout", headers={"Authorization": f"Bearer {leaving}"}, timeout=30)
    assert out.status_code == 204, out.text
    assert _ws(live_url, f"token={leaving}") == ("refused", 403)
    assert requests.get(live_url + "/api/users/me", headers={"Authorization": f"Bearer {leaving}"}, timeout=30).status_code == 401
    assert _ws(live_url, f"token={staying}") == ("closed", 4404)
    assert _ws(live_url, f"token={other}") == ("closed", 4404)
