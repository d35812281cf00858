"""The write budget: every POST, PUT, PATCH and DELETE counts against it, per user (per client IP
when anonymous). DRF views get it from DEFAULT_THROTTLE_CLASSES (a view that sets its own
throttle_classes lists it too); the pages' form and fetch endpoints get it from
core.middleware.PageWriteThrottleMiddleware. tests/core/test_write_throttles.py proves every
write route is covered. The rate is REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["write"].
"""
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class WriteRateThrottle(SimpleRateThrottle):
    scope = "write"

    def get_rate(self):
        # read on every request (not at import) so overridden settings take effect
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        user = getattr(request, "user", None)
        ident = f"user{user.pk}" if user is not None and user.is_authenticated else self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}
