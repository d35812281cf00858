"""SSRF guard for `file_url`: what may be fetched, and proof that refused URLs make no connection.

Nothing here sends traffic off this machine: live tests only name loopback targets (watched by a
listener that must record zero connections), and private or link-local targets are tested
against the guard itself with a fake resolver and a connection layer that fails the test if used.
"""
from __future__ import annotations

import http.client
import http.server
import socket
import threading
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core import storage, urlguard
from core.models import Job
from tests.documents import files
from tests.documents.conftest import api_session, poll


class Listener:
    """Accepts TCP connections on loopback (IPv4 and, when available, IPv6) and records them."""

    def __init__(self):
        self.accepted: list[tuple] = []
        self.sockets = []
        v4 = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        v4.bind(("127.0.0.1", 0))
        self.port = v4.getsockname()[1]
        self.sockets.append(v4)
        try:
            v6 = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
            v6.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
            v6.bind(("::1", self.port))
            self.sockets.append(v6)
        except OSError:
            pass
        self._stop = threading.Event()
        self.threads = []
        for sock in self.sockets:
            sock.listen(16)
            sock.settimeout(0.2)
            thread = threading.Thread(target=self._serve, args=(sock,), daemon=True)
            thread.start()
            self.threads.append(thread)

    def _serve(self, sock):
        while not self._stop.is_set():
            try:
                conn, address = sock.accept()
            except (TimeoutError, socket.timeout):
                continue
            except OSError:
                return
            self.accepted.append(address)
            conn.close()

    def close(self):
        self._stop.set()
        for thread in self.threads:
            thread.join(2)
        for sock in self.sockets:
            sock.close()


@pytest.fixture
def listener():
    server = Listener()
    yield server
    server.close()


class _Redirector(http.server.BaseHTTPRequestHandler):
    routes: dict = {}

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.server.hits.append((self.path, self.headers.get("Host")))
        route = self.server.routes.get(self.path.split("?")[0])
        if route is None:
            self.send_response(404)
            self.end_headers()
            return
        status, value = route
        self.send_response(status)
        if status in (301, 302, 303, 307, 308):
            self.send_header("Location", value)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_header("Content-Type", "application/pdf")
        self.send_header("Content-Length", str(len(value)))
        self.end_headers()
        self.wfile.write(value)


@pytest.fixture(scope="module")
def redirector():
    """An allow-listable file server on loopback; routes are set per test."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Redirector)
    server.routes = {}
    server.hits = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _wait_for(condition, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met"
        time.sleep(0.05)


def _error(response, status, message, code):
    assert response.status_code == status, response.text
    assert response.json() == {"message": message, "error_code": code, "data": None}


# --- over HTTP, default settings (nothing allow-listed) ------------------------------------------
def test_refused_urls_answer_4041_and_connect_nowhere(live_url, user, listener):
    session = api_session(user)
    port = listener.port
    urls = [
        f"http://127.0.0.1:{port}/resume.pdf",
        f"http://[::1]:{port}/resume.pdf",
        f"http://localhost:{port}/resume.pdf",
        f"http://2130706433:{port}/resume.pdf",
        f"http://0x7f000001:{port}/resume.pdf",
        f"http://0177.0.0.1:{port}/resume.pdf",
        f"http://127.1:{port}/resume.pdf",
        f"http://[::ffff:127.0.0.1]:{port}/resume.pdf",
        f"http://user:pass@127.0.0.1:{port}/resume.pdf",
        f"https://127.0.0.1:{port}/resume.pdf",
        "file:///etc/passwd",
        f"ftp://127.0.0.1:{port}/resume.pdf",
        f"gopher://127.0.0.1:{port}/_GET",
        f"//127.0.0.1:{port}/resume.pdf",
        "/etc/passwd",
    ]
    for url in urls:
        response = session.post(f"{live_url}/ai/ocr/extract", json={
            "file_url": url, "file_type": "pdf", "type": "resume", "user_id": "u1", "document_id": "ssrf"}, timeout=10)
        _error(response, 404, "file_not_found", 4041)
    time.sleep(0.5)  # a worker would have had time to try
    assert listener.accepted == []
    assert not Job.objects.filter(owner=user).exists()
    socket.create_connection(("127.0.0.1", port), timeout=2).close()  # control: the listener does record
    _wait_for(lambda: len(listener.accepted) == 1)


# --- over HTTP with one allow-listed host (a second app server) -----------------------------------
@pytest.fixture(scope="module")
def allowlisted_app(start_app, redirector):
    host = f"127.0.0.1:{redirector.server_address[1]}"
    return start_app(FILE_URL_ALLOWED_HOSTS=host)


def test_allowlisted_host_serves_files_but_redirects_to_loopback_are_refused(allowlisted_app, redirector, user,
                                                                           listener, transactional_db):
    base = allowlisted_app.url
    session = api_session(user)
    pdf = files.digital_pdf(files.RESUME_PAGES)
    port = listener.port
    redirector.routes.update({
        "/resume.pdf": (200, pdf),
        "/hop1": (302, "/hop2"),
        "/hop2": (302, "/resume.pdf"),
        "/to-loopback": (302, f"http://127.0.0.1:{port}/secret.pdf"),
        "/to-localhost": (302, f"http://localhost:{port}/secret.pdf"),
        "/to-ipv6": (307, f"http://[::1]:{port}/secret.pdf"),
        "/to-decimal": (302, f"http://2130706433:{port}/secret.pdf"),
        "/to-file": (302, "file:///etc/passwd"),
        "/loop": (302, "/loop"),
    })
    redirector_url = f"http://127.0.0.1:{redirector.server_address[1]}"

    def submit(path: str, document_id: str):
        response = session.post(f"{base}/ai/ocr/extract", json={
            "file_url": redirector_url + path, "file_type": "pdf", "type": "resume", "user_id": "u1",
            "document_id": document_id}, timeout=10)
        assert response.status_code == 200, response.text
        return poll(session, base, response.json()["data"]["task_id"])

    # The allow-listed host works, including redirects that stay on it.
    for path in ("/resume.pdf", "/hop1"):
        done = submit(path, "remote_" + path.strip("/"))
        assert done.status_code == 200 and "Spring Batch" in done.json()["data"]["result"]["extracted_text"]
    # Every redirect off it is refused at that hop; the job fails with file_not_found.
    for path in ("/to-loopback", "/to-localhost", "/to-ipv6", "/to-decimal", "/to-file", "/loop"):
        failed = submit(path, "redirected")
        assert failed.status_code == 404, failed.text
        body = failed.json()
        assert body["message"] == "file_not_found" and body["error_code"] == 4041
        assert body["data"]["status"] == "failed" and body["data"]["reason"] == "refused"
    time.sleep(0.5)
    assert listener.accepted == []
    socket.create_connection(("127.0.0.1", port), timeout=2).close()
    _wait_for(lambda: len(listener.accepted) == 1)
    assert ("/loop", f"127.0.0.1:{redirector.server_address[1]}") in redirector.hits
    assert sum(1 for path, _host in redirector.hits if path == "/loop") == urlguard.MAX_REDIRECTS + 1


# --- the guard itself: private and link-local targets, no network at all ----------------------------
@pytest.fixture
def no_network(monkeypatch):
    """A fake resolver and a connection layer that fails the test if anything tries to connect."""
    table: dict[str, list[str]] = {}
    calls = {"resolve": []}

    def fake_getaddrinfo(host, port, *args, **kwargs):
        calls["resolve"].append(host)
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "unknown in test")
        out = []
        for address in table[host]:
            family = socket.AF_INET6 if ":" in address else socket.AF_INET
            sockaddr = (address, port, 0, 0) if family == socket.AF_INET6 else (address, port)
            out.append((family, socket.SOCK_STREAM, 6, "", sockaddr))
        return out

    def forbidden(*args, **kwargs):
        pytest.fail(f"a connection was attempted: {args!r}")

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", forbidden)
    monkeypatch.setattr(socket.socket, "connect", forbidden)
    monkeypatch.setattr(socket.socket, "connect_ex", forbidden)
    monkeypatch.setattr(http.client.HTTPConnection, "connect", forbidden)
    return table, calls


PRIVATE_AND_LINK_LOCAL = [
    "10.0.0.5", "10.255.255.254", "172.16.0.1", "172.31.255.254", "192.168.0.1", "192.168.100.7",
    "169.254.169.254", "169.254.1.1", "127.0.0.1", "0.0.0.0", "100.64.0.1", "224.0.0.251", "240.0.0.1",
    "::1", "fe80::1", "fc00::1", "fd12:3456::1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "64:ff9b::a00:1",
    "2002:a00:1::1", "ff02::1",
]


@pytest.mark.parametrize("address", PRIVATE_AND_LINK_LOCAL)
def test_allowlisted_name_resolving_to_private_or_link_local_is_refused(no_network, settings, address):
    table, calls = no_network
    settings.FILE_URL_ALLOWED_HOSTS = ["files.example.com"]
    table["files.example.com"] = [address]
    with pytest.raises(urlguard.UrlRefused):
        urlguard.check_url("https://files.example.com/resume.pdf")
    with pytest.raises(urlguard.UrlRefused):
        urlguard.fetch("https://files.example.com/resume.pdf")
    assert calls["resolve"] == ["files.example.com", "files.example.com"]


def test_one_private_record_among_public_ones_is_enough_to_refuse(no_network, settings):
    table, _calls = no_network
    settings.FILE_URL_ALLOWED_HOSTS = ["files.example.com"]
    table["files.example.com"] = ["93.184.216.34", "2606:2800:220:1::1", "10.1.2.3"]
    with pytest.raises(urlguard.UrlRefused):
        urlguard.fetch("https://files.example.com/resume.pdf")


@pytest.mark.parametrize("url", [
    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    "http://10.0.0.1/resume.pdf", "http://172.16.5.4:8080/resume.pdf", "http://192.168.1.1/resume.pdf",
    "http://[fe80::1]/resume.pdf", "http://metadata.google.internal/computeMetadata/v1/",
    "http://2852039166/latest/meta-data/",  # 169.254.169.254 as one decimal number
    "http://0xA9FEA9FE/latest/meta-data/", "http://0251.0376.0251.0376/", "http://169.254.43518/",
])
def test_not_allowlisted_targets_are_refused_before_resolving(no_network, url):
    _table, calls = no_network
    with pytest.raises(urlguard.UrlRefused):
        urlguard.fetch(url)
    assert calls["resolve"] == []


@pytest.mark.parametrize("spelling", ["2130706433", "0x7f000001", "0177.0.0.1", "127.1", "0x7f.0.0.1", "017700000001"])
def test_numeric_spellings_are_refused_even_when_allowlisted(no_network, settings, spelling):
    settings.FILE_URL_ALLOWED_HOSTS = [spelling]
    with pytest.raises(urlguard.UrlRefused, match="Numeric host"):
        urlguard.check_url(f"http://{spelling}/resume.pdf")


@pytest.mark.parametrize("url", [
    "file:///etc/passwd", "ftp://files.example.com/a.pdf", "gopher://files.example.com/", "dict://x:11211/",
    "data:application/pdf;base64,JVBERi0=", "javascript:alert(1)", "https://user:pw@files.example.com/a.pdf",
    "https://files.example.com@evil.example/a.pdf", "https://files.example.com /a.pdf", "https://[fe80::1%25eth0]/",
    "", "   ", "https://files.example.com:99999/a.pdf",
])
def test_schemes_credentials_and_malformed_urls_are_refused(no_network, settings, url):
    settings.FILE_URL_ALLOWED_HOSTS = ["files.example.com"]
    with pytest.raises(urlguard.FetchError):
        urlguard.check_url(url)


def test_allowlist_ports_are_exact(no_network, settings):
    table, _calls = no_network
    table["files.example.com"] = ["93.184.216.34"]
    settings.FILE_URL_ALLOWED_HOSTS = ["files.example.com"]
    assert urlguard.check_url("https://files.example.com/a.pdf").addresses == ["93.184.216.34"]
    with pytest.raises(urlguard.UrlRefused):
        urlguard.check_url("https://files.example.com:8443/a.pdf")
    settings.FILE_URL_ALLOWED_HOSTS = ["files.example.com:8443"]
    assert urlguard.check_url("https://files.example.com:8443/a.pdf").port == 8443
    with pytest.raises(urlguard.UrlRefused):
        urlguard.check_url("https://files.example.com/a.pdf")
    with pytest.raises(urlguard.UrlRefused):
        urlguard.check_url("https://other.example.com:8443/a.pdf")


def test_connection_is_pinned_to_the_checked_address(monkeypatch, settings, redirector):
    """DNS answers a public address, then (rebinding) a private one: the guard connects only to
    the address it checked, sends the URL's own Host header, and re-checks every redirect hop."""
    # What the resolver answers, call by call: public, public, then (rebinding) private.
    sequence = ["93.184.216.34", "93.184.216.34", "10.0.0.7"]
    resolved, connected = [], []
    real_create, real_getaddrinfo = socket.create_connection, socket.getaddrinfo
    local = ("127.0.0.1", redirector.server_address[1])

    def fake_getaddrinfo(host, port, *args, **kwargs):
        if host == "127.0.0.1":  # the stand-in server's own literal address, used by real_create
            return real_getaddrinfo(host, port, *args, **kwargs)
        if host != "files.example.com":
            raise socket.gaierror(socket.EAI_NONAME, "unknown in test")
        address = sequence[len(resolved)] if len(resolved) < len(sequence) else "10.0.0.7"
        resolved.append(address)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    def fake_create_connection(address, *args, **kwargs):
        connected.append(address)
        assert address == ("93.184.216.34", 80), address  # never a re-resolved or private address
        return real_create(local, *args, **kwargs)  # the "public" server is our loopback stand-in

    monkeypatch.setattr(socket, "getaddrinfo", fake_getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", fake_create_connection)
    settings.FILE_URL_ALLOWED_HOSTS = ["files.example.com"]
    pdf = files.digital_pdf([["Pinned fetch works"]])
    redirector.routes.update({"/pinned.pdf": (200, pdf), "/rebind": (302, "http://files.example.com/pinned.pdf")})
    redirector.hits.clear()

    fetched = urlguard.fetch("http://files.example.com/pinned.pdf")
    assert fetched.data == pdf
    assert redirector.hits == [("/pinned.pdf", "files.example.com")]
    # The redirect hop resolves to 10.0.0.7: it is re-checked and refused before connecting.
    with pytest.raises(urlguard.UrlRefused):
        urlguard.fetch("http://files.example.com/rebind")
    assert connected == [("93.184.216.34", 80), ("93.184.216.34", 80)]
    assert resolved == sequence


def test_own_storage_links_are_read_without_any_connection(no_network, settings):
    name = default_storage.save("client-uploads/own.pdf", ContentFile(b"%PDF-1.4 own bytes"))
    try:
        relative = storage.signed_url(name)
        for url in (relative, f"http://127.0.0.1:8000{relative}", f"https://localhost{relative}"):
            target = urlguard.check_url(url)
            assert target.kind == "storage" and target.storage_name == name
            assert urlguard.fetch(url).data == b"%PDF-1.4 own bytes"
        # Our path on a host that is not ours is just another URL: refused.
        with pytest.raises(urlguard.UrlRefused):
            urlguard.check_url(f"https://evil.example{relative}")
        with pytest.raises(urlguard.FetchError) as excinfo:
            urlguard.check_url(storage.signed_url(name, max_age=-1))
        assert excinfo.value.code == "not_found"
    finally:
        default_storage.delete(name)


def test_oversized_remote_files_are_cut_off(settings, redirector):
    port = redirector.server_address[1]
    settings.FILE_URL_ALLOWED_HOSTS = [f"127.0.0.1:{port}"]
    redirector.routes["/big.pdf"] = (200, b"%PDF-1.4" + b"0" * 5000)
    with pytest.raises(urlguard.FetchError) as excinfo:
        urlguard.fetch(f"http://127.0.0.1:{port}/big.pdf", max_bytes=1000)
    assert excinfo.value.code == "too_large"
    with pytest.raises(urlguard.FetchError) as excinfo:
        urlguard.fetch(f"http://127.0.0.1:{port}/nothing-here.pdf")
    assert excinfo.value.code == "not_found"


def test_s3_presigned_urls_of_our_bucket_are_fetched(s3_storage):
    """With S3 storage (moto on loopback), a presigned URL for our bucket is accepted (S3 checks
    the signature); unsigned URLs and other buckets on the same endpoint are refused."""
    from django.core.files.storage import default_storage as s3  # re-resolved after the override

    _endpoint, _client, bucket = s3_storage
    name = s3.save("uploads/cv.pdf", ContentFile(b"%PDF-1.4 in the bucket"))
    url = storage.signed_url(name, max_age=120)
    target = urlguard.check_url(url)
    assert target.kind == "s3" and target.storage_name == name
    assert urlguard.fetch(url).data == b"%PDF-1.4 in the bucket"
    with pytest.raises(urlguard.UrlRefused):
        urlguard.check_url(url.split("?")[0])  # unsigned: not a link we issued
    other_bucket = url.replace(f"/{bucket}/", "/someone-elses-bucket/")
    with pytest.raises(urlguard.UrlRefused):
        urlguard.check_url(other_bucket)  # same endpoint, not our bucket