"""Seed 001 rate limit: 60 requests a minute per API key (per user for the pages' session)."""
from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle


class ApiKeyRateThrottle(SimpleRateThrottle):
    scope = "avatar"

    def get_rate(self):
        return getattr(settings, "AVATAR_API_RATE", "60/min")

    def get_cache_key(self, request, view):
        auth = request.auth
        if auth is not None and hasattr(auth, "key_hash"):
            ident = f"key{auth.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user{request.user.pk}"
        else:
            ident = self.get_ident(request)
        return f"throttle_avatar_{ident}"
