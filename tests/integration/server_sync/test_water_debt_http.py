"""The water agency's HTTP adapter against a real server on loopback
(docs/agency-adapter.md): the answer, an unknown subscriber, the agency down, a
timeout, a body without the fields; each is told apart and none waits long."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from server_sync.services.water_debt import HttpWaterDebt, WaterDebtUnavailable


class Agency(BaseHTTPRequestHandler):
    mode: ClassVar[str] = "ok"
    seen: ClassVar[list[tuple[str, str]]] = []

    def do_GET(self) -> None:
        Agency.seen.append((self.path, self.headers.get("Authorization", "")))
        if Agency.mode == "slow":
            time.sleep(2)
        if (
            "/v1/subscribers/1002003001/debt?type=household" not in self.path
            or Agency.mode == "404"
        ):
            self._answer(404, {"error": "unknown subscriber"})
            return
        if Agency.mode == "500":
            self._answer(500, {"error": "down"})
            return
        if Agency.mode == "garbled":
            self._answer(200, {"debt": "?"})
            return
        self._answer(
            200,
            {
                "debt_azn": "23.40",
                "meter_number": "SU-558210",
                "last_reading": "1287",
                "read_on": "2026-11-15",
            },
        )

    def _answer(self, status: int, body: dict[str, str]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        try:
            self.end_headers()
            self.wfile.write(data)
        except BrokenPipeError:  # the slow case: the adapter gave up, as it should
            pass

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def agency() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Agency)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Agency.mode, Agency.seen = "ok", []
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_the_answer_with_the_token(agency: str) -> None:
    debt = HttpWaterDebt(agency, 1.0, "t0ken").debt("1002003001", "household")
    assert debt.debt_azn == Decimal("23.40")
    assert debt.meter_number == "SU-558210"
    assert debt.read_on.isoformat() == "2026-11-15"
    assert Agency.seen[0][1] == "Bearer t0ken"


@pytest.mark.parametrize(
    ("mode", "reason"),
    [("404", "unknown_subscriber"), ("500", "agency_down"), ("garbled", "agency_down")],
)
def test_failures_are_told_apart(agency: str, mode: str, reason: str) -> None:
    Agency.mode = mode
    with pytest.raises(WaterDebtUnavailable) as caught:
        HttpWaterDebt(agency, 1.0).debt("1002003001", "household")
    assert caught.value.reason == reason


def test_a_slow_agency_is_a_timeout_within_the_limit(agency: str) -> None:
    Agency.mode = "slow"
    started = time.monotonic()
    with pytest.raises(WaterDebtUnavailable) as caught:
        HttpWaterDebt(agency, 0.3).debt("1002003001", "household")
    assert caught.value.reason == "agency_timeout"
    assert time.monotonic() - started < 1.5


def test_nobody_listening_is_agency_down() -> None:
    probe = socket.socket()
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    with pytest.raises(WaterDebtUnavailable) as caught:
        HttpWaterDebt(f"http://127.0.0.1:{port}", 0.5).debt("1002003001", "household")
    assert caught.value.reason == "agency_down"
