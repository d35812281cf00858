"""Log in with an email address or a username, with the same throttling as the APIs."""
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from accounts import services, throttle


class EmailOrUsernameBackend(ModelBackend):
    """Used by Django admin's log-in and `authenticate()`; pages and APIs call the service directly."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None or request is None:
            return None
        try:
            return services.user_authenticate(request=request, identifier=username, password=password,
                                              prefer_email="@" in username)
        except throttle.LoginThrottled as exc:
            # PermissionDenied stops authenticate() from trying other backends
            raise PermissionDenied from exc
