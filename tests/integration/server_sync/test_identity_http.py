"""The HTTP identity-registry adapter against a real HTTP server on loopback: the
documented contract (docs/identity-registry.md), and every failure is "unavailable"."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from server_sync.domain.identity_proofs import ProofKind, Verdict
from server_sync.services.identity import HttpIdentityRegistry, RegistryUnavailable

Answer = Callable[[str, dict[str, Any], dict[str, str]], tuple[int, bytes]]
PERSON = {"id_document": "AZE10000001", "fin": "7AZ1B2C"}
PROOFS = {ProofKind.PASSPORT: "C12345678", ProofKind.MOBILE: "+994501112233"}


@contextmanager
def registry_server(answer: Answer) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    seen: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            seen.append({"path": self.path, "body": body, "auth": self.headers["Authorization"]})
            status, payload = answer(self.path, body, dict(self.headers))
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/registry", seen
    finally:
        server.shutdown()
        server.server_close()


def truthful(path: str, body: dict[str, Any], _headers: dict[str, str]) -> tuple[int, bytes]:
    if path.endswith("/v1/persons/check"):
        match = body == PERSON
        return 200, json.dumps({"match": match}).encode()
    lines = {
        k: "match" if (k, v) in {("passport", "C12345678")} else "mismatch"
        for k, v in body["proofs"].items()
    }
    return 200, json.dumps({"lines": lines}).encode()


def test_the_contract_person_and_proofs_with_the_token() -> None:
    with registry_server(truthful) as (url, seen):
        registry = HttpIdentityRegistry(url, 2.0, "secret-token")
        assert registry.check_person("AZE10000001", "7AZ1B2C") is True
        assert registry.check_person("AZE10000001", "0000000") is False
        verdicts = registry.check_proofs("AZE10000001", "7AZ1B2C", PROOFS)
    assert verdicts == {ProofKind.PASSPORT: Verdict.MATCH, ProofKind.MOBILE: Verdict.MISMATCH}
    assert [s["path"] for s in seen] == [
        "/registry/v1/persons/check",
        "/registry/v1/persons/check",
        "/registry/v1/persons/proofs",
    ]
    assert seen[2]["body"]["proofs"] == {"passport": "C12345678", "mobile": "+994501112233"}
    assert {s["auth"] for s in seen} == {"Bearer secret-token"}


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(lambda *_: (500, b"{}"), id="5xx"),
        pytest.param(lambda *_: (503, b"busy"), id="503"),
        pytest.param(lambda *_: (401, b"{}"), id="token refused"),
        pytest.param(lambda *_: (200, b"<html>"), id="not json"),
        pytest.param(lambda *_: (200, b"[true]"), id="not an object"),
        pytest.param(lambda *_: (200, b'{"match": "yes"}'), id="match not boolean"),
        pytest.param(lambda *_: (200, b'{"lines": {"passport": "match"}}'), id="a line missing"),
        pytest.param(
            lambda *_: (200, b'{"lines": {"passport": "ok", "mobile": "match"}}'), id="odd word"
        ),
    ],
)
def test_anything_but_a_clear_answer_is_unavailable(answer: Answer) -> None:
    with registry_server(answer) as (url, _):
        registry = HttpIdentityRegistry(url, 2.0)
        with pytest.raises(RegistryUnavailable):
            registry.check_person("AZE10000001", "7AZ1B2C")
        with pytest.raises(RegistryUnavailable):
            registry.check_proofs("AZE10000001", "7AZ1B2C", PROOFS)


def test_a_slow_registry_times_out() -> None:
    def slow(*_: object) -> tuple[int, bytes]:
        time.sleep(1.0)
        return 200, b'{"match": true}'

    with registry_server(slow) as (url, _):
        started = time.monotonic()
        with pytest.raises(RegistryUnavailable):
            HttpIdentityRegistry(url, 0.2).check_person("AZE10000001", "7AZ1B2C")
        assert time.monotonic() - started < 0.9


def test_a_registry_that_is_not_there() -> None:
    with registry_server(truthful) as (url, _):
        pass  # closed again: nothing listens on the port now
    with pytest.raises(RegistryUnavailable):
        HttpIdentityRegistry(url, 1.0).check_person("AZE10000001", "7AZ1B2C")
