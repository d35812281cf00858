"""Bad tokens over HTTP (expired, tampered, alg none, foreign key, wrong algorithm, wrong type) and
how each API surface renders the authentication failures."""
import base64
import json
from datetime import timedelta

import jwt
import pytest
from django.conf import settings
from rest_framework.response import Response
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView
from rest_framework_simplejwt.tokens import AccessToken

from tests.accounts.conftest import api_login
from tests.factories import bearer


def _b64(data: dict) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def _expired_token(user) -> str:
    token = AccessToken.for_user(user)
    token.set_exp(lifetime=-timedelta(minutes=1))
    return str(token)


def _claims_for(user) -> dict:
    return dict(AccessToken.for_user(user).payload)


def test_expired_token_is_refused(http, make_user):
    user = make_user()
    for path in ("/users/me", "/api/users/me"):
        response = http.get(path, headers=bearer(_expired_token(user)), timeout=15)
        assert response.status_code == 401
        assert response.json() == {"detail": "Token has expired"}
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_tampered_token_is_refused(http, make_user):
    victim, attacker = make_user(), make_user()
    token = api_login(http, attacker.email)["access_token"]
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=="))
    claims["sub"] = str(victim.pk)  # try to become someone else, keeping the old signature
    forged = ".".join([header, _b64(claims), signature])
    response = http.get("/api/users/me", headers=bearer(forged), timeout=15)
    assert response.status_code == 401 and response.json() == {"detail": "Invalid token"}
    # flipping one signature character breaks it too
    broken = token[:-2] + ("A" if token[-2] != "A" else "B") + token[-1]
    assert http.get("/api/users/me", headers=bearer(broken), timeout=15).status_code == 401


def test_alg_none_token_is_refused(http, make_user):
    user = make_user()
    unsigned = jwt.encode(_claims_for(user), key=None, algorithm="none")
    assert unsigned.endswith(".")
    response = http.get("/users/me", headers=bearer(unsigned), timeout=15)
    assert response.status_code == 401 and response.json() == {"detail": "Invalid token"}
    # the same with a hand-made header that spells the algorithm differently
    handmade = f"{_b64({'alg': 'None', 'typ': 'JWT'})}.{_b64(_claims_for(user))}."
    assert http.get("/users/me", headers=bearer(handmade), timeout=15).status_code == 401


def test_foreign_signature_and_other_algorithms_are_refused(http, make_user):
    user = make_user()
    claims = _claims_for(user)
    foreign = jwt.encode(claims, "someone-elses-secret-key-that-is-long-enough", algorithm="HS256")
    hs512 = jwt.encode(claims, settings.SIMPLE_JWT["SIGNING_KEY"], algorithm="HS512")  # right key, not allowed
    valid = jwt.encode(claims, settings.SIMPLE_JWT["SIGNING_KEY"], algorithm="HS256")
    assert http.get("/users/me", headers=bearer(valid), timeout=15).status_code == 200
    for token in (foreign, hs512):
        response = http.get("/users/me", headers=bearer(token), timeout=15)
        assert response.status_code == 401 and response.json() == {"detail": "Invalid token"}


def test_token_of_a_missing_or_deactivated_user_is_refused(http, make_user):
    from accounts.models import User

    sleeping = make_user()
    sleeping_token = api_login(http, sleeping.email)["access_token"]
    sleeping.is_active = False
    sleeping.save()
    orphan = AccessToken.for_user(sleeping)
    orphan["sub"] = str(User.objects.order_by("-pk").first().pk + 1000)  # validly signed, nobody behind it
    for token in (sleeping_token, str(orphan)):
        response = http.get("/api/users/me", headers=bearer(token), timeout=15)
        assert response.status_code == 401 and response.json() == {"detail": "Invalid token"}


# --- how each surface renders authentication failures (in-process views) ----------------------

def _view(fmt: str):
    class Probe(APIView):
        error_format = fmt

        def get(self, request):
            return Response({"user": request.user.username})

    return Probe.as_view()


@pytest.fixture
def probe(db):
    factory = APIRequestFactory()

    def call(fmt: str, **headers):
        return _view(fmt)(factory.get("/probe", **headers))

    return call


def test_seed000_surface_codes(probe, make_user):
    user = make_user()
    missing = probe("seed000")
    assert missing.status_code == 401
    assert missing.data == {"message": "unauthorized", "error_code": 4010, "data": None}
    expired = probe("seed000", HTTP_AUTHORIZATION=f"Bearer {_expired_token(user)}")
    assert expired.status_code == 401
    assert expired.data == {"message": "token_expired", "error_code": 4011, "data": None}
    invalid = probe("seed000", HTTP_AUTHORIZATION="Bearer not.a.token")
    assert invalid.data == {"message": "invalid_token", "error_code": 4012, "data": None}
    bad_key = probe("seed000", HTTP_X_API_KEY="ick_wrong")
    assert bad_key.status_code == 401 and bad_key.data == {"message": "invalid_token", "error_code": 4012, "data": None}
    good = probe("seed000", HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}")
    assert good.status_code == 200 and good.data == {"user": user.username}


def test_bad_api_key_body_on_seed001_and_drf_surfaces(probe):
    for fmt in ("seed001", "drf"):
        response = probe(fmt, HTTP_X_API_KEY="ick_definitely-not-a-key")
        assert response.status_code == 401
        assert response.data == {"detail": "Invalid API key", "status_code": 401}


def test_seed001_and_seed004_envelopes_for_missing_credentials(probe):
    seed001 = probe("seed001")
    assert seed001.status_code == 401 and seed001.data["error"]["code"] == "UNAUTHORIZED"
    seed004 = probe("seed004")
    assert seed004.status_code == 401 and seed004.data["error"] is True and seed004.data["error_code"] == "UNAUTHORIZED"
    assert seed004["WWW-Authenticate"].startswith("Bearer")
