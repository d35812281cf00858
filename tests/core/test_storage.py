"""Private storage: signed, expiring links locally; presigned URLs on S3 (moto on loopback)."""
import requests
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core import storage


def test_local_signed_url_serves_private_file_until_it_expires(live_url):
    name = default_storage.save("private/report.txt", ContentFile("비공개 내용".encode()))
    try:
        url = storage.signed_url(name)
        assert url.startswith("/files/")
        response = requests.get(live_url + url, timeout=10)
        assert response.status_code == 200 and response.content.decode() == "비공개 내용"
        tampered = url[:-3] + ("aaa" if not url.endswith("aaa") else "bbb")
        assert requests.get(live_url + tampered, timeout=10).status_code == 404
        expired = storage.signed_url(name, max_age=-1)
        assert requests.get(live_url + expired, timeout=10).status_code == 404
        # No public listing or path-based access to private files.
        assert requests.get(live_url + "/media/private/report.txt", timeout=10).status_code == 404
    finally:
        default_storage.delete(name)


def test_s3_storage_with_presigned_urls(s3_storage):
    from django.core.files.storage import default_storage as s3  # re-resolved after the override

    endpoint, client, bucket = s3_storage
    name = s3.save("answers/a1.webm", ContentFile(b"\x1aE\xdf\xa3 audio bytes"))
    assert client.get_object(Bucket=bucket, Key=name)["Body"].read().endswith(b"audio bytes")
    url = storage.signed_url(name, max_age=120)
    assert url.startswith(endpoint) and "Signature" in url or "X-Amz-Signature" in url
    assert requests.get(url, timeout=10).content.endswith(b"audio bytes")
    unsigned = url.split("?")[0]
    assert requests.get(unsigned, timeout=10).status_code == 403
    s3.delete(name)
    assert not s3.exists(name)
