"""Input and output shapes of the account APIs (seed 002, seed 003, seed 001 API keys)."""
from __future__ import annotations

from datetime import timezone as dt_timezone

from django.contrib.auth.validators import UnicodeUsernameValidator
from rest_framework import serializers

from accounts.models import ApiKey, User

PASSWORD_MAX = 4096  # long enough for any passphrase, short enough to bound hashing work


def _text(max_length: int, **kwargs) -> serializers.CharField:
    return serializers.CharField(max_length=max_length, required=False, allow_blank=True, allow_null=True, **kwargs)


class UtcDateTimeField(serializers.DateTimeField):
    """ISO 8601 in UTC with a `Z`, as the documents show (`2026-01-23T07:00:00Z`)."""

    def __init__(self, **kwargs):
        super().__init__(default_timezone=dt_timezone.utc, **kwargs)


# --- seed 002 ----------------------------------------------------------------------------------

class Seed002RegisterIn(serializers.Serializer):
    username = serializers.CharField(max_length=150, validators=[UnicodeUsernameValidator()])
    # the document's name; it carries the password the client typed, hashed here before storage
    hashed_password = serializers.CharField(max_length=PASSWORD_MAX, trim_whitespace=False)
    full_name = _text(100)


class Seed002RegisterOut(serializers.Serializer):
    username = serializers.CharField()
    id = serializers.IntegerField()


class Seed002TokenIn(serializers.Serializer):
    """OAuth2 password grant (RFC 6749 §4.3) as FastAPI's OAuth2PasswordRequestForm reads it."""

    grant_type = serializers.CharField(max_length=32, required=False, allow_blank=True)
    username = serializers.CharField(max_length=254)
    password = serializers.CharField(max_length=PASSWORD_MAX, trim_whitespace=False)
    scope = serializers.CharField(max_length=1000, required=False, allow_blank=True)
    client_id = serializers.CharField(max_length=200, required=False, allow_blank=True)
    client_secret = serializers.CharField(max_length=200, required=False, allow_blank=True)

    def validate_grant_type(self, value: str) -> str:
        if value and value != "password":
            raise serializers.ValidationError('Only the "password" grant type is supported.')
        return value


class AccessTokenOut(serializers.Serializer):
    access_token = serializers.CharField()
    token_type = serializers.CharField(default="bearer")


class Seed002UserOut(serializers.ModelSerializer):
    created_at = UtcDateTimeField()

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "created_at"]


# --- seed 003 ----------------------------------------------------------------------------------

class ProfileFieldsMixin(serializers.Serializer):
    name = _text(100)
    age = serializers.IntegerField(min_value=0, max_value=150, required=False, allow_null=True)
    gender = serializers.ChoiceField(choices=User.Gender.choices, required=False, allow_blank=True, allow_null=True)
    career_summary = _text(5000)
    certifications = _text(2000)


class Seed003RegisterIn(ProfileFieldsMixin):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=PASSWORD_MAX, trim_whitespace=False)


class Seed003RegisterOut(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    name = serializers.CharField(source="full_name")


class Seed003LoginIn(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=PASSWORD_MAX, trim_whitespace=False)


class TokenPairOut(serializers.Serializer):
    access_token = serializers.CharField()
    refresh_token = serializers.CharField()
    token_type = serializers.CharField(default="bearer")


class Seed003RefreshIn(serializers.Serializer):
    refresh_token = serializers.CharField(max_length=4096)


class Seed003LogoutIn(serializers.Serializer):
    refresh_token = serializers.CharField(max_length=4096, required=False)


class Seed003ProfileIn(ProfileFieldsMixin):
    """PATCH /api/users/me: any subset of the spec fields; the email is not changed here."""


class Seed003ProfileOut(serializers.ModelSerializer):
    name = serializers.CharField(source="full_name")
    gender = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "email", "name", "age", "gender", "career_summary", "certifications"]

    def get_gender(self, user: User) -> str | None:
        return user.gender or None


# --- seed 001 API keys -------------------------------------------------------------------------

class ApiKeyCreateIn(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    owner = serializers.CharField(max_length=254, required=False, allow_blank=True,
                                  help_text="Username or email of the key's owner; defaults to you.")


class ApiKeyOwnerOut(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "username", "email"]


class ApiKeyOut(serializers.ModelSerializer):
    owner = ApiKeyOwnerOut(read_only=True)
    created_at = UtcDateTimeField()
    last_used_at = UtcDateTimeField(allow_null=True)
    revoked_at = UtcDateTimeField(allow_null=True)
    is_active = serializers.BooleanField()

    class Meta:
        model = ApiKey
        fields = ["id", "name", "prefix", "owner", "created_at", "last_used_at", "revoked_at", "is_active"]


class ApiKeyCreatedOut(ApiKeyOut):
    key = serializers.SerializerMethodField(help_text="The full key. Shown only in this response.")

    class Meta(ApiKeyOut.Meta):
        fields = [*ApiKeyOut.Meta.fields, "key"]

    def get_key(self, api_key) -> str:
        return self.context["raw_key"]


class ApiKeyListOut(serializers.Serializer):
    api_keys = ApiKeyOut(many=True)
    total = serializers.IntegerField()
