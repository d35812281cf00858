"""Private file storage with time-limited signed links.

Files are never listed or served by path. A view that has checked the caller's permission asks
for `signed_url(name)`: on S3 that is a presigned URL; on the local disk it is a link to
`/files/<signed token>` that expires after SIGNED_URL_MAX_AGE seconds.
"""
from __future__ import annotations

import time

from django.conf import settings
from django.core import signing
from django.core.files.storage import default_storage
from django.urls import reverse

_SALT = "core.files"


def is_s3() -> bool:
    return bool(settings.AWS_STORAGE_BUCKET_NAME)


def signed_url(name: str, *, request=None, max_age: int | None = None) -> str:
    if not name:
        return ""
    max_age = max_age or settings.SIGNED_URL_MAX_AGE
    if is_s3():
        return default_storage.url(name, expire=max_age)
    token = signing.dumps({"n": name, "e": int(time.time()) + max_age}, salt=_SALT, compress=True)
    path = reverse("core:file", args=[token])
    return request.build_absolute_uri(path) if request is not None else path


def resolve_signed(token: str) -> str | None:
    """The file name a token grants, or None when the token is forged or expired."""
    try:
        payload = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or int(payload.get("e", 0)) < time.time():
        return None
    return payload.get("n")
