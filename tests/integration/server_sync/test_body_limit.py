"""Issue 11.7: a request body over its cap is refused with 413 before it is read whole,
whether its length is declared or it streams in chunks; sync pushes have a larger cap."""

from __future__ import annotations

import json
import select
import socket
import time
from urllib.parse import urlparse

import pytest

from tests.integration.server_sync.conftest import Central

CAP = 64 * 1024


def _connect(url: str) -> socket.socket:
    parts = urlparse(url)
    return socket.create_connection((parts.hostname, parts.port), timeout=10)


def _read_response(sock: socket.socket) -> tuple[int, dict[str, str], bytes]:
    data = b""
    deadline = time.monotonic() + 10
    while b"\r\n\r\n" not in data and time.monotonic() < deadline:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {k.lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    length = int(headers.get("content-length", "0"))
    while len(body) < length and time.monotonic() < deadline:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return status, headers, body


def test_a_declared_length_over_the_cap_is_refused_before_the_body_is_sent(
    central: Central,
) -> None:
    sock = _connect(central.url)
    with sock:
        sock.sendall(
            b"POST /api/v1/bookings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 268435456\r\n\r\n{"
        )
        status, _, body = _read_response(sock)  # answered though 256 MB never came
    assert status == 413
    error = json.loads(body)["errors"][0]
    assert error["code"] == "body_too_large"
    assert error["field"] == "body"
    assert str(CAP) in error["message"]


def test_a_streamed_body_is_refused_as_it_passes_the_cap(central: Central) -> None:
    sock = _connect(central.url)
    sent = 0
    chunk = b"x" * 16384
    with sock:
        sock.sendall(
            b"POST /api/v1/bookings HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Accept-Language: ru\r\nTransfer-Encoding: chunked\r\n\r\n"
        )
        try:
            while sent < 256 * 1024 * 1024:
                readable, _, _ = select.select([sock], [], [], 0)
                if readable:
                    break
                sock.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
                sent += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server closed the connection after answering
        status, _, body = _read_response(sock)
    assert status == 413
    assert sent < 32 * 1024 * 1024, f"{sent} bytes went in before the refusal"
    message = json.loads(body)["errors"][0]["message"]
    assert "байт" in message  # the reason in the client's language


@pytest.mark.parametrize("path", ["/api/v1/confirmation-codes", "/book"])
def test_every_public_endpoint_has_the_cap(central: Central, path: str) -> None:
    response = central.http.post(path, content=b"a" * (CAP + 1))
    assert response.status_code == 413, response.text
    assert central.http.get("/healthz").status_code == 200  # the service goes on


def test_a_sync_push_larger_than_a_form_is_not_refused_for_its_size(central: Central) -> None:
    body = json.dumps({"events": [], "padding": "p" * (CAP * 4)})
    response = central.http.post(
        "/api/v1/sync/events", content=body, headers={"content-type": "application/json"}
    )
    assert response.status_code == 401  # judged on its token, not on its size
