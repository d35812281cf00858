"""Account APIs: seed 002 (`/register`, `/token`, `/users/me`), seed 003 (`/api/auth/…`,
`/api/users/me`) and seed 001 API-key administration (`/admin/api-keys`)."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import translation
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.tokens import AccessToken

from accounts import selectors, services, throttle
from accounts.api import serializers as s
from accounts.api.parsers import SmallFormParser, SmallJSONParser, SmallMultiPartParser
from accounts.models import User
from accounts.permissions import IsStaff
from core.errors import ApiError

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}  # RFC 6749 §5.1 for token responses
LOGIN_THROTTLED = OpenApiResponse(description="Too many failed login attempts (Retry-After)")


class AccountsAPIView(APIView):
    """Messages in English unless the client asks for a language (Accept-Language or the language
    cookie): the API documents show English messages, while pages are Korean first."""

    parser_classes = [SmallJSONParser]

    def initial(self, request, *args, **kwargs):
        asked = request.META.get("HTTP_ACCEPT_LANGUAGE") or request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = translation.get_language_from_request(request) if asked else "en"
        translation.activate(language)
        request.LANGUAGE_CODE = language
        super().initial(request, *args, **kwargs)


class PublicAPIView(AccountsAPIView):
    """No credentials needed; a bad Authorization header must not block registering or logging in."""

    authentication_classes: list = []
    permission_classes = [AllowAny]

    def get_authenticate_header(self, request):
        # keeps "wrong password" a 401 with a challenge (DRF turns 401 into 403 without one)
        return 'Bearer realm="api"'


def _login(request, *, identifier: str, password: str, prefer_email: bool, failure: str) -> User:
    try:
        user = services.user_authenticate(request=request, identifier=identifier, password=password,
                                          prefer_email=prefer_email)
    except throttle.LoginThrottled as exc:
        raise exceptions.Throttled(wait=exc.retry_after, detail="Too many failed login attempts.") from exc
    if user is None:
        raise exceptions.AuthenticationFailed(failure, code="invalid_credentials")
    return user


def _password_errors(field: str, exc: DjangoValidationError) -> exceptions.ValidationError:
    return exceptions.ValidationError({field: list(exc.messages)})


# --- seed 002 ----------------------------------------------------------------------------------

class Seed002RegisterView(PublicAPIView):
    @extend_schema(tags=["auth (seed 002)"], summary="Register (seed 002)", request=s.Seed002RegisterIn,
                   responses={200: s.Seed002RegisterOut, 400: OpenApiResponse(
                       description="Username already registered, a weak password, or an invalid field")},
                   description="`hashed_password` carries the password as typed; the server hashes it. "
                               "Weak passwords are refused with 400 naming the rule.")
    def post(self, request):
        data = s.Seed002RegisterIn(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            user = services.user_create(username=data.validated_data["username"],
                                        password=data.validated_data["hashed_password"],
                                        full_name=data.validated_data.get("full_name") or "")
        except services.UsernameTaken:
            raise ApiError(400, "username_taken", "Username already registered") from None
        except DjangoValidationError as exc:
            raise _password_errors("hashed_password", exc) from exc
        return Response(s.Seed002RegisterOut(user).data, status=status.HTTP_200_OK)


class Seed002TokenView(PublicAPIView):
    parser_classes = [SmallFormParser, SmallMultiPartParser, SmallJSONParser]

    @extend_schema(tags=["auth (seed 002)"], summary="Log in: OAuth2 password flow (seed 002)",
                   request={"application/x-www-form-urlencoded": s.Seed002TokenIn},
                   responses={200: s.AccessTokenOut, 401: OpenApiResponse(description="Incorrect username or password"),
                              429: LOGIN_THROTTLED})
    def post(self, request):
        data = s.Seed002TokenIn(data=request.data)
        data.is_valid(raise_exception=True)
        user = _login(request, identifier=data.validated_data["username"], password=data.validated_data["password"],
                      prefer_email=False, failure="Incorrect username or password")
        return Response({"access_token": services.access_token_issue(user=user), "token_type": "bearer"},
                        headers=NO_STORE)


class Seed002MeView(AccountsAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["auth (seed 002)"], summary="Current user (seed 002)",
                   responses={200: s.Seed002UserOut})
    def get(self, request):
        return Response(s.Seed002UserOut(request.user).data)


# --- seed 003 ----------------------------------------------------------------------------------

class Seed003RegisterView(PublicAPIView):
    @extend_schema(tags=["auth (seed 003)"], summary="Register (seed 003)", request=s.Seed003RegisterIn,
                   responses={201: s.Seed003RegisterOut, 400: OpenApiResponse(
                       description="Email already registered, a weak password, or an invalid field")})
    def post(self, request):
        data = s.Seed003RegisterIn(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        try:
            user = services.user_create(email=v["email"], password=v["password"], full_name=v.get("name") or "",
                                        age=v.get("age"), gender=v.get("gender") or "",
                                        career_summary=v.get("career_summary") or "",
                                        certifications=v.get("certifications") or "")
        except (services.EmailTaken, services.UsernameTaken):  # the username is derived from the email
            raise ApiError(400, "email_taken", "Email already registered") from None
        except DjangoValidationError as exc:
            raise _password_errors("password", exc) from exc
        return Response(s.Seed003RegisterOut(user).data, status=status.HTTP_201_CREATED)


class Seed003LoginView(PublicAPIView):
    @extend_schema(tags=["auth (seed 003)"], summary="Log in (seed 003)", request=s.Seed003LoginIn,
                   responses={200: s.TokenPairOut, 401: OpenApiResponse(description="Incorrect email or password"),
                              429: LOGIN_THROTTLED})
    def post(self, request):
        data = s.Seed003LoginIn(data=request.data)
        data.is_valid(raise_exception=True)
        user = _login(request, identifier=data.validated_data["email"], password=data.validated_data["password"],
                      prefer_email=True, failure="Incorrect email or password")
        pair = services.token_pair_issue(user=user)
        return Response({"access_token": pair["access"], "refresh_token": pair["refresh"], "token_type": "bearer"},
                        headers=NO_STORE)


class Seed003RefreshView(PublicAPIView):
    @extend_schema(tags=["auth (seed 003)"], summary="Refresh tokens (seed 003)", request=s.Seed003RefreshIn,
                   responses={200: s.TokenPairOut, 401: OpenApiResponse(description="Invalid or expired refresh token")},
                   description="Rotation is on: the answer carries a new `refresh_token` and the one sent "
                               "is blacklisted. Sending a used refresh token again revokes all of the "
                               "user's refresh tokens.")
    def post(self, request):
        data = s.Seed003RefreshIn(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            pair = services.token_refresh(raw_refresh=data.validated_data["refresh_token"])
        except services.TokenRefreshFailed:
            raise exceptions.AuthenticationFailed("Invalid or expired refresh token", code="invalid_token") from None
        return Response({"access_token": pair["access"], "refresh_token": pair["refresh"], "token_type": "bearer"},
                        headers=NO_STORE)


class Seed003LogoutView(AccountsAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["auth (seed 003)"], summary="Log out (seed 003)", request=s.Seed003LogoutIn,
                   responses={204: None, 400: OpenApiResponse(
                       description="Not a bearer access token, or `refresh_token` is not a live one of this user")},
                   description="The bearer access token of this request is refused from now on, on every API "
                               "and the WebSocket; `refresh_token`, when sent, is revoked too.")
    def post(self, request):
        if not isinstance(request.auth, AccessToken):
            raise ApiError(400, "not_a_token_login", "Only a bearer access token can be logged out here")
        data = s.Seed003LogoutIn(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.logout(user=request.user, access=request.auth, raw_refresh=data.validated_data.get("refresh_token"))
        except services.TokenRefreshFailed:
            raise exceptions.ValidationError({"refresh_token": ["Invalid or expired refresh token."]}) from None
        return Response(status=status.HTTP_204_NO_CONTENT, headers=NO_STORE)


class Seed003MeView(AccountsAPIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(tags=["users (seed 003)"], summary="My profile (seed 003)",
                   responses={200: s.Seed003ProfileOut})
    def get(self, request):
        return Response(s.Seed003ProfileOut(request.user).data)

    @extend_schema(tags=["users (seed 003)"], summary="Update my profile (seed 003)", request=s.Seed003ProfileIn,
                   responses={200: s.Seed003ProfileOut})
    def patch(self, request):
        data = s.Seed003ProfileIn(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        if "name" in fields:
            fields["full_name"] = fields.pop("name")
        user = services.user_update_profile(user=request.user, **fields)
        return Response(s.Seed003ProfileOut(user).data)


# --- seed 001: API keys (staff) ----------------------------------------------------------------

class ApiKeyAdminView(AccountsAPIView):
    permission_classes = [IsStaff]

    def get_key(self, key_id: int):
        api_key = selectors.api_key_list().filter(pk=key_id).first()
        if api_key is None:
            raise ApiError(404, "NOT_FOUND", "API key not found", details=f"API key {key_id} does not exist")
        return api_key


class ApiKeyListCreateView(ApiKeyAdminView):
    @extend_schema(tags=["API keys (seed 001)"], summary="List API keys (staff)", operation_id="api_keys_list",
                   responses={200: s.ApiKeyListOut})
    def get(self, request):
        active = {"true": True, "false": False}.get(request.query_params.get("active", "").lower())
        keys = selectors.api_key_list(active=active)
        owner = request.query_params.get("owner")
        if owner:
            keys = keys.filter(owner__username__iexact=owner) | keys.filter(owner__email=owner.lower())
        keys = list(keys[:500])
        return Response({"api_keys": s.ApiKeyOut(keys, many=True).data, "total": len(keys)})

    @extend_schema(tags=["API keys (seed 001)"], summary="Create an API key (staff); the key is shown once",
                   request=s.ApiKeyCreateIn, responses={201: s.ApiKeyCreatedOut})
    def post(self, request):
        data = s.ApiKeyCreateIn(data=request.data)
        data.is_valid(raise_exception=True)
        owner_ref = (data.validated_data.get("owner") or "").strip()
        owner = request.user
        if owner_ref:
            owner = selectors.user_find_for_login(owner_ref, prefer_email="@" in owner_ref)
            if owner is None:
                raise exceptions.ValidationError({"owner": ["No user with this username or email."]})
        api_key, raw = services.api_key_create(owner=owner, name=data.validated_data["name"])
        body = s.ApiKeyCreatedOut(api_key, context={"raw_key": raw}).data
        return Response(body, status=status.HTTP_201_CREATED, headers=NO_STORE)


class ApiKeyDetailView(ApiKeyAdminView):
    @extend_schema(tags=["API keys (seed 001)"], summary="One API key (staff)", operation_id="api_keys_retrieve",
                   responses={200: s.ApiKeyOut})
    def get(self, request, key_id: int):
        return Response(s.ApiKeyOut(self.get_key(key_id)).data)

    @extend_schema(tags=["API keys (seed 001)"], summary="Revoke an API key (staff)", operation_id="api_keys_delete",
                   responses={200: s.ApiKeyOut})
    def delete(self, request, key_id: int):
        return Response(s.ApiKeyOut(services.api_key_revoke(api_key=self.get_key(key_id))).data)


class ApiKeyRevokeView(ApiKeyAdminView):
    @extend_schema(tags=["API keys (seed 001)"], summary="Revoke an API key (staff)", request=None,
                   responses={200: s.ApiKeyOut})
    def post(self, request, key_id: int):
        return Response(s.ApiKeyOut(services.api_key_revoke(api_key=self.get_key(key_id))).data)
